"""The pages of the programme rounds: the list, one round with its years, indicators, reference list and
trajectories, and (for staff) opening a new round and changing one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import DetailView, FormView
from django_tables2 import RequestConfig

from improvement_plans.models import ProgrammeRound
from kwaliteitsaanpak.core.forms import FilterFormHelper, RemoveConfirmForm
from kwaliteitsaanpak.core.views import FilteredTableView, ProtectedView, ServiceFormMixin

from . import selectors_rounds, services_rounds
from .filters_rounds import ProgrammeRoundFilter
from .forms_rounds import ProgrammeRoundForm
from .tables_rounds import ProgrammeRoundTable, ReferenceSchoolTable, RoundTrajectoryTable

VIEW = "improvement_plans.view_programmeround"
MANAGE = services_rounds.MANAGE


class ProgrammeRoundListView(ProtectedView, FilteredTableView):
    permission_required = VIEW
    filterset_class = ProgrammeRoundFilter
    table_class = ProgrammeRoundTable
    export_name = "rondes"
    template_name = "monitoring/rounds/list.html"

    def get_queryset(self):
        return selectors_rounds.rounds_for_list()

    def get_table_kwargs(self):
        return {"can_change": self.request.user.has_perm(MANAGE)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Programme rounds"),
            filter_helper=FilterFormHelper(),
            can_add=self.request.user.has_perm(MANAGE),
            empty_text=_("No rounds match this search. Clear the search to see every round."),
            **kwargs,
        )


class ProgrammeRoundDetailView(ProtectedView, DetailView):
    permission_required = VIEW
    template_name = "monitoring/rounds/detail.html"
    context_object_name = "programme_round"

    def get_queryset(self):
        return ProgrammeRound.objects.all()

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        programme_round, user = self.object, self.request.user
        paginate = {"per_page": 50}
        schools = ReferenceSchoolTable(
            selectors_rounds.round_reference_schools(programme_round), prefix="school-"
        )
        RequestConfig(self.request, paginate=paginate).configure(schools)
        trajectories = RoundTrajectoryTable(
            selectors_rounds.round_trajectories(programme_round),
            prefix="traject-",
            can_open=user.has_perm("improvement_plans.view_all_trajectories"),
        )
        RequestConfig(self.request, paginate=paginate).configure(trajectories)
        return super().get_context_data(
            page_title=programme_round.name,
            schools_table=schools,
            trajectories_table=trajectories,
            can_change=user.has_perm(MANAGE),
            is_current=ProgrammeRound.objects.current().pk == programme_round.pk,
            **kwargs,
        )


class _RoundFormView(ProtectedView, ServiceFormMixin, FormView):
    permission_required = MANAGE
    form_class = ProgrammeRoundForm
    template_name = "monitoring/rounds/form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(list_url=reverse("monitoring:round_list"), **kwargs)


class ProgrammeRoundCreateView(_RoundFormView):
    page_title = gettext_lazy("Open a new round")
    success_message = gettext_lazy(
        "The round has been opened. Schools registered from the date of its reference list on take part in it."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": _("Open round")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("monitoring:round_list"), **kwargs)

    def call_service(self, form):
        return services_rounds.round_create(user=self.request.user, **form.service_arguments())


class ProgrammeRoundUpdateView(_RoundFormView):
    success_message = gettext_lazy("The changes have been saved.")

    @cached_property
    def programme_round(self) -> ProgrammeRound:
        return get_object_or_404(ProgrammeRound, pk=self.kwargs["pk"])

    @property
    def page_title(self) -> str:
        return _("Change %(name)s") % {"name": self.programme_round.name}

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.programme_round,
            "submit_label": _("Save round"),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cancel_url=self.programme_round.get_absolute_url(),
            programme_round=self.programme_round,
            trajectory_count=self.programme_round.trajectories.count(),
            **kwargs,
        )

    def call_service(self, form):
        return services_rounds.round_update(
            user=self.request.user, programme_round=self.programme_round, **form.service_arguments()
        )


class ProgrammeRoundAddWeakSchoolsView(ProtectedView, ServiceFormMixin, FormView):
    """Check and confirm: put every school (very) weak on the reference date on the round's list."""

    permission_required = MANAGE
    form_class = RemoveConfirmForm
    template_name = "monitoring/rounds/add_weak.html"

    @cached_property
    def programme_round(self) -> ProgrammeRound:
        return get_object_or_404(ProgrammeRound, pk=self.kwargs["pk"])

    @property
    def page_title(self) -> str:
        return _("Fill the reference list of %(name)s") % {"name": self.programme_round.name}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "button": _("Put these schools on the list")}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.helper.inputs[0].field_classes = "btn btn-primary"
        return form

    def get_context_data(self, **kwargs):
        programme_round = self.programme_round
        listed = programme_round.reference_schools.values("pk")
        weak = services_rounds.weak_schools_on(programme_round.reference_date)
        return super().get_context_data(
            programme_round=programme_round,
            weak_count=weak.count(),
            new_count=weak.exclude(pk__in=listed).count(),
            cancel_url=programme_round.get_absolute_url(),
            **kwargs,
        )

    def call_service(self, form):
        added = services_rounds.round_add_weak_schools(
            user=self.request.user, programme_round=self.programme_round
        )
        messages.success(
            self.request,
            ngettext(
                "%(count)s school has been put on the reference list.",
                "%(count)s schools have been put on the reference list.",
                added,
            )
            % {"count": added},
        )
        return self.programme_round

    def form_valid(self, form):
        self.call_service(form)
        return HttpResponseRedirect(self.programme_round.get_absolute_url())
