"""Reminders to the expert group when an analysis, a plan, a budget or an audit waits for its decision (once per
submission); which reminders a user gets (for the profile page); two runs at once; the daily task; and a fixed
number of queries to find what is due, whatever the number of reminders."""

import datetime
import smtplib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kwaliteitsaanpak.accounts.models import SentReminder
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.celery import app
from kwaliteitsaanpak.core import reminders
from kwaliteitsaanpak.core.reminders import due_reminders, reminder_kinds_for, send_due_reminders
from kwaliteitsaanpak.core.tasks import send_reminders
from tests.concurrency import at_once
from tests.factories import (
    AnalysisReviewFactory,
    BudgetReviewFactory,
    PlanReviewFactory,
    SchoolFactory,
    UserFactory,
)

from .factories_execution import (
    AuditFactory,
    AuditReviewFactory,
    ProgressReportFactory,
    ProgressReportReviewFactory,
    executing_trajectory,
)
from .test_reminders import TODAY, on, recipients

pytestmark = pytest.mark.django_db


@pytest.fixture
def retries_at_once():
    """In the test process a retry runs at once (on a worker, 15 minutes later), when errors do not propagate."""
    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved


@pytest.fixture
def expert_group():
    return [UserFactory(role=Role.EXPERT_GROUP), UserFactory(role=Role.EXPERT_GROUP)]


def test_each_submission_waiting_for_the_expert_group_is_reminded_once(expert_group, mailoutbox):
    analysis = AnalysisReviewFactory(analysis__trajectory__school__name="OBS De Boomgaard")
    PlanReviewFactory(plan__trajectory__school__name="De Kleine Wereld")
    BudgetReviewFactory(budget__plan__trajectory__school__name="De Pijlstaart")
    executing = executing_trajectory(started_on=datetime.date(2025, 9, 1), name="Het Palet")
    AuditReviewFactory(
        audit=AuditFactory(trajectory=executing.trajectory, planned_on=TODAY, status="ingediend")
    )
    education_expert = UserFactory(role=Role.EDUCATION_EXPERT)

    with on(TODAY):
        send_due_reminders()
    with on(TODAY + datetime.timedelta(days=1)):
        send_due_reminders()

    assert recipients(mailoutbox) == {member.email for member in expert_group}
    assert education_expert.email not in recipients(mailoutbox)
    subjects = sorted({message.subject for message in mailoutbox})
    assert subjects == [
        "Kwaliteitsaanpak: Audit na jaar 1 van Het Palet wacht op uw besluit",
        "Kwaliteitsaanpak: De kwaliteitsanalyse van OBS De Boomgaard wacht op uw besluit",
        "Kwaliteitsaanpak: Versie 1 van de begroting van De Pijlstaart wacht op uw besluit",
        "Kwaliteitsaanpak: Versie 1 van het verbeterplan van De Kleine Wereld wacht op uw besluit",
    ]
    assert len(mailoutbox) == 8
    about_analysis = next(message for message in mailoutbox if "kwaliteitsanalyse" in message.subject)
    assert "De kwaliteitsanalyse van OBS De Boomgaard is op" in about_analysis.body
    assert f"/trajecten/{analysis.analysis.trajectory_id}/analyse/beoordelen/" in about_analysis.body


def test_a_submitted_progress_report_is_reminded_once_to_the_trajectorys_experts(mailoutbox):
    executing = executing_trajectory(started_on=datetime.date(2026, 9, 1), name="Het Palet")
    report = ProgressReportFactory(trajectory=executing.trajectory, due_on=TODAY, status="ingediend")
    ProgressReportReviewFactory(progress_report=report, submitted_by=executing.board_user)
    UserFactory(role=Role.EDUCATION_EXPERT)  # not assigned to this trajectory

    with on(TODAY):
        send_due_reminders()
        send_due_reminders()

    assert [message.to for message in mailoutbox] == [[executing.expert.email]]
    assert mailoutbox[0].subject == (
        "Kwaliteitsaanpak: De voortgangsrapportage van kwartaal 1 van Het Palet wacht op uw beoordeling"
    )
    assert f"/trajecten/{executing.trajectory.pk}/voortgang/1/beoordelen/" in mailoutbox[0].body


def test_a_second_submission_after_a_return_is_reminded_again(expert_group, mailoutbox):
    first = PlanReviewFactory(plan__trajectory__school__name="De Kleine Wereld")
    with on(TODAY):
        send_due_reminders()
    first.decision, first.decided_by, first.comments = "teruggestuurd", expert_group[0], "Maak doel 2 SMART."
    first.decided_at = first.submitted_at
    first.save()
    with on(TODAY + datetime.timedelta(days=1)):
        assert send_due_reminders().sent == 0  # decided: nothing waits
    PlanReviewFactory(plan=first.plan)

    with on(TODAY + datetime.timedelta(days=8)):
        assert send_due_reminders().sent == 2

    assert len(mailoutbox) == 4


def test_a_decided_submission_or_an_ended_trajectory_is_not_reminded(expert_group, mailoutbox):
    member = expert_group[0]
    AnalysisReviewFactory(decision="goedgekeurd", decided_by=member)
    withdrawn = PlanReviewFactory()
    withdrawn.plan.trajectory.phase, withdrawn.plan.trajectory.ended_on = "teruggetrokken", TODAY
    withdrawn.plan.trajectory.save()

    with on(TODAY):
        assert send_due_reminders().sent == 0


# The profile page


@pytest.mark.parametrize(
    ("role", "labels"),
    [
        (
            Role.SCHOOL_BOARD,
            [
                "Voortgangsrapportage binnenkort in te dienen",
                "Voortgangsrapportage te laat",
                "Afgesproken actie te laat",
            ],
        ),
        (
            Role.SCHOOL_DIRECTOR,
            [
                "Voortgangsrapportage binnenkort in te dienen",
                "Voortgangsrapportage te laat",
                "Schoolbezoek morgen",
                "Audit morgen",
                "Afgesproken actie te laat",
            ],
        ),
        (
            Role.EDUCATION_EXPERT,
            [
                "Voortgangsrapportage ingediend",
                "Schoolbezoek morgen",
                "Audit morgen",
                "Afgesproken actie te laat",
            ],
        ),
        (
            Role.EXPERT_GROUP,
            [
                "Kwaliteitsanalyse ingediend",
                "Verbeterplan ingediend",
                "Begroting ingediend",
                "Audit morgen",
                "Audit ingediend",
            ],
        ),
        (Role.FINANCIAL_EXPERT, []),
        (Role.INSPECTION, []),
        (Role.MUNICIPALITY, []),
    ],
)
def test_a_user_sees_which_reminders_they_get(role, labels):
    user = UserFactory(role=role, **({"school": SchoolFactory()} if role == Role.SCHOOL_DIRECTOR else {}))

    kinds = reminder_kinds_for(user)

    assert [str(label) for label, _description in kinds] == labels
    assert all(str(description) for _label, description in kinds)


def test_the_descriptions_are_dutch():
    user = UserFactory(role=Role.SCHOOL_BOARD)
    from django.utils import translation

    with translation.override("nl"):
        assert str(reminder_kinds_for(user)[0][1]) == (
            "Een week voordat een voortgangsrapportage van uw school moet zijn ingediend, zolang die nog niet is "
            "ingediend."
        )


def test_an_inactive_user_or_one_without_an_address_gets_no_reminders():
    assert reminder_kinds_for(UserFactory(role=Role.EXPERT_GROUP, is_active=False)) == []
    assert reminder_kinds_for(UserFactory(role=Role.EXPERT_GROUP, email="")) == []


# Runs, queries and the task


def test_finding_what_is_due_takes_the_same_queries_for_one_or_many_reminders(django_assert_num_queries):
    executing = executing_trajectory(started_on=datetime.date(2026, 9, 1))
    ProgressReportFactory(trajectory=executing.trajectory, due_on=TODAY)
    AnalysisReviewFactory()
    UserFactory(role=Role.EXPERT_GROUP)
    with on(TODAY), CaptureQueriesContext(connection) as few:
        assert len(due_reminders(TODAY)) == 3

    for _ in range(3):
        more = executing_trajectory(started_on=datetime.date(2026, 9, 1))
        ProgressReportFactory(trajectory=more.trajectory, due_on=TODAY)
        AnalysisReviewFactory()
        UserFactory(role=Role.EXPERT_GROUP)

    with on(TODAY), django_assert_num_queries(len(few)):
        assert len(due_reminders(TODAY)) == 4 * 2 + 4 * 4


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(mailoutbox):
    executing = executing_trajectory(started_on=datetime.date(2026, 9, 1))
    ProgressReportFactory(trajectory=executing.trajectory, due_on=TODAY)
    for _ in range(3):
        UserFactory(role=Role.EXPERT_GROUP)
    AnalysisReviewFactory()

    with on(TODAY):
        outcomes = at_once(send_due_reminders, send_due_reminders)

    assert [error for _run, error in outcomes] == [None, None]
    runs = [run for run, _error in outcomes]
    assert sum(run.sent for run in runs) == 5
    assert sorted((message.to[0], message.subject) for message in mailoutbox) == sorted(
        {(message.to[0], message.subject) for message in mailoutbox}
    )
    assert len(mailoutbox) == 5
    assert SentReminder.objects.count() == 5


def test_the_daily_task_sends_and_reports_the_counts(mailoutbox):
    AnalysisReviewFactory()
    UserFactory(role=Role.EXPERT_GROUP)

    with on(TODAY):
        first = send_reminders.delay().get()
        second = send_reminders.delay().get()

    assert first == {"sent": 1, "already_sent": 0, "failed": 0}
    assert second == {"sent": 0, "already_sent": 1, "failed": 0}
    assert len(mailoutbox) == 1


def test_the_daily_task_tries_again_when_the_mail_server_refused(mailoutbox, monkeypatch, retries_at_once):
    AnalysisReviewFactory()
    member = UserFactory(role=Role.EXPERT_GROUP)
    real_send_mail = reminders.send_mail
    attempts = []

    def down_twice(*args, **kwargs):
        attempts.append(args)
        if len(attempts) <= 2:
            raise smtplib.SMTPConnectError(421, "Service not available")
        return real_send_mail(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_mail", down_twice)

    with on(TODAY):
        result = send_reminders.apply().get()

    assert result == {"sent": 1, "already_sent": 0, "failed": 0}
    assert len(attempts) == 3
    assert recipients(mailoutbox) == {member.email}


def test_the_daily_task_gives_up_after_three_retries_and_leaves_the_reminder_for_tomorrow(
    mailoutbox, monkeypatch, retries_at_once
):
    AnalysisReviewFactory()
    UserFactory(role=Role.EXPERT_GROUP)

    def down(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "Service not available")

    monkeypatch.setattr(reminders, "send_mail", down)
    with on(TODAY):
        result = send_reminders.apply().get()

    assert result == {"sent": 0, "already_sent": 0, "failed": 1}
    assert not SentReminder.objects.exists()
    assert mailoutbox == []
