"""The experts' costs of a trajectory: the hours the education and financial experts worked per quarter and their
rate, paid by the municipality alone and kept apart from the co-financed budget. Programme staff record them."""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from django_tables2 import RequestConfig

from improvement_plans.constants import Phase
from improvement_plans.selectors import education_experts, financial_experts
from kwaliteitsaanpak.core.concurrency import VersionedRemoveConfirmForm
from kwaliteitsaanpak.core.views import RemoveConfirmMixin, ServiceFormMixin

from .. import selectors, services
from ..constants import Quarter, quarters_between
from ..forms.expert_costs import ExpertCostForm
from ..models import ExpertCost
from ..tables.expert_costs import (
    ExpertCostExpertTable,
    ExpertCostQuarterTable,
    ExpertCostTable,
    expert_rows,
    quarter_rows,
    total_row,
)
from .base import FinanceMixin, TableExportMixin


class ExpertCostMixin(FinanceMixin):
    tab = "expert_costs"

    @property
    def list_url(self) -> str:
        return reverse("finance:expert_costs", args=[self.trajectory.pk])

    def can_record(self) -> bool:
        return self.trajectory.phase != Phase.REGISTERED and self.request.user.has_perm(
            "finance.record_expert_costs", self.trajectory
        )


class ExpertCostListView(ExpertCostMixin, TableExportMixin, TemplateView):
    permission_required = "finance.view_expert_costs"
    template_name = "finance/expert_costs.html"
    export_prefix = "expertkosten"

    @cached_property
    def costs(self) -> list:
        return selectors.expert_costs_of(self.trajectory)

    def export_tables(self) -> dict:
        costs = self.costs
        records = ExpertCostTable(costs, can_record=self.can_record())
        RequestConfig(self.request, paginate=False).configure(records)
        return {
            "kosten": records,
            "kwartalen": ExpertCostQuarterTable(quarter_rows(costs)),
            "experts": ExpertCostExpertTable(expert_rows(costs)),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Expert costs"),
            costs=self.costs,
            tables=self.export_tables(),
            total=total_row(self.costs),
            can_record=self.can_record(),
            **kwargs,
        )


class HoursCanBeRecordedMixin:
    """For the pages that record hours: before the intake, back to the list with a message. Runs after the login
    and permission checks."""

    def dispatch(self, request, *args, **kwargs):
        if self.trajectory.phase == Phase.REGISTERED:
            messages.warning(
                request, _("The experts' hours are recorded once the trajectory has moved on to the intake.")
            )
            return HttpResponseRedirect(self.list_url)
        return super().dispatch(request, *args, **kwargs)


class ExpertCostFormMixin(ExpertCostMixin, HoursCanBeRecordedMixin, ServiceFormMixin):
    permission_required = "finance.record_expert_costs"
    form_class = ExpertCostForm
    template_name = "finance/expert_cost_form.html"
    cost = None

    def experts(self) -> list:
        """The education and financial experts, and the expert of the record being changed (who may have left
        the role since), by name."""
        condition = Q(pk__in=education_experts().values("pk")) | Q(pk__in=financial_experts().values("pk"))
        if self.cost is not None:
            condition |= Q(pk=self.cost.expert_id)
        users = education_experts().model.objects.filter(condition)
        return list(users.order_by("first_name", "last_name", "email"))

    def own_experts(self) -> set[int]:
        trajectory = self.trajectory
        own = {expert.pk for expert in trajectory.education_experts.all()}
        if trajectory.financial_expert_id:
            own.add(trajectory.financial_expert_id)
        return own

    def quarters(self) -> list[Quarter]:
        first, last = services.reporting_quarters(self.trajectory)
        return list(reversed(quarters_between(first, last)))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "experts": self.experts(),
            "own": self.own_experts(),
            "quarters": self.quarters(),
        }

    def call_service(self, form):
        return services.expert_cost_save(
            user=self.request.user, trajectory=self.trajectory, cost=self.cost, **form.service_arguments()
        )

    def get_success_url(self) -> str:
        return self.list_url

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.list_url, **kwargs)


class ExpertCostCreateView(ExpertCostFormMixin, FormView):
    page_title = gettext_lazy("Record an expert's hours")
    success_message = gettext_lazy("The hours have been recorded.")

    def get_initial(self):
        # Hours are usually recorded for the quarter that is running or just ended: the newest is chosen.
        quarters = self.quarters()
        return {"quarter": quarters[0].value} if quarters else {}


class ExpertCostRecordMixin:
    """`self.cost` is the record of the URL's `cost_pk` within this trajectory; 404 otherwise."""

    @cached_property
    def cost(self) -> ExpertCost:
        return get_object_or_404(
            self.trajectory.expert_costs.select_related("expert"), pk=self.kwargs["cost_pk"]
        )


class ExpertCostUpdateView(ExpertCostRecordMixin, ExpertCostFormMixin, FormView):
    page_title = gettext_lazy("Change an expert's hours")
    success_message = gettext_lazy("The hours have been changed.")

    def get_initial(self):
        return ExpertCostForm.initial_for(self.cost)


class ExpertCostRemoveView(ExpertCostRecordMixin, ExpertCostMixin, RemoveConfirmMixin, FormView):
    """Asks for confirmation first; the record's history is kept."""

    permission_required = "finance.record_expert_costs"
    template_name = "finance/expert_cost_remove.html"
    form_class = VersionedRemoveConfirmForm
    page_title = gettext_lazy("Remove an expert's hours")
    success_message = gettext_lazy("The hours have been removed.")
    button = gettext_lazy("Remove hours")

    def get_initial(self):
        return {"version": self.cost.version}

    def call_service(self, form):
        services.expert_cost_remove(
            user=self.request.user, cost=self.cost, expected_version=form.cleaned_data["version"]
        )
        return None

    def get_success_url(self) -> str:
        return self.list_url

    def get_context_data(self, **kwargs):
        return super().get_context_data(cost=self.cost, cancel_url=self.list_url, **kwargs)
