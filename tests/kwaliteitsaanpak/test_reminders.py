"""Reminders by e-mail before and after a progress report's due date, the day before a visit or an audit, and when
an agreed action is overdue: with a frozen clock, each goes out once, in Dutch, with a link to the page, and only
to people still involved."""

import datetime
import smtplib
import zoneinfo

import pytest
import time_machine
from django.core import mail

from kwaliteitsaanpak.accounts.models import SentReminder
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core import reminders
from kwaliteitsaanpak.core.reminders import send_due_reminders
from tests.factories import SchoolFactory, UserFactory

from .factories_execution import (
    AuditFactory,
    ExpertVisitFactory,
    ProgressReportFactory,
    StagnationActionFactory,
    executing_trajectory,
)

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
TODAY = datetime.date(2027, 3, 10)
STARTED = datetime.date(2026, 9, 1)


def on(day: datetime.date, hour: int = 7):
    """The clock frozen at `hour` o'clock in Amsterdam on `day` (the reminders run at 07:00)."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), tzinfo=AMSTERDAM), tick=False
    )


def recipients(outbox) -> set[str]:
    return {address for message in outbox for address in message.to}


@pytest.fixture
def executing():
    return executing_trajectory(started_on=STARTED, name="Basisschool 't Kofschip")


# Progress reports


def test_a_week_before_the_due_date_the_board_and_director_are_reminded_once(executing, mailoutbox):
    report = ProgressReportFactory(trajectory=executing.trajectory, due_on=TODAY + datetime.timedelta(days=7))

    with on(TODAY):
        run = send_due_reminders()

    assert run.sent == 2
    assert recipients(mailoutbox) == {executing.board_user.email, executing.director.email}
    message = mailoutbox[0]
    assert message.subject == (
        "Kwaliteitsaanpak: De voortgangsrapportage van kwartaal 1 van Basisschool 't Kofschip moet binnenkort "
        "worden ingediend"
    )
    assert "17 maart 2027" in message.body
    assert "Basisschool 't Kofschip" in message.body  # plain text: no HTML escaping
    assert f"http://127.0.0.1:8000{report.get_absolute_url()}" in message.body
    to_director = next(message for message in mailoutbox if message.to == [executing.director.email])
    assert to_director.body.startswith("Beste Dirk,\n")

    with on(TODAY):
        again = send_due_reminders()
    with on(TODAY + datetime.timedelta(days=3)):
        later = send_due_reminders()

    assert (again.sent, again.already_sent) == (0, 2)
    assert later.sent == 0
    assert len(mailoutbox) == 2
    assert SentReminder.objects.filter(key=f"progress-report:{report.pk}:due").count() == 2


def test_no_reminder_eight_days_before_or_for_a_submitted_report(executing, mailoutbox):
    ProgressReportFactory(trajectory=executing.trajectory, due_on=TODAY + datetime.timedelta(days=8))
    ProgressReportFactory(
        trajectory=executing.trajectory,
        quarter=2,
        status="ingediend",
        due_on=TODAY + datetime.timedelta(days=3),
    )

    with on(TODAY):
        assert send_due_reminders().sent == 0

    assert mailoutbox == []


def test_an_overdue_report_is_reminded_once_the_day_after_its_due_date(executing, mailoutbox, settings):
    settings.SITE_URL = "https://kwaliteitsaanpak.amsterdam.nl"
    report = ProgressReportFactory(trajectory=executing.trajectory, due_on=TODAY, status="teruggestuurd")

    with on(TODAY):
        send_due_reminders()  # due today: the "due soon" reminder, not yet overdue
    assert [message.subject for message in mailoutbox][0].endswith("moet binnenkort worden ingediend")
    mailoutbox.clear()

    with on(TODAY + datetime.timedelta(days=1)):
        send_due_reminders()
    with on(TODAY + datetime.timedelta(days=2)):
        send_due_reminders()

    assert len(mailoutbox) == 2
    assert mailoutbox[0].subject.endswith("is te laat")
    assert "17 maart" not in mailoutbox[0].body and "10 maart 2027" in mailoutbox[0].body
    assert f"https://kwaliteitsaanpak.amsterdam.nl{report.get_absolute_url()}" in mailoutbox[0].body


def test_nothing_to_people_no_longer_involved(executing, mailoutbox):
    ProgressReportFactory(trajectory=executing.trajectory, due_on=TODAY - datetime.timedelta(days=1))
    other_school = SchoolFactory()
    UserFactory(role=Role.SCHOOL_BOARD)  # another board
    UserFactory(role=Role.SCHOOL_DIRECTOR, school=other_school)
    executing.board_user.school_board = other_school.board  # moved to another board
    executing.board_user.save()
    executing.director.is_active = False  # left the school
    executing.director.save()
    staff = UserFactory(role=Role.PROGRAMME_STAFF, is_superuser=True)

    with on(TODAY):
        assert send_due_reminders().sent == 0

    assert mailoutbox == []
    assert not SentReminder.objects.filter(user=staff).exists()


@pytest.mark.parametrize("phase", ["teruggetrokken", "borging"])
def test_an_ended_or_completed_trajectory_reminds_about_nothing(executing, mailoutbox, phase):
    ProgressReportFactory(trajectory=executing.trajectory, due_on=TODAY - datetime.timedelta(days=1))
    ExpertVisitFactory(trajectory=executing.trajectory, planned_on=TODAY + datetime.timedelta(days=1))
    executing.trajectory.phase = phase
    executing.trajectory.ended_on = TODAY - datetime.timedelta(days=2) if phase == "teruggetrokken" else None
    executing.trajectory.save()

    with on(TODAY):
        assert send_due_reminders().sent == 0

    assert mailoutbox == []


# Visits, audits and actions


def test_the_day_before_a_visit_the_expert_and_the_director_are_reminded(executing, mailoutbox):
    second_expert = UserFactory(role=Role.EDUCATION_EXPERT)
    executing.trajectory.education_experts.add(second_expert)
    visit = ExpertVisitFactory(
        trajectory=executing.trajectory,
        planned_on=TODAY + datetime.timedelta(days=1),
        expert=executing.expert,
    )

    with on(TODAY - datetime.timedelta(days=1)):
        assert send_due_reminders().sent == 0  # two days before: nothing yet
    with on(TODAY):
        send_due_reminders()
        send_due_reminders()

    assert recipients(mailoutbox) == {executing.expert.email, executing.director.email}
    assert len(mailoutbox) == 2
    assert mailoutbox[0].subject == "Kwaliteitsaanpak: Morgen: schoolbezoek aan Basisschool 't Kofschip"
    assert "donderdag 11 maart 2027" in mailoutbox[0].body
    assert f"http://127.0.0.1:8000{visit.get_absolute_url()}" in mailoutbox[0].body


def test_a_visit_moved_to_another_day_is_reminded_again_and_a_removed_expert_is_not(executing, mailoutbox):
    second_expert = UserFactory(role=Role.EDUCATION_EXPERT)
    executing.trajectory.education_experts.add(second_expert)
    visit = ExpertVisitFactory(
        trajectory=executing.trajectory,
        planned_on=TODAY + datetime.timedelta(days=1),
        expert=executing.expert,
    )
    with on(TODAY):
        send_due_reminders()
    mailoutbox.clear()

    visit.planned_on = TODAY + datetime.timedelta(days=8)
    visit.save()
    executing.trajectory.education_experts.remove(executing.expert)  # the visit's expert left the trajectory
    with on(TODAY + datetime.timedelta(days=7)):
        send_due_reminders()

    assert recipients(mailoutbox) == {second_expert.email, executing.director.email}


def test_a_missed_day_before_is_caught_up_on_the_day_itself(executing, mailoutbox):
    ExpertVisitFactory(trajectory=executing.trajectory, planned_on=TODAY, expert=executing.expert)

    with on(TODAY):
        send_due_reminders()

    assert mailoutbox[0].subject == "Kwaliteitsaanpak: Vandaag: schoolbezoek aan Basisschool 't Kofschip"
    with on(TODAY + datetime.timedelta(days=1)):
        assert send_due_reminders().sent == 0  # the visit has passed


def test_a_done_or_cancelled_visit_is_not_reminded(executing, mailoutbox):
    ExpertVisitFactory(
        trajectory=executing.trajectory,
        planned_on=TODAY + datetime.timedelta(days=1),
        status="geannuleerd",
    )

    with on(TODAY):
        assert send_due_reminders().sent == 0


def test_the_day_before_an_audit_the_experts_the_expert_group_and_the_director_are_reminded(
    executing, mailoutbox
):
    member = UserFactory(role=Role.EXPERT_GROUP)
    AuditFactory(trajectory=executing.trajectory, planned_on=TODAY + datetime.timedelta(days=1))
    AuditFactory(
        trajectory=executing.trajectory,
        kind="jaar_2",
        planned_on=TODAY + datetime.timedelta(days=1),
        held_on=TODAY - datetime.timedelta(days=1),  # held early: nothing to remind
    )

    with on(TODAY):
        send_due_reminders()
        send_due_reminders()

    assert recipients(mailoutbox) == {executing.expert.email, member.email, executing.director.email}
    assert len(mailoutbox) == 3
    assert mailoutbox[0].subject == "Kwaliteitsaanpak: Morgen: audit van Basisschool 't Kofschip"
    assert (
        "Audit na jaar 1 van Basisschool 't Kofschip is gepland op donderdag 11 maart 2027."
        in mailoutbox[0].body
    )


def test_an_overdue_action_is_reminded_once_to_experts_board_and_director(executing, mailoutbox):
    action = StagnationActionFactory(
        trajectory=executing.trajectory, due_on=TODAY - datetime.timedelta(days=1)
    )
    StagnationActionFactory(  # due today: not yet overdue
        trajectory=executing.trajectory, due_on=TODAY, description="De IB'er bespreekt de toetsuitslagen."
    )

    with on(TODAY):
        send_due_reminders()
    with on(TODAY + datetime.timedelta(days=5)):
        send_due_reminders()

    first_day = [message for message in mailoutbox if action.description in message.body]
    assert recipients(first_day) == {
        executing.expert.email,
        executing.board_user.email,
        executing.director.email,
    }
    assert len(first_day) == 3
    assert len(mailoutbox) == 6  # and the second action, once, when it became overdue
    assert (
        first_day[0].subject
        == "Kwaliteitsaanpak: Een afgesproken actie van Basisschool 't Kofschip is te laat"
    )
    assert "Wie doet het: Rekencoördinator." in first_day[0].body
    assert f"http://127.0.0.1:8000{action.visit.get_absolute_url()}" in first_day[0].body


def test_a_closed_action_is_not_reminded(executing, mailoutbox):
    StagnationActionFactory(
        trajectory=executing.trajectory,
        due_on=TODAY - datetime.timedelta(days=1),
        closed_on=TODAY - datetime.timedelta(days=1),
        closed_by=executing.expert,
    )

    with on(TODAY):
        assert send_due_reminders().sent == 0


# Sending


def test_a_reminder_that_cannot_be_sent_is_not_recorded_and_goes_out_on_the_next_run(
    executing, mailoutbox, monkeypatch
):
    ProgressReportFactory(trajectory=executing.trajectory, due_on=TODAY + datetime.timedelta(days=2))
    real_send_mail = reminders.send_mail
    calls = []

    def refuse_the_first(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real_send_mail(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_mail", refuse_the_first)

    with on(TODAY):
        first = send_due_reminders()
    assert (first.sent, first.failed) == (1, 1)
    assert SentReminder.objects.count() == 1
    assert len(mailoutbox) == 1

    with on(TODAY + datetime.timedelta(days=1)):
        second = send_due_reminders()
    assert (second.sent, second.already_sent) == (1, 1)
    assert recipients(mailoutbox) == {executing.board_user.email, executing.director.email}
    assert len(mailoutbox) == 2


def test_a_user_without_an_e_mail_address_gets_nothing(executing, mailoutbox):
    ProgressReportFactory(trajectory=executing.trajectory, due_on=TODAY + datetime.timedelta(days=2))
    type(executing.director).objects.filter(pk=executing.director.pk).update(email="")

    with on(TODAY):
        send_due_reminders()

    assert recipients(mailoutbox) == {executing.board_user.email}
    assert len(mail.outbox) == 1
