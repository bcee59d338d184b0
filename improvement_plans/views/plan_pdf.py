"""The printable plan document: any version of a trajectory's improvement plan as a PDF, for the board and the
expert group. The document's content comes from `plan_pdf_context`, which tests render to HTML without WeasyPrint."""

from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View

from kwaliteitsaanpak.core.pdf import render_pdf

from .. import selectors
from ..constants import FINAL_TEST_SCALES, PlanStatus, ReviewDecision
from ..models import ImprovementPlan
from .base import TrajectoryMixin

TEMPLATE = "improvement_plans/pdf/plan.html"


def plan_pdf_context(plan: ImprovementPlan) -> dict:
    """Everything the plan document shows, read in a fixed number of queries."""
    plan = selectors.plan_with_everything(plan)
    themes = []
    number = 0
    total = Decimal(0)
    for label, goals in selectors.goals_by_theme(plan):
        rows = []
        for goal in goals:
            number += 1
            measures = list(goal.measures.all())
            goal_total = sum((measure.estimated_cost for measure in measures), Decimal(0))
            total += goal_total
            rows.append({"number": number, "goal": goal, "measures": measures, "total": goal_total})
        themes.append({"label": label, "goals": rows, "total": sum(row["total"] for row in rows)})
    # Oldest submission first, as the history reads; per-goal comments with the goal's number in this document.
    goal_numbers = {row["goal"].pk: row["number"] for theme in themes for row in theme["goals"]}
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
        "is_approved": plan.status in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED),
        "approval": approval,
        "final_test_scale": FINAL_TEST_SCALES.get(plan.final_test),
        "themes": themes,
        "goal_count": number,
        "total_cost": total,
        "reviews": reviews,
        "printed_at": timezone.localtime(),
    }


class PlanPdfView(TrajectoryMixin, View):
    """The PDF of one plan version, opened in the browser (inline) under a name that says which school and
    version it is."""

    permission_required = "improvement_plans.view_trajectory"

    def get(self, request, *args, **kwargs):
        plan = get_object_or_404(self.trajectory.plans.all(), number=self.kwargs["number"])
        pdf = render_pdf(TEMPLATE, plan_pdf_context(plan))
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = f"verbeterplan-{self.trajectory.school.code}-versie-{plan.number}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
