"""The pages of the expert visits of a trajectory (`/trajecten/<pk>/bezoeken/…`) and the overview of every open
action (`/uitvoering/acties/`).

Whoever reads the trajectory reads its visits, findings included: the school board and the director were spoken
with and must act on what was agreed, so nothing of a visit is kept from them. The assigned education expert and
programme staff record, move and cancel visits and agree and close actions."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from improvement_plans.constants import Phase
from improvement_plans.views.base import TrajectoryMixin
from kwaliteitsaanpak.core.views import FilteredTableView, ProtectedView, ServiceFormMixin

from ..constants import VisitStatus
from ..filters_visits import ACTION_FILTER_FIELDS, OpenActionFilter, OpenActionFilterFormHelper
from ..forms.visits import ActionCloseForm, ActionForm, VisitCancelForm, VisitRecordForm, VisitRescheduleForm
from ..models import ExpertVisit, StagnationAction
from ..selectors import visits as selectors
from ..services import visits as services
from ..tables_visits import OpenActionTable


class VisitsMixin(TrajectoryMixin):
    """A page of the visits of the URL's trajectory, with the links back."""

    @property
    def list_url(self) -> str:
        return reverse("audits:visit_list", args=[self.trajectory.pk])

    def may(self, permission: str) -> bool:
        return self.trajectory.phase == Phase.EXECUTION and self.request.user.has_perm(
            permission, self.trajectory
        )


class VisitMixin(VisitsMixin):
    """`self.visit` is the visit of the URL's `visit_pk` within this trajectory; 404 otherwise."""

    @cached_property
    def visit(self) -> ExpertVisit:
        visits = ExpertVisit.objects.filter(trajectory=self.trajectory).select_related(
            "expert", "recorded_by"
        )
        visit = get_object_or_404(visits, pk=self.kwargs["visit_pk"])
        visit.trajectory = self.trajectory
        return visit

    @property
    def visit_url(self) -> str:
        return self.visit.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(visit=self.visit, **kwargs)


class VisitListView(VisitsMixin, TemplateView):
    """Every visit of the trajectory, newest quarter first, and the open actions."""

    permission_required = "improvement_plans.view_trajectory"
    template_name = "audits/visit_list.html"

    def get_context_data(self, **kwargs):
        visits = list(selectors.visits_of(self.trajectory))
        open_actions = sorted(
            (action for visit in visits for action in visit.actions.all() if action.is_open),
            key=lambda action: (action.due_on, action.pk),
        )
        return super().get_context_data(
            page_title=_("Expert visits"),
            visits=visits,
            open_actions=open_actions,
            can_manage_actions=self.may("audits.manage_actions"),
            **kwargs,
        )


class VisitDetailView(VisitMixin, TemplateView):
    permission_required = "improvement_plans.view_trajectory"
    template_name = "audits/visit_detail.html"

    def get_context_data(self, **kwargs):
        visit = self.visit
        can_record = self.may("audits.record_visit") and visit.status != VisitStatus.CANCELLED
        return super().get_context_data(
            page_title=_("Visit of quarter %(quarter)s") % {"quarter": visit.quarter},
            actions=list(selectors.actions_of(visit)),
            can_record=can_record,
            can_move=can_record and visit.status == VisitStatus.PLANNED,
            can_add_action=self.may("audits.manage_actions") and visit.stagnating,
            can_close=self.request.user.has_perm("audits.manage_actions", self.trajectory)
            and self.trajectory.phase in (Phase.EXECUTION, Phase.SUSTAINING),
            **kwargs,
        )


class VisitFormMixin(VisitMixin, ServiceFormMixin):
    """A form page that changes the visit: while it cannot (another phase, or the visit is in another state), back
    to the visit with a message saying why."""

    permission_required = "audits.record_visit"
    allowed_statuses: tuple = (VisitStatus.PLANNED,)
    not_allowed_message = ""

    def refuse(self):
        message = None
        if self.trajectory.phase != Phase.EXECUTION:
            message = _("Visits are recorded while the plan is being carried out.")
        elif self.visit.status not in self.allowed_statuses:
            message = self.not_allowed_message % {
                "status": services.STATUS_WORDS[VisitStatus(self.visit.status)]
            }
        if message:
            messages.warning(self.request, message)
            return HttpResponseRedirect(self.visit_url)
        return None

    def get_initial(self):
        return self.form_class.initial_for(self.visit)

    def call_service(self, form):
        return self.service(user=self.request.user, visit=self.visit, **form.service_arguments())

    def get_success_url(self) -> str:
        return self.visit_url

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.visit_url, **kwargs)


class VisitRecordView(VisitFormMixin, FormView):
    form_class = VisitRecordForm
    template_name = "audits/visit_record.html"
    allowed_statuses = (VisitStatus.PLANNED, VisitStatus.DONE)
    not_allowed_message = gettext_lazy("This visit is %(status)s and cannot be recorded.")
    service = staticmethod(services.visit_record)

    @property
    def page_title(self) -> str:
        if self.visit.status == VisitStatus.DONE:
            return _("Correct the visit of quarter %(quarter)s") % {"quarter": self.visit.quarter}
        return _("Record the visit of quarter %(quarter)s") % {"quarter": self.visit.quarter}

    def get_initial(self):
        initial = super().get_initial()
        if not initial.get("visited_on") and self.visit.planned_on <= timezone.localdate():
            initial["visited_on"] = self.visit.planned_on
        return initial

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code != 302:
            return response
        if self.object.stagnating and not self.object.actions.exists():
            messages.success(
                self.request,
                _(
                    "The visit has been recorded. Execution stagnates: write down what you agreed with the school."
                ),
            )
            return HttpResponseRedirect(
                reverse("audits:action_create", args=[self.trajectory.pk, self.object.pk])
            )
        messages.success(self.request, _("The visit has been recorded."))
        return response


class VisitRescheduleView(VisitFormMixin, FormView):
    form_class = VisitRescheduleForm
    template_name = "audits/visit_form.html"
    not_allowed_message = gettext_lazy("This visit is %(status)s; only a planned visit can be moved.")
    service = staticmethod(services.visit_reschedule)
    page_title = gettext_lazy("Move the visit")
    success_message = gettext_lazy("The visit has been moved.")


class VisitCancelView(VisitFormMixin, FormView):
    form_class = VisitCancelForm
    template_name = "audits/visit_cancel.html"
    not_allowed_message = gettext_lazy("This visit is %(status)s; only a planned visit can be cancelled.")
    service = staticmethod(services.visit_cancel)
    page_title = gettext_lazy("Cancel the visit")
    success_message = gettext_lazy("The visit has been cancelled.")

    def get_success_url(self) -> str:
        return self.list_url


class ActionCreateView(VisitMixin, ServiceFormMixin, FormView):
    """Agree an action after a stagnating visit; then back to the visit, where another can be added."""

    permission_required = "audits.manage_actions"
    form_class = ActionForm
    template_name = "audits/action_form.html"
    page_title = gettext_lazy("Agree an action with the school")
    success_message = gettext_lazy("The action has been added. Add another, or go back to the trajectory.")

    def refuse(self):
        if self.trajectory.phase != Phase.EXECUTION or not self.visit.stagnating:
            messages.warning(
                self.request,
                _("Actions are agreed after a recorded visit where execution stagnates."),
            )
            return HttpResponseRedirect(self.visit_url)
        return None

    def call_service(self, form):
        return services.action_add(user=self.request.user, visit=self.visit, **form.service_arguments())

    def get_success_url(self) -> str:
        return self.visit_url

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cancel_url=self.visit_url, actions=list(selectors.actions_of(self.visit)), **kwargs
        )


class ActionCloseView(VisitsMixin, ServiceFormMixin, FormView):
    permission_required = "audits.manage_actions"
    form_class = ActionCloseForm
    template_name = "audits/action_close.html"
    page_title = gettext_lazy("Close the action")
    success_message = gettext_lazy("The action has been closed.")

    @cached_property
    def action(self) -> StagnationAction:
        actions = StagnationAction.objects.filter(trajectory=self.trajectory).select_related(
            "visit", "closed_by"
        )
        action = get_object_or_404(actions, pk=self.kwargs["action_pk"])
        action.trajectory = self.trajectory
        return action

    def refuse(self):
        message = None
        if not self.action.is_open:
            message = _("This action has already been closed.")
        elif self.trajectory.phase not in (Phase.EXECUTION, Phase.SUSTAINING):
            message = _("Actions can no longer be closed: the trajectory has ended.")
        if message:
            messages.warning(self.request, message)
            return HttpResponseRedirect(self.action.visit.get_absolute_url())
        return None

    def call_service(self, form):
        return services.action_close(user=self.request.user, action=self.action, **form.service_arguments())

    def get_success_url(self) -> str:
        return self.trajectory.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action=self.action, cancel_url=self.action.visit.get_absolute_url(), **kwargs
        )


class OpenActionsView(ProtectedView, FilteredTableView):
    """Every open action the user may see (staff: all; an expert: the trajectories assigned to them), due first."""

    permission_required = "audits.manage_actions"
    filterset_class = OpenActionFilter
    table_class = OpenActionTable
    template_name = "audits/action_overview.html"
    export_name = "open-acties"

    def get_queryset(self):
        return selectors.open_actions(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Open actions"),
            filter_helper=OpenActionFilterFormHelper(),
            filtered=any(self.request.GET.get(name) for name in ACTION_FILTER_FIELDS),
            **kwargs,
        )
