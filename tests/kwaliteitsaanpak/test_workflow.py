"""The review workflow kernel (`kwaliteitsaanpak.core.workflow`) and the step registry (`core.steps`): the rules every
step shares, proven once here on the analysis, the plan and the budget."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from finance.constants import BudgetEventKind
from improvement_plans import services
from improvement_plans.constants import EventKind, Phase
from improvement_plans.models import Analysis, AnalysisReview, Goal, ImprovementPlan, Measure, TrajectoryEvent
from improvement_plans.services import plan as plan_services
from improvement_plans.services.plan import (
    GOAL_SET_ON_A_COPY,
    MEASURE_SET_ON_A_COPY,
    PLAN_SET_ON_A_NEW_VERSION,
)
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core import steps, workflow
from kwaliteitsaanpak.core.models import copied_fields
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus
from tests.factories import (
    AnalysisFactory,
    AnalysisReviewFactory,
    BudgetFactory,
    GoalFactory,
    ImprovementPlanFactory,
    MeasureFactory,
    TrajectoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def test_a_decided_review_is_never_decided_again_even_from_an_object_read_before_the_decision():
    review = AnalysisReviewFactory()
    read_before = AnalysisReview.objects.get(pk=review.pk)
    expert_group = UserFactory(role=Role.EXPERT_GROUP)
    workflow.decide(review, decision=ReviewDecision.APPROVED, user=expert_group, comments="Goed.")

    with pytest.raises(ValidationError) as refused:
        workflow.decide(
            read_before, decision=ReviewDecision.RETURNED, user=expert_group, comments="Toch niet."
        )

    assert refused.value.messages == ["De expertgroep heeft al over deze indiening besloten."]
    stored = AnalysisReview.objects.get(pk=review.pk)
    assert (stored.decision, stored.comments) == (ReviewDecision.APPROVED, "Goed.")


def test_a_save_on_an_older_version_is_refused_in_the_records_own_words():
    analysis = AnalysisFactory()
    plan = ImprovementPlanFactory()
    budget = BudgetFactory()
    for record, words in (
        (analysis, "Iemand anders heeft deze analyse opgeslagen"),
        (plan, "Iemand anders heeft dit plan opgeslagen"),
        (budget, "Iemand anders heeft deze begroting opgeslagen"),
    ):
        with pytest.raises(ValidationError) as refused:
            workflow.bump_version(record, record.version - 1)
        assert refused.value.messages[0].startswith(words)

    version = analysis.version
    workflow.bump_version(analysis, version)
    assert analysis.version == version + 1


def test_submit_approve_and_return_move_status_version_and_reviews():
    analysis = AnalysisFactory(answered=True)
    board, expert_group = UserFactory(role=Role.SCHOOL_BOARD), UserFactory(role=Role.EXPERT_GROUP)

    review = workflow.submit(analysis, user=board, expected_version=analysis.version)
    assert (analysis.status, review.submitted_by, review.decision) == (SubmissionStatus.SUBMITTED, board, "")
    assert not analysis.is_editable

    workflow.return_with_comments(analysis, review=review, user=expert_group, comments="  Meer bewijs.  ")
    analysis.refresh_from_db()
    assert analysis.status == SubmissionStatus.RETURNED and analysis.is_editable
    assert AnalysisReview.objects.get(pk=review.pk).comments == "Meer bewijs."

    second = workflow.submit(analysis, user=board, expected_version=analysis.version)
    workflow.approve(analysis, review=second, user=expert_group)
    analysis.refresh_from_db()
    assert analysis.is_approved and analysis.approved_at is not None
    assert list(analysis.reviews.values_list("decision", flat=True)) == [
        ReviewDecision.APPROVED,
        ReviewDecision.RETURNED,
    ]


def test_there_is_nothing_to_judge_until_a_record_is_submitted():
    analysis = AnalysisFactory()

    with pytest.raises(ValidationError) as refused:
        workflow.pending_review(analysis, "Er is geen ingediende analyse om te beoordelen.")

    assert refused.value.messages == ["Er is geen ingediende analyse om te beoordelen."]


def test_approving_supersedes_the_earlier_approved_version_only():
    first = ImprovementPlanFactory(status=SubmissionStatus.APPROVED)
    second = ImprovementPlanFactory(trajectory=first.trajectory, number=2, status=SubmissionStatus.SUBMITTED)
    review = second.reviews.create(submitted_by=UserFactory())
    other_school = ImprovementPlanFactory(status=SubmissionStatus.APPROVED)

    workflow.approve(
        second,
        review=review,
        user=UserFactory(role=Role.EXPERT_GROUP),
        supersedes=first.trajectory.plans.all(),
    )

    assert ImprovementPlan.objects.get(pk=first.pk).status == SubmissionStatus.SUPERSEDED
    assert ImprovementPlan.objects.get(pk=second.pk).status == SubmissionStatus.APPROVED
    assert ImprovementPlan.objects.get(pk=other_school.pk).status == SubmissionStatus.APPROVED


@pytest.mark.parametrize(
    ("model", "excluded"),
    [
        (ImprovementPlan, PLAN_SET_ON_A_NEW_VERSION),
        (Goal, GOAL_SET_ON_A_COPY),
        (Measure, MEASURE_SET_ON_A_COPY),
    ],
)
def test_a_new_plan_version_copies_every_field_it_does_not_set_itself(model, excluded):
    """A field added to a model later is copied into the new version unless it is named as set by the copy."""
    names = {field.name for field in model._meta.concrete_fields if not field.primary_key}
    assert excluded <= names, "the exclude list names a field the model does not have"
    instance = {ImprovementPlan: ImprovementPlanFactory, Goal: GoalFactory, Measure: MeasureFactory}[model]()

    copied = copied_fields(instance, exclude=excluded)

    by_attname = {field.attname: field.name for field in model._meta.concrete_fields}
    assert {by_attname[attname] for attname in copied} == names - excluded


def test_a_new_plan_version_carries_the_goals_and_measures_field_by_field():
    measure = MeasureFactory()
    plan = measure.goal.plan
    plan.trajectory.phase, plan.trajectory.execution_started_on = Phase.EXECUTION, datetime.date(2009, 1, 5)
    plan.trajectory.save()
    plan.status = SubmissionStatus.APPROVED
    plan.save()

    new = plan_services.plan_new_version(
        user=UserFactory(role=Role.PROGRAMME_STAFF), trajectory=plan.trajectory, reason="Audit na jaar 1"
    )

    copy = new.goals.get()
    for name in {field.name for field in Goal._meta.concrete_fields} - GOAL_SET_ON_A_COPY - {"id"}:
        assert getattr(copy, name) == getattr(measure.goal, name), name
    copied_measure = copy.measures.get()
    for name in {field.name for field in Measure._meta.concrete_fields} - MEASURE_SET_ON_A_COPY - {"id"}:
        assert getattr(copied_measure, name) == getattr(measure, name), name
    assert (new.status, new.number, new.previous, new.approved_at) == (SubmissionStatus.DRAFT, 2, plan, None)


def test_the_task_list_follows_the_registered_steps_in_their_order():
    labels = [str(task.label) for task in steps.trajectory_tasks(TrajectoryFactory())]

    assert labels == [
        "Aanmelding",
        "Intake",
        "Kwaliteitsanalyse",
        "Verbeterplan",
        "Begroting",
        "Uitvoering",
        "Schoolbezoeken",
        "Voortgangsrapportages",
        "Audits",
        "Borging",
    ]
    orders = [step.order for step in steps.registered_steps()]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)


def test_every_app_contributes_its_own_event_kinds_to_the_timeline():
    kinds = dict(steps.event_kind_choices())
    event = TrajectoryEvent.objects.create(
        trajectory=TrajectoryFactory(), kind=BudgetEventKind.GRANT_DECISION
    )

    assert set(EventKind.values) | set(BudgetEventKind.values) <= set(kinds)
    assert event.get_kind_display() == "Beschikking vastgelegd"


def test_an_event_kind_cannot_be_claimed_twice():
    class Clash(models.TextChoices):
        REGISTERED = EventKind.REGISTERED.value, "Iets anders"

    with pytest.raises(ValueError, match="registered twice"):
        steps.register_event_kinds(Clash)


def test_the_analysis_is_judged_through_the_kernel_and_stays_judged():
    analysis = AnalysisFactory(answered=True, status=SubmissionStatus.SUBMITTED)
    analysis.trajectory.phase = Phase.ANALYSIS
    analysis.trajectory.save()
    review = AnalysisReviewFactory(analysis=analysis)
    expert_group = UserFactory(role=Role.EXPERT_GROUP)

    services.analysis_approve(user=expert_group, trajectory=analysis.trajectory, comments="")

    assert Analysis.objects.get(pk=analysis.pk).status == SubmissionStatus.APPROVED
    assert AnalysisReview.objects.get(pk=review.pk).decided_by == expert_group
