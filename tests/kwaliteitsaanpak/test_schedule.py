"""The periodic schedule: declared in one place, in django-celery-beat's tables after `migrate` (where staff see and
change it in /beheer/), add-only, read by beat's database scheduler, and every job is a registered task."""

import pytest
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.celery import app
from kwaliteitsaanpak.schedule import PERIODIC_TASKS, job_date, load_periodic_tasks
from tests.factories import UserFactory

from .test_reminders import TODAY, on

pytestmark = pytest.mark.django_db

NAMES = [job.name for job in PERIODIC_TASKS]


def test_the_schedule_has_the_five_daily_jobs_with_reminders_last():
    assert [(job.task, job.hour, job.minute) for job in PERIODIC_TASKS] == [
        ("improvement_plans.tasks.create_progress_reports", 6, 0),
        ("audits.tasks.plan_expert_visits", 6, 10),
        ("audits.tasks.plan_audits", 6, 20),
        ("audits.tasks.create_inspection_reviews", 6, 30),
        ("kwaliteitsaanpak.core.tasks.send_reminders", 7, 0),
    ]
    assert len(set(NAMES)) == len(NAMES)


def test_every_job_is_a_registered_task_that_acks_late_and_has_time_limits():
    app.loader.import_default_modules()
    for job in PERIODIC_TASKS:
        task = app.tasks[job.task]
        assert task.acks_late, job.task
        assert task.soft_time_limit and task.time_limit > task.soft_time_limit, job.task
        assert task.autoretry_for, job.task


def test_migrate_put_every_job_in_beats_tables_daily_in_amsterdam_time():
    tasks = {task.name: task for task in PeriodicTask.objects.select_related("crontab")}

    for job in PERIODIC_TASKS:
        task = tasks[job.name]
        assert task.task == job.task
        assert task.enabled
        assert task.description == job.description
        crontab = task.crontab
        assert (
            crontab.minute,
            crontab.hour,
            crontab.day_of_week,
            crontab.day_of_month,
            crontab.month_of_year,
        ) == (
            str(job.minute),
            str(job.hour),
            "*",
            "*",
            "*",
        )
        assert str(crontab.timezone) == "Europe/Amsterdam"


def test_loading_again_adds_nothing():
    tasks, crontabs = PeriodicTask.objects.count(), CrontabSchedule.objects.count()

    assert load_periodic_tasks() == []

    assert (PeriodicTask.objects.count(), CrontabSchedule.objects.count()) == (tasks, crontabs)


def test_a_job_staff_changed_or_disabled_is_left_as_they_set_it():
    reminders = PeriodicTask.objects.get(name="Herinneringen versturen")
    reminders.crontab = CrontabSchedule.objects.create(minute="30", hour="8", timezone="Europe/Amsterdam")
    reminders.save()
    PeriodicTask.objects.filter(name="Audits plannen").update(enabled=False)

    load_periodic_tasks()

    reminders.refresh_from_db()
    assert (reminders.crontab.hour, reminders.crontab.minute) == ("8", "30")
    assert PeriodicTask.objects.get(name="Audits plannen").enabled is False


@pytest.mark.django_db(transaction=True)  # the scheduler closes the database connection
def test_beat_starting_does_not_overwrite_staffs_changes():
    PeriodicTask.objects.filter(name="Schoolbezoeken plannen").update(enabled=False)

    scheduler = DatabaseScheduler(app=app)  # what `celery beat` does on start (setup_schedule)

    assert PeriodicTask.objects.get(name="Schoolbezoeken plannen").enabled is False
    # Beat reads the jobs of the hours around now: at 07:00 those of 06:00 and 07:00.
    with on(TODAY):
        schedule = scheduler.all_as_schedule()
    assert set(NAMES) - {"Schoolbezoeken plannen"} <= set(schedule)
    assert "Schoolbezoeken plannen" not in schedule
    reminders = schedule["Herinneringen versturen"]
    assert reminders.task == "kwaliteitsaanpak.core.tasks.send_reminders"
    assert reminders.schedule.hour == {7} and reminders.schedule.minute == {0}


def test_a_deleted_job_comes_back_after_the_next_migrate():
    PeriodicTask.objects.filter(name="Audits plannen").delete()

    assert load_periodic_tasks() == ["Audits plannen"]
    assert PeriodicTask.objects.get(name="Audits plannen").task == "audits.tasks.plan_audits"


def test_programme_staff_see_the_schedule_in_beheer(client):
    staff = UserFactory(role=Role.PROGRAMME_STAFF, is_staff=True)
    client.force_login(staff)

    response = client.get(reverse("admin:django_celery_beat_periodictask_changelist"))

    assert response.status_code == 200
    for name in NAMES:
        assert name in response.text
    assert response.request["PATH_INFO"].startswith("/beheer/")


def test_a_job_can_be_run_as_on_another_day():
    assert job_date(None) is None
    assert str(job_date("2027-02-01")) == "2027-02-01"
