"""Sustaining (borging): after its trajectory completed execution a school stays on the monitor until its round's
last follow-up year; a new (very) weak verdict or a falling indicator is flagged to programme staff, on the school
monitor, in their tasks and once by e-mail."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from improvement_plans.constants import EventKind, FinalTest, Phase
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.my_tasks import tasks_for
from kwaliteitsaanpak.core.reminders import send_due_reminders
from monitoring.borging import FlagKind, sustaining_flags
from monitoring.constants import Indicator
from schools.constants import Verdict
from tests.factories import (
    InspectionVerdictFactory,
    ProgrammeRoundFactory,
    TrajectoryEventFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.monitoring.factories_indicators import IndicatorValueFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)
STARTED = datetime.date(2023, 9, 1)  # sustaining started in school year 2023–2024


def programme_round(*, exception_year: int = 2024, follow_up_years: int = 2):
    """A round followed until `exception_year + follow_up_years` (2026 by default: still followed today)."""
    return ProgrammeRoundFactory(
        target_year=exception_year - 1,
        exception_year=exception_year,
        follow_up_years=follow_up_years,
    )


def in_sustaining(
    *, started: datetime.date = STARTED, phase: str = Phase.SUSTAINING, event: bool = True, **fields
):
    """A trajectory whose execution (two years) completed, in sustaining since `started`."""
    fields.setdefault("programme_round", programme_round())
    trajectory = TrajectoryFactory(
        phase=phase,
        registered_on=datetime.date(2020, 9, 1),
        execution_started_on=datetime.date(2021, 8, 30),
        ended_on=TODAY if phase == Phase.CLOSED else None,
        **fields,
    )
    if event:
        TrajectoryEventFactory(
            trajectory=trajectory,
            kind=EventKind.SUSTAINING_STARTED,
            created_at=timezone.make_aware(datetime.datetime.combine(started, datetime.time(10))),
        )
    return trajectory


def verdict(school, day: datetime.date, kind: str = Verdict.WEAK):
    return InspectionVerdictFactory(school=school, date=day, verdict=kind)


def value(school, school_year: int, number: str, *, indicator=Indicator.FINAL_TEST, test=FinalTest.CITO):
    return IndicatorValueFactory(
        school=school,
        school_year=school_year,
        indicator=indicator,
        final_test=test if indicator == Indicator.FINAL_TEST else "",
        value=Decimal(number),
    )


def test_a_weak_verdict_after_sustaining_started_is_flagged_and_one_before_is_not():
    trajectory = in_sustaining()
    school = trajectory.school
    verdict(school, datetime.date(2023, 3, 1))  # before sustaining: the reason it took part
    verdict(school, datetime.date(2024, 6, 3), Verdict.SUFFICIENT)
    later = verdict(school, datetime.date(2025, 5, 12), Verdict.VERY_WEAK)

    (flag,) = sustaining_flags()

    assert (flag.school, flag.trajectory, flag.kind) == (school, trajectory, FlagKind.WEAK_VERDICT)
    assert flag.since == later.date
    assert (
        flag.detail
        == "Op 12 mei 2025 als zeer zwak beoordeeld, na de start van de borging op 1 september 2023."
    )
    assert flag.url == f"/monitor/scholen/{school.pk}/"


def test_follow_up_years_are_counted_from_the_round():
    short = in_sustaining(programme_round=programme_round(exception_year=2023, follow_up_years=1))
    verdict(short.school, datetime.date(2024, 11, 1))  # within 2023 + 1
    verdict(short.school, datetime.date(2025, 2, 1))  # after the follow-up years: no longer on the monitor
    assert [flag.since for flag in sustaining_flags()] == [datetime.date(2024, 11, 1)]

    short.programme_round.follow_up_years = 2
    short.programme_round.save()
    assert [flag.since for flag in sustaining_flags()] == [
        datetime.date(2024, 11, 1),
        datetime.date(2025, 2, 1),
    ]


def test_a_falling_final_test_on_the_same_test_is_flagged():
    school = in_sustaining().school
    value(school, 2022, "536.0")
    value(school, 2023, "531.0")  # fell on the CITO scale, in the school year sustaining started

    (flag,) = sustaining_flags()

    assert flag.kind == FlagKind.FALLING_INDICATOR
    assert flag.detail == (
        "Het eindtoetsresultaat (Cito-eindtoets) daalde van 536,0 in 2022–2023 naar 531,0 in 2023–2024."
    )
    assert flag.since == datetime.date(2024, 7, 31)


def test_a_change_of_test_is_never_a_fall_and_a_rise_is_no_flag():
    school = in_sustaining().school
    value(school, 2023, "536.0")
    value(school, 2024, "76.0", test=FinalTest.IEP)  # another scale: not lower than 536
    value(school, 2025, "79.5", test=FinalTest.IEP)  # higher on the same test
    assert sustaining_flags() == []


def test_a_rising_lwoo_percentage_is_flagged_a_falling_one_is_not():
    school = in_sustaining().school
    value(school, 2023, "20.0", indicator=Indicator.LWOO)
    value(school, 2024, "17.5", indicator=Indicator.LWOO)  # lower is better: no flag
    value(school, 2025, "19.0", indicator=Indicator.LWOO)

    (flag,) = sustaining_flags()

    assert flag.detail == "Het LWOO-percentage steeg van 17,5% in 2024–2025 naar 19,0% in 2025–2026."


def test_a_fall_before_sustaining_is_no_flag():
    school = in_sustaining().school
    value(school, 2021, "536.0")
    value(school, 2022, "531.0")  # school year 2022–2023, before sustaining started in September 2023
    assert sustaining_flags() == []


def test_only_trajectories_that_completed_execution_are_followed():
    ended = in_sustaining(phase=Phase.CLOSED)
    executing = TrajectoryFactory(phase=Phase.EXECUTION, execution_started_on=datetime.date(2024, 1, 8))
    for school in (ended.school, executing.school):
        verdict(school, datetime.date(2025, 3, 1))
    assert [flag.trajectory for flag in sustaining_flags()] == [ended]


def test_without_the_event_sustaining_starts_after_executions_planned_end():
    trajectory = in_sustaining(event=False)  # execution from 30 August 2021, two years: until 29 August 2023
    verdict(trajectory.school, datetime.date(2023, 8, 29))
    verdict(trajectory.school, datetime.date(2023, 8, 31))
    assert [flag.since for flag in sustaining_flags()] == [datetime.date(2023, 8, 31)]


def test_flags_are_filtered_by_school_and_round_and_current_follow_up():
    current = in_sustaining()
    past = in_sustaining(programme_round=programme_round(exception_year=2022, follow_up_years=2))
    verdict(current.school, datetime.date(2024, 2, 1))
    verdict(past.school, datetime.date(2024, 2, 1))

    assert {flag.school for flag in sustaining_flags()} == {current.school, past.school}
    assert [flag.school for flag in sustaining_flags(schools=[past.school])] == [past.school]
    assert [flag.school for flag in sustaining_flags(programme_round=past.programme_round)] == [past.school]
    assert [flag.school for flag in sustaining_flags(current_only=True, today=TODAY)] == [current.school]


def test_the_flags_take_three_queries_whatever_the_number_of_schools(django_assert_num_queries):
    for _ in range(5):
        school = in_sustaining().school
        verdict(school, datetime.date(2024, 2, 1))
        value(school, 2023, "536.0")
        value(school, 2024, "530.0")
    with django_assert_num_queries(3):
        assert len(sustaining_flags()) == 10


def test_staff_find_current_flags_in_their_tasks():
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    current = in_sustaining()
    verdict(current.school, datetime.date(2026, 3, 1))
    past = in_sustaining(programme_round=programme_round(exception_year=2022, follow_up_years=2))
    verdict(past.school, datetime.date(2024, 2, 1))

    tasks = [task for task in tasks_for(staff, TODAY) if task.kind == "sustaining"]

    assert [(task.school, task.url) for task in tasks] == [
        (current.school.name, f"/monitor/scholen/{current.school.pk}/")
    ]
    assert tasks[0].what.startswith("Nieuw (zeer) zwak oordeel tijdens de borging: Op 1 maart 2026")
    board_user = UserFactory(role=Role.SCHOOL_BOARD, school_board=current.school.board)
    assert [task for task in tasks_for(board_user, TODAY) if task.kind == "sustaining"] == []


def test_staff_get_one_email_per_flag():
    staff = UserFactory(role=Role.PROGRAMME_STAFF, email="sanne@kwaliteitsaanpak.example")
    UserFactory(role=Role.EXPERT_GROUP, email="greet@kwaliteitsaanpak.example")
    trajectory = in_sustaining()
    verdict(trajectory.school, datetime.date(2026, 3, 1))

    send_due_reminders(TODAY)
    send_due_reminders(TODAY)
    value(trajectory.school, 2024, "21.0", indicator=Indicator.LWOO)
    value(trajectory.school, 2025, "23.0", indicator=Indicator.LWOO)
    send_due_reminders(TODAY + datetime.timedelta(days=1))

    sent = [message for message in mail.outbox if "in de borging" in message.subject]
    assert [message.to for message in sent] == [[staff.email], [staff.email]]
    assert sent[0].subject == (
        f"Kwaliteitsaanpak: {trajectory.school.name} in de borging: nieuw (zeer) zwak oordeel tijdens de borging"
    )
    assert "Op 1 maart 2026 als zwak beoordeeld" in sent[0].body
    assert f"/monitor/scholen/{trajectory.school.pk}/" in sent[0].body
    assert "Het LWOO-percentage steeg van 21,0% in 2024–2025 naar 23,0% in 2025–2026." in sent[1].body


def test_the_school_monitor_shows_the_flags(client):
    trajectory = in_sustaining()
    verdict(trajectory.school, datetime.date(2026, 3, 1))
    client.force_login(UserFactory(role=Role.MUNICIPALITY))
    content = client.get(f"/monitor/scholen/{trajectory.school.pk}/").content.decode()
    assert 'data-testid="sustaining-flags"' in content
    assert "Op 1 maart 2026 als zwak beoordeeld, na de start van de borging op 1 september 2023." in content
    assert "In borging sinds" in content and "Gevolgd op de monitor tot en met" in content


def test_the_demo_has_a_school_in_sustaining_with_a_later_weak_verdict_and_a_rising_lwoo(demo, client):
    flags = [flag for flag in sustaining_flags() if flag.trajectory.phase == Phase.SUSTAINING]
    kinds = {(flag.school, flag.kind) for flag in flags}
    flagged = {school for school, kind in kinds if kind == FlagKind.WEAK_VERDICT}
    assert flagged, "a school of the first round judged weak again during sustaining"
    (school,) = flagged
    assert (school, FlagKind.FALLING_INDICATOR) in kinds
    # Judged sufficient again after it: its current verdict, and so the counts of weak schools, did not change.
    assert school.inspection_verdicts.order_by("-date").first().verdict == Verdict.SUFFICIENT
    client.force_login(demo["users"][Role.MUNICIPALITY])
    content = client.get(f"/monitor/scholen/{school.pk}/").content.decode()
    assert "als zwak beoordeeld, na de start van de borging" in content
    assert "Het LWOO-percentage steeg" in content


def test_the_monitor_of_a_school_in_sustaining_lists_no_quarters_that_will_never_be_reported(client):
    trajectory = in_sustaining()
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    content = client.get(f"/monitor/scholen/{trajectory.school.pk}/").content.decode()
    assert "Nog niet gestart" not in content
    assert "Er zijn nog geen voortgangsrapportages" in content
