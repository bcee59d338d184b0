"""The change history of a plan version (with its goals and measures) and of a progress report (with its lines),
each with the decisions on it (`kwaliteitsaanpak.core.history`): staff only, read-only."""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kwaliteitsaanpak.core.history import HistorySource, HistoryView

from ..models import Goal, GoalProgress, ImprovementPlan, Measure, MeasureProgress, ProgressReport
from .plans import PlanMixin
from .progress import ReportMixin


class TrajectoryRecordHistoryView(HistoryView):
    """The history of a record of a trajectory (plan, progress report, budget): its breadcrumbs run through the
    trajectory list and the trajectory (`self.trajectory`, set by the record's mixin)."""

    def history_breadcrumbs(self) -> list[tuple[str, str]]:
        return [
            (_("Trajectories"), reverse("improvement_plans:trajectory_list")),
            (self.trajectory.school.name, self.trajectory.get_absolute_url()),
            (self.history_title(), self.history_back_url()),
        ]


def _short(text: str) -> str:
    return Truncator(text).chars(60, truncate="…")


class PlanHistoryView(PlanMixin, TrajectoryRecordHistoryView):
    def history_title(self) -> str:
        return _("Improvement plan, version %(number)s") % {"number": self.plan.number}

    def history_back_url(self) -> str:
        return self.plan.get_absolute_url()

    def history_sources(self) -> list[HistorySource]:
        plan = self.plan
        # A subquery over the goals' history, so that the measures of goals removed since are included.
        goal_ids = Goal.history.filter(plan_id=plan.pk).values("id")
        return [
            HistorySource(ImprovementPlan, {"id": plan.pk}, exclude=frozenset({"trajectory", "previous"})),
            HistorySource(
                Goal,
                {"plan_id": plan.pk},
                label=lambda row: _short(row.description),
                exclude=frozenset({"plan", "previous", "order"}),
            ),
            HistorySource(
                Measure,
                {"goal_id__in": goal_ids},
                label=lambda row: _short(row.description),
                exclude=frozenset({"previous"}),
            ),
        ]

    def history_reviews(self):
        return self.plan.reviews.select_related("submitted_by", "decided_by")


class ProgressReportHistoryView(ReportMixin, TrajectoryRecordHistoryView):
    def history_title(self) -> str:
        return _("Progress report, quarter %(quarter)s") % {"quarter": self.report.quarter}

    def history_back_url(self) -> str:
        return self.report.get_absolute_url()

    def history_sources(self) -> list[HistorySource]:
        report = self.report
        # The lines are named after their goal or measure: one query each, whatever the number of lines.
        goals = dict(Goal.objects.filter(progress__report=report).values_list("id", "description"))
        measures = dict(Measure.objects.filter(progress__report=report).values_list("id", "description"))
        return [
            HistorySource(ProgressReport, {"id": report.pk}, exclude=frozenset({"trajectory", "plan"})),
            HistorySource(
                GoalProgress,
                {"report_id": report.pk},
                label=lambda row: _short(goals.get(row.goal_id, "")),
                exclude=frozenset({"report", "goal"}),
            ),
            HistorySource(
                MeasureProgress,
                {"report_id": report.pk},
                label=lambda row: _short(measures.get(row.measure_id, "")),
                exclude=frozenset({"report", "measure"}),
            ),
        ]

    def history_reviews(self):
        return self.report.reviews.select_related("submitted_by", "decided_by")
