"""The finance services of issue 5 in each budget status and trajectory phase.

The budget's statuses: lines only on a draft or returned budget, submit with lines and with the plan, approve a
submitted budget of an approved plan with the board's waiver, return with comments, one pending review, optimistic
locking. The phases: budgets in the plan and execution phase, spending in the execution and sustaining phase.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from finance import services
from finance.constants import Commitment, Quarter
from finance.models import BudgetReview
from improvement_plans import services as plan_services
from improvement_plans.constants import Phase
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus
from tests.actors import BOARD, EXPERT_GROUP, FINANCIAL_EXPERT, STAFF
from tests.factories import ImprovementPlanFactory, SchoolFactory
from tests.finance.budgets import (
    BUDGET_STATUSES,
    EDITABLE_STATUSES,
    add_amounts,
    add_line,
    approve_budget,
    approve_plan,
    budget_in,
    fresh_budget,
    record_quarter,
    return_budget,
    start_budget,
    submit_budget,
)
from tests.finance.service_calls import (
    call_approve,
    call_document,
    call_grant,
    call_line_add,
    call_line_change,
    call_line_remove,
    call_return,
    call_submit,
)
from tests.finance.worlds import RETURN_COMMENT, WAIVED_ON, changed_or_refused, refused
from tests.improvement_plans.plans import new_plan
from tests.improvement_plans.plans import submit as submit_plan
from tests.improvement_plans.worlds import phase_message, trajectory_in
from tests.refusals import field_messages, messages_of

# The budget's statuses: what each service does in each of them

LINE_SERVICES = {
    "budget_line_save_add": call_line_add,
    "budget_line_save_change": call_line_change,
    "budget_line_remove": call_line_remove,
    "budget_submit": call_submit,
}
JUDGING_SERVICES = {"budget_approve": call_approve, "budget_return": call_return}


def frozen_message(status: str) -> str:
    return f"Deze begroting is {SubmissionStatus(status).label.lower()} en kan niet worden gewijzigd."


@pytest.mark.parametrize("status", BUDGET_STATUSES)
@pytest.mark.parametrize("name", LINE_SERVICES)
def test_lines_change_and_the_budget_is_submitted_only_while_it_is_draft_or_returned(world, name, status):
    budget = budget_in(world, status)
    context = SimpleNamespace(
        budget=budget, line=budget.lines.order_by("id").first(), trajectory=budget.trajectory
    )
    call = lambda: LINE_SERVICES[name](world, context, world[FINANCIAL_EXPERT])  # noqa: E731
    error = changed_or_refused(status in EDITABLE_STATUSES, call)
    if error is not None:
        assert messages_of(error) == [frozen_message(budget.status)]


@pytest.mark.parametrize("status", BUDGET_STATUSES)
@pytest.mark.parametrize("name", JUDGING_SERVICES)
def test_only_a_submitted_budget_is_judged(world, name, status):
    budget = budget_in(world, status)
    context = SimpleNamespace(budget=budget)
    call = lambda: JUDGING_SERVICES[name](world, context, world[EXPERT_GROUP])  # noqa: E731
    if status == "submitted":
        call()
        assert fresh_budget(budget).status != SubmissionStatus.SUBMITTED
    else:
        error = refused(call)
        assert messages_of(error) == ["Er is geen ingediende begroting om te beoordelen."]


@pytest.mark.parametrize("status", BUDGET_STATUSES)
def test_a_grant_decision_is_recorded_for_the_approved_budget_only(world, status):
    budget = budget_in(world, status)
    call = lambda: call_grant(world, SimpleNamespace(budget=budget), world[STAFF])  # noqa: E731
    if status == "approved":
        assert call().budget == budget
    else:
        error = refused(call)
        assert messages_of(error) == [
            "Een beschikking wordt alleen vastgelegd voor de goedgekeurde begroting."
        ]


def test_a_budget_without_lines_cannot_be_submitted(world):
    plan = submit_plan(world, new_plan(world))
    budget = start_budget(world, plan)
    error = refused(lambda: submit_budget(world, budget))
    assert messages_of(error) == ["De begroting heeft nog geen regels: voeg ten minste één bedrag toe."]


@pytest.mark.parametrize("plan_status", ["draft", "returned"])
def test_a_budget_is_submitted_with_or_after_its_plan(world, plan_status):
    plan = new_plan(world)
    budget = start_budget(world, plan)
    add_line(world, budget)
    if plan_status == "returned":
        plan_services.plan_return(
            user=world[EXPERT_GROUP], plan=submit_plan(world, plan), comments="Maak de doelen concreter."
        )
    error = refused(lambda: submit_budget(world, budget))
    assert messages_of(error) == [
        "De begroting wordt ingediend met het plan: versie 1 van het verbeterplan moet eerst worden ingediend."
    ]


def test_an_empty_budget_of_an_unsubmitted_plan_is_told_both(world):
    budget = start_budget(world, new_plan(world))
    error = refused(lambda: submit_budget(world, budget))
    assert messages_of(error) == [
        "De begroting heeft nog geen regels: voeg ten minste één bedrag toe. "
        "De begroting wordt ingediend met het plan: versie 1 van het verbeterplan moet eerst worden ingediend."
    ]


@pytest.mark.parametrize("plan_status", ["submitted", "approved"])
def test_a_budget_is_submitted_with_a_submitted_or_approved_plan(world, plan_status):
    budget = budget_in(world, "draft")
    if plan_status == "approved":
        approve_plan(world, budget.plan)
    assert submit_budget(world, budget).status == SubmissionStatus.SUBMITTED


def test_the_budget_of_a_plan_that_is_not_approved_is_not_approved(world):
    budget = budget_in(world, "submitted", plan_approved=False)
    error = refused(lambda: approve_budget(world, budget))
    assert messages_of(error) == [
        "De gemeente financiert alleen mee aan een goedgekeurd plan: keur eerst versie 1 van het verbeterplan "
        "goed, of stuur de begroting terug."
    ]
    # It can be returned, though.
    assert return_budget(world, budget).status == SubmissionStatus.RETURNED


def test_approval_commits_the_municipal_share_and_records_the_waiver(world):
    budget = budget_in(world, "submitted")
    assert budget.commitment == Commitment.PLANNED
    approved = approve_budget(world, budget, comments="  Akkoord.  ")
    assert (approved.status, approved.commitment, approved.equalisation_waived_on) == (
        SubmissionStatus.APPROVED,
        Commitment.COMMITTED,
        WAIVED_ON,
    )
    assert timezone.now() - approved.approved_at < datetime.timedelta(minutes=1)
    assert approved.reviews.get().comments == "Akkoord."
    assert not approved.is_editable


@pytest.mark.parametrize("when", ["registration_day", "today"])
def test_the_waiver_may_be_dated_on_the_registration_day_or_today(world, when):
    waived_on = datetime.date(2008, 9, 1) if when == "registration_day" else timezone.localdate()
    budget = budget_in(world, "submitted")
    assert approve_budget(world, budget, equalisation_waived_on=waived_on).equalisation_waived_on == waived_on


@pytest.mark.parametrize(
    ("arguments", "field", "message"),
    [
        (
            {"waiver_confirmed": False},
            "waiver_confirmed",
            "Bevestig dat het schoolbestuur afstand heeft gedaan van zijn aanspraken op financiële "
            "gelijkstelling; het akkoord vraagt dat.",
        ),
        (
            {"equalisation_waived_on": None},
            "equalisation_waived_on",
            "Vul de datum in waarop het bestuur afstand heeft gedaan van zijn aanspraken.",
        ),
        (
            {"equalisation_waived_on": datetime.date(2008, 8, 31)},
            "equalisation_waived_on",
            "De afstandsverklaring kan niet van vóór de aanmelding op 1 september 2008 zijn.",
        ),
        ({"equalisation_waived_on": "tomorrow"}, "equalisation_waived_on", "Deze datum ligt in de toekomst."),
    ],
    ids=["not_confirmed", "no_date", "before_registration", "in_the_future"],
)
def test_approval_needs_the_confirmed_and_dated_waiver(world, arguments, field, message):
    if arguments.get("equalisation_waived_on") == "tomorrow":
        arguments = {"equalisation_waived_on": timezone.localdate() + datetime.timedelta(days=1)}
    budget = budget_in(world, "submitted")
    error = refused(lambda: approve_budget(world, budget, **arguments))
    assert field_messages(error, field) == [message]
    assert fresh_budget(budget).commitment == Commitment.PLANNED


def test_without_waiver_and_date_both_fields_are_named(world):
    budget = budget_in(world, "submitted")
    error = refused(
        lambda: approve_budget(world, budget, waiver_confirmed=False, equalisation_waived_on=None)
    )
    assert set(error.message_dict) == {"waiver_confirmed", "equalisation_waived_on"}


@pytest.mark.parametrize("comments", ["", "   \n "])
def test_returning_needs_comments(world, comments):
    budget = budget_in(world, "submitted")
    error = refused(lambda: return_budget(world, budget, comments=comments))
    assert field_messages(error, "comments") == [
        "Schrijf op wat er moet veranderen voordat de begroting kan worden goedgekeurd."
    ]


def test_a_returned_budget_is_changed_and_submitted_again_with_one_pending_review(world):
    budget = budget_in(world, "returned")
    assert budget.is_editable
    add_amounts(world, budget, "2000.00", "1000.00", "1000.00", school_year=2009)
    budget = submit_budget(world, budget, user=world[STAFF])
    assert budget.status == SubmissionStatus.SUBMITTED
    # The earlier submission and its comments stay; only the new one is pending.
    reviews = BudgetReview.objects.filter(budget=budget).order_by("submitted_at", "id")
    assert [(review.decision, review.comments, review.submitted_by) for review in reviews] == [
        (ReviewDecision.RETURNED, RETURN_COMMENT, world[FINANCIAL_EXPERT]),
        ("", "", world[STAFF]),
    ]
    approved = approve_budget(world, budget)
    assert [review.decision for review in approved.reviews.order_by("submitted_at", "id")] == [
        ReviewDecision.RETURNED,
        ReviewDecision.APPROVED,
    ]


def test_submitting_a_stale_version_is_refused(world):
    budget = budget_in(world, "draft")
    seen = budget.version  # the page the financial expert opened
    add_line(world, budget, user=world[STAFF], school_year=2009)  # staff adds a line meanwhile
    error = refused(
        lambda: services.budget_submit(user=world[FINANCIAL_EXPERT], budget=budget, expected_version=seen)
    )
    [message] = messages_of(error)
    assert message.startswith("Iemand anders heeft deze begroting opgeslagen terwijl u eraan werkte (")
    assert message.endswith("Er is niets ingediend: bekijk de nieuwste versie en dien die opnieuw in.")
    assert submit_budget(world, budget).status == SubmissionStatus.SUBMITTED


def test_every_change_moves_the_edit_version_on(world):
    budget = budget_in(world, "draft")
    versions = [budget.version]
    line = add_line(world, budget, school_year=2009)
    versions.append(fresh_budget(budget).version)
    add_line(world, budget, line=line, school_year=2009, description="Verlengd")
    versions.append(fresh_budget(budget).version)
    services.budget_line_remove(user=world[FINANCIAL_EXPERT], line=line)
    versions.append(fresh_budget(budget).version)
    assert versions == [versions[0] + step for step in range(4)]


def test_a_line_removed_meanwhile_is_not_brought_back(world):
    """The expert opened the line to change it; a colleague removed it before the expert saved."""
    budget = budget_in(world, "draft")
    opened = budget.lines.get()
    services.budget_line_remove(user=world[STAFF], line=budget.lines.get())
    error = refused(lambda: add_line(world, budget, line=opened, description="Verlengd"))
    assert messages_of(error) == [
        "Iemand anders heeft deze begrotingsregel verwijderd terwijl u eraan werkte. Uw wijzigingen zijn niet "
        "opgeslagen. Uw invoer staat hieronder nog: neem over wat u wilt houden en sla opnieuw op."
    ]
    assert not budget.lines.exists()


def test_a_line_of_another_budget_cannot_be_changed_through_this_one(world):
    budget = budget_in(world, "draft")
    other = budget_in(world, "draft", school=SchoolFactory(board=world.board))
    refused(lambda: add_line(world, budget, line=other.lines.get()), PermissionDenied)


# Phases: budgets in the plan and execution phase, spending in the execution and sustaining phase


def test_budget_services_refuse_an_ended_trajectory(world):
    budget = budget_in(world, "draft")
    plan_services.trajectory_withdraw(
        user=world[STAFF], trajectory=budget.trajectory, reason="De school sluit na de zomer."
    )
    message = phase_message(Phase.WITHDRAWN)
    for call in (
        lambda: add_line(world, budget, school_year=2009),
        lambda: services.budget_line_remove(user=world[FINANCIAL_EXPERT], line=budget.lines.get()),
        lambda: submit_budget(world, budget),
    ):
        assert messages_of(refused(call)) == [message]


def test_a_budget_cannot_be_started_before_the_plan_phase(world):
    trajectory = trajectory_in(world, "analysis_complete")
    plan = ImprovementPlanFactory(trajectory=trajectory, created_by=world[BOARD])
    error = refused(lambda: services.budget_create(user=world[FINANCIAL_EXPERT], plan=plan))
    assert messages_of(error) == [phase_message(Phase.ANALYSIS)]


def test_spending_is_recorded_only_from_the_execution_phase(world):
    budget = budget_in(world, "draft")
    error = refused(lambda: record_quarter(world, budget))
    assert messages_of(error) == [phase_message(Phase.PLAN)]


def test_spending_and_documents_are_refused_after_the_trajectory_ended(world):
    budget = budget_in(world, "approved")
    realisation = record_quarter(world, budget)
    plan_services.trajectory_withdraw(
        user=world[STAFF], trajectory=budget.trajectory, reason="De school sluit na de zomer."
    )
    context = SimpleNamespace(realisation=realisation)
    for call in (
        lambda: record_quarter(world, budget, quarter=Quarter(2009, 2)),
        lambda: call_document(world, context, world[BOARD]),
    ):
        assert messages_of(refused(call)) == [phase_message(Phase.WITHDRAWN)]


def test_spending_is_recorded_in_the_sustaining_phase(world):
    budget = budget_in(world, "approved")
    Trajectory.objects.filter(pk=budget.trajectory_id).update(phase=Phase.SUSTAINING)
    assert record_quarter(world, budget, user=world[BOARD]).entries.count() == 1
