"""The documents of improvement_plans, built from templates with `kwaliteitsaanpak.core.pdf`: what each document
shows (its context, which tests render to HTML without WeasyPrint), its template and its file name.

The plan document: any version of a trajectory's improvement plan, for the board and the expert group.
"""

from decimal import Decimal

from django.utils import timezone

from kwaliteitsaanpak.core.pdf import render_pdf
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus

from . import selectors
from .constants import FINAL_TEST_SCALES
from .models import ImprovementPlan

PLAN_TEMPLATE = "improvement_plans/pdf/plan.html"


def plan_pdf_context(plan: ImprovementPlan) -> dict:
    """Everything the plan document shows, read in a fixed number of queries."""
    plan = selectors.plan_with_everything(plan)
    themes = selectors.plan_goal_rows(plan)
    goal_numbers = {row.goal.pk: row.number for theme in themes for row in theme.goals}
    # Oldest submission first, as the history reads; per-goal comments with the goal's number in this document.
    reviews = []
    for review in sorted(plan.reviews.all(), key=lambda review: (review.submitted_at, review.pk)):
        comments = sorted(
            (
                (goal_numbers.get(goal.pk), goal, comment.text)
                for goal in plan.goals.all()
                for comment in goal.comments.all()
                if comment.review_id == review.pk
            ),
            key=lambda item: item[0] or 0,
        )
        reviews.append({"review": review, "goal_comments": comments})
    approval = next(
        (item["review"] for item in reversed(reviews) if item["review"].decision == ReviewDecision.APPROVED),
        None,
    )
    return {
        "plan": plan,
        "trajectory": plan.trajectory,
        "school": plan.trajectory.school,
        "is_approved": plan.status in (SubmissionStatus.APPROVED, SubmissionStatus.SUPERSEDED),
        "approval": approval,
        "final_test_scale": FINAL_TEST_SCALES.get(plan.final_test),
        "themes": themes,
        "goal_count": len(goal_numbers),
        "total_cost": sum((theme.cost for theme in themes), Decimal(0)),
        "reviews": reviews,
        "printed_at": timezone.localtime(),
    }


def plan_pdf(plan: ImprovementPlan) -> bytes:
    """The plan document as PDF bytes."""
    return render_pdf(PLAN_TEMPLATE, plan_pdf_context(plan))


def plan_pdf_filename(plan: ImprovementPlan) -> str:
    """The document's file name: which school and which version."""
    return f"verbeterplan-{plan.trajectory.school.code}-versie-{plan.number}.pdf"
