"""The change history of an audit (with its judgement per goal) and the expert group's decisions on it, of an
expert visit (with the actions agreed after it) and of a review of interim results (with the results and the
Inspectie's judgements) (`kwaliteitsaanpak.core.history`): staff only, read-only."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from improvement_plans.models import Goal
from improvement_plans.views.history import TrajectoryRecordHistoryView
from kwaliteitsaanpak.core.history import HistorySource, HistoryView

from ..models import Audit, AuditGoalJudgement, ExpertVisit, InspectionReview, InterimResult, StagnationAction
from ..services.inspection import review_title
from .audits import AuditMixin
from .inspection import ReviewMixin
from .visits import VisitMixin


class AuditHistoryView(AuditMixin, TrajectoryRecordHistoryView):
    def history_title(self) -> str:
        return _("%(audit)s, planned on %(date)s") % {
            "audit": self.audit.get_kind_display(),
            "date": date_format(self.audit.planned_on, "d-m-Y"),
        }

    def history_back_url(self) -> str:
        return self.audit.get_absolute_url()

    def history_sources(self) -> list[HistorySource]:
        audit = self.audit
        # The judgements are named after their goal: one query, whatever the number of goals.
        goals = dict(Goal.objects.filter(audit_judgements__audit=audit).values_list("id", "description"))
        return [
            HistorySource(Audit, {"id": audit.pk}, exclude=frozenset({"trajectory", "plan"})),
            HistorySource(
                AuditGoalJudgement,
                {"audit_id": audit.pk},
                label=lambda row: Truncator(goals.get(row.goal_id, "")).chars(60, truncate="…"),
                exclude=frozenset({"audit", "goal"}),
            ),
        ]

    def history_reviews(self):
        return self.audit.reviews.select_related("submitted_by", "decided_by")


class VisitHistoryView(VisitMixin, TrajectoryRecordHistoryView):
    """What was recorded of an expert visit, when and by whom, and the actions agreed after it."""

    def history_title(self) -> str:
        return _("Visit of quarter %(quarter)s") % {"quarter": self.visit.quarter}

    def history_back_url(self) -> str:
        return self.visit.get_absolute_url()

    def history_breadcrumbs(self) -> list[tuple[str, str]]:
        *trajectory, visit = super().history_breadcrumbs()
        return [*trajectory, (_("Expert visits"), self.list_url), visit]

    def history_sources(self) -> list[HistorySource]:
        visit = self.visit
        return [
            HistorySource(ExpertVisit, {"id": visit.pk}, exclude=frozenset({"trajectory"})),
            HistorySource(
                StagnationAction,
                {"visit_id": visit.pk},
                label=lambda row: Truncator(row.description).chars(60, truncate="…"),
                exclude=frozenset({"trajectory", "visit"}),
            ),
        ]


class InspectionReviewHistoryView(ReviewMixin, HistoryView):
    """What the school supplied for a review of interim results, its explanation and the Inspectie's judgements."""

    def history_title(self) -> str:
        return f"{self.review.school.name}: {review_title(self.review)}"

    def history_back_url(self) -> str:
        return reverse("audits:inspection_review_detail", args=[self.review.pk])

    def history_breadcrumbs(self) -> list[tuple[str, str]]:
        return [
            (_("Interim results"), reverse("audits:inspection_review_list")),
            (self.history_title(), self.history_back_url()),
        ]

    def history_sources(self) -> list[HistorySource]:
        review = self.review
        return [
            HistorySource(InspectionReview, {"id": review.pk}, exclude=frozenset({"school", "trajectory"})),
            HistorySource(
                InterimResult,
                {"review_id": review.pk},
                label=lambda row: f"{row.get_subject_display()}, {row.get_grade_display()}",
                exclude=frozenset({"review", "subject", "grade"}),
            ),
        ]

    def history_reviews(self):
        return self.review.reviews.select_related("submitted_by", "decided_by")
