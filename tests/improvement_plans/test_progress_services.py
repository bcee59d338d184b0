"""The progress reports' services: scheduling per quarter, filling in with optimistic locking, submitting with a
snapshot, and the education expert's assessment. Refused calls say why in Dutch and change nothing."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from improvement_plans.constants import EventKind
from improvement_plans.models import GoalProgressComment, ProgressReport
from improvement_plans.selectors.progress import latest_goal_progress, report_state
from improvement_plans.services import plan_approve, plan_new_version, plan_submit
from improvement_plans.services import progress as services
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.factories import SchoolBoardFactory, UserFactory
from tests.improvement_plans.factories_progress import (
    EXECUTION_START,
    complete_answers,
    executing_trajectory,
    fill_in,
    pdf,
    scheduled,
    submit,
)

pytestmark = pytest.mark.django_db

IN_QUARTER_3 = datetime.date(2009, 7, 20)  # execution started on 5 January 2009


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


# Scheduling


def test_every_quarter_that_has_started_gets_its_report_with_a_line_per_goal_and_measure():
    executing = executing_trajectory()
    assert services.schedule_progress_reports(IN_QUARTER_3) == 3
    reports = list(executing.trajectory.progress_reports.order_by("quarter"))
    assert [report.quarter for report in reports] == [1, 2, 3]
    first = reports[0]
    assert (first.period_start, first.period_end) == (EXECUTION_START, datetime.date(2009, 4, 4))
    assert first.due_on == datetime.date(2009, 4, 18)
    assert first.plan == executing.plan
    assert first.goal_lines.count() == 2 and first.measure_lines.count() == 2


def test_scheduling_twice_creates_nothing_more():
    executing = executing_trajectory()
    services.schedule_progress_reports(IN_QUARTER_3)
    assert services.schedule_progress_reports(IN_QUARTER_3) == 0
    assert services.schedule_progress_reports(IN_QUARTER_3, trajectory=executing.trajectory) == 0
    assert executing.trajectory.progress_reports.count() == 3


def test_quarters_nine_to_twelve_only_with_a_third_year():
    executing = executing_trajectory()
    three_years_on = datetime.date(2011, 12, 1)
    services.schedule_progress_reports(three_years_on)
    assert executing.trajectory.progress_reports.count() == 8
    executing.trajectory.execution_years = 3
    executing.trajectory.save()
    assert services.schedule_progress_reports(three_years_on) == 4
    assert max(executing.trajectory.progress_reports.values_list("quarter", flat=True)) == 12


@pytest.mark.parametrize("phase", ["borging", "afgesloten", "teruggetrokken"])
def test_a_completed_closed_or_withdrawn_trajectory_gets_no_new_reports(phase):
    executing = executing_trajectory()
    executing.trajectory.phase = phase
    if phase != "borging":
        executing.trajectory.ended_on = datetime.date(2009, 6, 1)
    executing.trajectory.save()
    assert services.schedule_progress_reports(IN_QUARTER_3) == 0
    assert not ProgressReport.objects.exists()


def test_an_empty_report_follows_a_newer_approved_plan_and_a_started_one_keeps_its_version():
    executing = scheduled(datetime.date(2009, 4, 10))
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    fill_in(executing.board_user, executing.report(1))
    new = plan_new_version(user=staff, trajectory=executing.trajectory, reason="Audit")
    new.goals.first().delete()
    plan_submit(user=staff, plan=new, expected_version=new.version)
    plan_approve(user=UserFactory(role=Role.EXPERT_GROUP), plan=new)
    services.schedule_progress_reports(datetime.date(2009, 4, 10))
    started, empty = executing.report(1), executing.report(2)
    assert started.plan == executing.plan and started.goal_lines.count() == 2
    assert empty.plan == new and empty.goal_lines.count() == 1


def test_due_and_overdue_follow_the_clock():
    executing = scheduled(datetime.date(2009, 4, 10))
    report = executing.report(1)
    with time_machine.travel(datetime.datetime(2009, 4, 18, 12, 0), tick=False):
        assert report_state(report)[0] == "due" and not report.is_overdue
        assert not ProgressReport.objects.overdue().exists()
    with time_machine.travel(datetime.datetime(2009, 4, 19, 12, 0), tick=False):
        assert report_state(report)[0] == "overdue" and report.is_overdue
        assert list(ProgressReport.objects.overdue()) == [report]


# Who may do what


def _actors(executing):
    other_board_user = UserFactory(role=Role.SCHOOL_BOARD, school_board=SchoolBoardFactory())
    return {
        "staff": (UserFactory(role=Role.PROGRAMME_STAFF), True, True, False),
        "board": (executing.board_user, True, True, False),
        "director": (executing.director, True, False, False),
        "assigned expert": (executing.expert, False, False, True),
        "unassigned expert": (UserFactory(role=Role.EDUCATION_EXPERT), False, False, False),
        "financial expert": (UserFactory(role=Role.FINANCIAL_EXPERT), False, False, False),
        "expert group": (UserFactory(role=Role.EXPERT_GROUP), False, False, False),
        "inspection": (UserFactory(role=Role.INSPECTION), False, False, False),
        "municipality": (UserFactory(role=Role.MUNICIPALITY), False, False, False),
        "other board": (other_board_user, False, False, False),
    }


@pytest.mark.parametrize(
    "actor",
    [
        "staff",
        "board",
        "director",
        "assigned expert",
        "unassigned expert",
        "financial expert",
        "expert group",
        "inspection",
        "municipality",
        "other board",
    ],
)
def test_role_by_service(actor):
    executing = scheduled(datetime.date(2009, 4, 10), director=True)
    user, may_fill_in, may_submit, may_assess = _actors(executing)[actor]
    report = executing.report(1)
    if may_fill_in:
        fill_in(user, report)
        report.refresh_from_db()
        assert report.summary == "Het kwartaal verliep volgens plan."
    else:
        with pytest.raises(PermissionDenied):
            fill_in(user, report)
        fill_in(executing.board_user, report)
    if may_submit:
        submit(user, report)
    else:
        with pytest.raises(PermissionDenied):
            submit(user, report)
        submit(executing.board_user, report)
    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED
    if may_assess:
        services.progress_report_assess(user=user, report=report)
        report.refresh_from_db()
        assert report.status == SubmissionStatus.APPROVED
    else:
        for call in (
            lambda: services.progress_report_assess(user=user, report=report),
            lambda: services.progress_report_return(user=user, report=report, comments="Nee."),
        ):
            with pytest.raises(PermissionDenied):
                call()
        report.refresh_from_db()
        assert report.status == SubmissionStatus.SUBMITTED


# Filling in


def test_a_save_based_on_an_older_version_is_refused_and_changes_nothing():
    executing = scheduled(datetime.date(2009, 4, 10))
    report = executing.report(1)
    stale = complete_answers(report)
    fill_in(executing.board_user, report, summary="Eerste versie.")
    with pytest.raises(ValidationError) as refusal:
        services.progress_report_update(
            user=executing.board_user, report=report, **(stale | {"summary": "Tweede versie."})
        )
    assert "Iemand anders heeft deze voortgangsrapportage opgeslagen" in message(refusal.value)
    report.refresh_from_db()
    assert report.summary == "Eerste versie."


def test_an_unknown_status_is_refused_beside_its_field():
    executing = scheduled(datetime.date(2009, 4, 10))
    report = executing.report(1)
    answers = complete_answers(report)
    goal_id = next(iter(answers["goal_lines"]))
    answers["goal_lines"][goal_id]["status"] = "prima"
    with pytest.raises(ValidationError) as refusal:
        services.progress_report_update(user=executing.board_user, report=report, **answers)
    assert refusal.value.message_dict == {f"goal_{goal_id}_status": ["Kies hoe het doel ervoor staat."]}
    assert not report.goal_lines.exclude(status="").exists()


def test_a_line_of_another_report_is_refused():
    executing = scheduled(datetime.date(2009, 4, 10))
    other = scheduled(datetime.date(2009, 4, 10))
    answers = complete_answers(executing.report(1))
    answers["goal_lines"] = complete_answers(other.report(1))["goal_lines"]
    with pytest.raises(PermissionDenied):
        services.progress_report_update(user=executing.board_user, report=executing.report(1), **answers)


def test_a_document_is_removed_only_by_who_added_it_and_only_while_the_report_may_change():
    executing = scheduled(datetime.date(2009, 4, 10), director=True)
    report = executing.report(1)
    document = services.progress_document_add(user=executing.director, report=report, file=pdf())
    with pytest.raises(ValidationError) as refusal:
        services.progress_document_remove(user=executing.board_user, document=document)
    assert message(refusal.value) == "Alleen wie dit document heeft toegevoegd, kan het verwijderen."
    fill_in(executing.board_user, report)
    submit(executing.board_user, report)
    with pytest.raises(ValidationError) as refusal:
        services.progress_document_remove(user=executing.director, document=document)
    assert "kan niet worden gewijzigd" in message(refusal.value)
    assert report.documents.count() == 1


# Submitting and assessing


def test_an_incomplete_report_cannot_be_submitted():
    executing = scheduled(datetime.date(2009, 4, 10))
    report = executing.report(1)
    answers = complete_answers(report, summary="")
    goal_id = next(iter(answers["goal_lines"]))
    answers["goal_lines"][goal_id] |= {"status": "achter", "explanation": ""}
    services.progress_report_update(user=executing.board_user, report=report, **answers)
    with pytest.raises(ValidationError) as refusal:
        submit(executing.board_user, report)
    text = message(refusal.value)
    assert text.startswith("De voortgangsrapportage is nog niet compleet.")
    assert "de samenvatting van het kwartaal" in text
    assert "een toelichting waarom doel 1 achter op schema is" in text
    report.refresh_from_db()
    assert report.status == SubmissionStatus.DRAFT and not report.reviews.exists()


def test_returned_with_comments_revised_and_assessed_keeps_every_version_readable():
    executing = scheduled(datetime.date(2009, 4, 10))
    report = executing.report(1)
    fill_in(executing.board_user, report, summary="Eerste versie.")
    submit(executing.board_user, report)
    goal = report.goal_lines.first().goal
    with pytest.raises(ValidationError) as refusal:
        services.progress_report_return(user=executing.expert, report=report, comments=" ")
    assert "Schrijf op wat er moet veranderen" in message(refusal.value)
    services.progress_report_return(
        user=executing.expert,
        report=report,
        comments="Licht de cijfers toe.",
        goal_comments={goal.pk: "De waarde klopt niet met de toets."},
    )
    report.refresh_from_db()
    assert report.status == SubmissionStatus.RETURNED
    assert GoalProgressComment.objects.get().text == "De waarde klopt niet met de toets."
    fill_in(executing.board_user, report, summary="Herziene versie.")
    submit(executing.board_user, report)
    services.progress_report_assess(user=executing.expert, report=report)
    report.refresh_from_db()
    assert report.status == SubmissionStatus.APPROVED
    first, second = report.reviews.order_by("submitted_at", "pk")
    assert first.snapshot["summary"] == "Eerste versie." and first.comments == "Licht de cijfers toe."
    assert second.snapshot["summary"] == "Herziene versie." and second.decision == "goedgekeurd"
    kinds = list(executing.trajectory.events.values_list("kind", flat=True))
    assert kinds.count(EventKind.PROGRESS_SUBMITTED) == 2
    assert EventKind.PROGRESS_RETURNED in kinds and EventKind.PROGRESS_ASSESSED in kinds


def test_a_decided_report_cannot_be_decided_again():
    executing = scheduled(datetime.date(2009, 4, 10))
    report = executing.report(1)
    fill_in(executing.board_user, report)
    submit(executing.board_user, report)
    services.progress_report_assess(user=executing.expert, report=report)
    with pytest.raises(ValidationError) as refusal:
        services.progress_report_return(user=executing.expert, report=report, comments="Toch niet.")
    assert message(refusal.value) == "Er is geen ingediende voortgangsrapportage om te beoordelen."
    with pytest.raises(ValidationError):
        fill_in(executing.board_user, report)


def test_the_goals_latest_status_comes_from_the_newest_submitted_report():
    executing = scheduled(datetime.date(2009, 7, 10))
    for quarter, value in ((1, Decimal("58")), (2, Decimal("63.5"))):
        report = executing.report(quarter)
        answers = complete_answers(report)
        for line in answers["goal_lines"].values():
            line["current_value"] = value
        services.progress_report_update(user=executing.board_user, report=report, **answers)
        submit(executing.board_user, report)
    fill_in(executing.board_user, executing.report(3))  # a draft does not count yet
    standings = latest_goal_progress(executing.trajectory, list(executing.plan.goals.order_by("order")))
    assert [standing.value for standing in standings] == [Decimal("63.5"), Decimal("63.5")]
    assert standings[0].line.report.quarter == 2
