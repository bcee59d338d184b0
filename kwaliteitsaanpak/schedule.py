"""The periodic jobs, declared in this one place, and their loader into django-celery-beat's tables.

Beat runs with django-celery-beat's DatabaseScheduler (settings.CELERY_BEAT_SCHEDULER): it reads the schedule from
the database, where staff see and change it in /beheer/ (Periodic tasks). `load_periodic_tasks` adds an entry below
that is missing there, after every `migrate` (the post_migrate hook in `kwaliteitsaanpak.core.apps`). It is
add-only: an entry that exists (by name) is left as staff set it, also when it was disabled or given another time.
To stop a job for good, disable it in /beheer/ rather than delete it: a deleted entry comes back after the next
`migrate`. (settings.CELERY_BEAT_SCHEDULE stays empty on purpose: beat writes those entries over the database's
rows every time it starts.)

Every job is idempotent, so running one twice, or once more by hand, creates and sends nothing twice. The jobs that
create records run early in the morning; the reminders run after them, so that what was created tonight is known.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError

# Every job's task retries when the database is restarting or unreachable for a moment: a few times, waiting longer
# each time (30 s, 60 s, ... at most 10 minutes). Other errors fail the run loudly; the next day's run tries again.
RETRY_ON_TRANSIENT_ERRORS: dict[str, Any] = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # the name staff see in /beheer/; the key that makes the loader add-only
    task: str  # the Celery task's registered name
    hour: int
    minute: int
    description: str


PERIODIC_TASKS: tuple[PeriodicJob, ...] = (
    # Every day: the progress report of each quarter of execution that has started, for every trajectory in
    # execution (quarters 9–12 once an audit extended it by a third year).
    PeriodicJob(
        name="Voortgangsrapportages aanmaken",
        task="improvement_plans.tasks.create_progress_reports",
        hour=6,
        minute=0,
        description="Maakt elke dag de voortgangsrapportage aan van elk begonnen kwartaal van de uitvoering.",
    ),
    # Every day: the next quarterly expert visit of every trajectory in execution stays planned.
    PeriodicJob(
        name="Schoolbezoeken plannen",
        task="audits.tasks.plan_expert_visits",
        hour=6,
        minute=10,
        description="Plant elke dag het volgende schoolbezoek van de onderwijsexpert bij elk traject in uitvoering.",
    ),
    # Every day: the audit after each year of execution (and after a third year) is planned.
    PeriodicJob(
        name="Audits plannen",
        task="audits.tasks.plan_audits",
        hour=6,
        minute=20,
        description="Plant elke dag de audits na elk jaar van de uitvoering.",
    ),
    # Every day: after each test moment (February, July) the Inspectie's review of the interim results is created.
    PeriodicJob(
        name="Beoordelingen tussenopbrengsten aanmaken",
        task="audits.tasks.create_inspection_reviews",
        hour=6,
        minute=30,
        description="Maakt na elk toetsmoment de beoordeling van de tussenopbrengsten door de Inspectie aan.",
    ),
    # Every day at 07:00, after the jobs above: the reminders by e-mail, each sent once.
    PeriodicJob(
        name="Herinneringen versturen",
        task="kwaliteitsaanpak.core.tasks.send_reminders",
        hour=7,
        minute=0,
        description="Verstuurt elke ochtend de herinneringen per e-mail; elke herinnering gaat één keer uit.",
    ),
)


def job_date(value: str | None) -> datetime.date | None:
    """The day a job runs as: an ISO date given to the task (to catch up a missed day by hand), or None (today).
    A task's arguments travel as JSON, hence a string."""
    return datetime.date.fromisoformat(value) if value else None


def load_periodic_tasks(apps: Any = None, using: str = "default") -> list[str]:
    """Add each job of PERIODIC_TASKS that django-celery-beat's tables do not have yet (by name), daily at its time
    in the programme's time zone. Returns the names added. `apps` is the app registry of a migration or of
    post_migrate (the real one when None)."""
    if apps is None:
        from django.apps import apps
    periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab_schedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    existing = set(periodic_task.objects.using(using).values_list("name", flat=True))
    added = []
    for job in PERIODIC_TASKS:
        if job.name in existing:
            continue
        crontab, _ = crontab_schedule.objects.using(using).get_or_create(
            minute=str(job.minute),
            hour=str(job.hour),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        periodic_task.objects.using(using).create(
            name=job.name, task=job.task, crontab=crontab, description=job.description, enabled=True
        )
        added.append(job.name)
    if added:
        _schedule_changed(apps, using)
    return added


def _schedule_changed(apps: Any, using: str) -> None:
    """Tell a running beat to read the schedule again (what PeriodicTask.save does through a signal, which the
    historical models of post_migrate do not send)."""
    periodic_tasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    from django.utils import timezone

    periodic_tasks.objects.using(using).update_or_create(ident=1, defaults={"last_update": timezone.now()})
