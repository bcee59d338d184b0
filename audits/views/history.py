"""The change history of an audit (with its judgement per goal) and the expert group's decisions on it
(`kwaliteitsaanpak.core.history`): staff only, read-only."""

from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from improvement_plans.models import Goal
from improvement_plans.views.history import TrajectoryRecordHistoryView
from kwaliteitsaanpak.core.history import HistorySource

from ..models import Audit, AuditGoalJudgement
from .audits import AuditMixin


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
