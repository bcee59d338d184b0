"""The trajectory pages: the list, registration, the trajectory page with its notes, and the intake, experts and
withdrawal forms. Each form hands its input to a service in `improvement_plans.services`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from kwaliteitsaanpak.core.steps import TaskStatus, trajectory_next_step, trajectory_panels, trajectory_tasks
from kwaliteitsaanpak.core.views import FilteredTableView, ProtectedView, ServiceFormMixin

from .. import selectors, services
from ..constants import IntakeOutcome, Phase
from ..filters import TrajectoryFilter, TrajectoryFilterFormHelper
from ..forms.trajectories import (
    AssignExpertsForm,
    IntakeOutcomeForm,
    IntakeScheduleForm,
    NoteForm,
    TrajectoryRegisterForm,
    TrajectoryWithdrawForm,
)
from ..models import Trajectory
from ..tables import TrajectoryTable
from .base import TrajectoryMixin

TASK_COLOURS = [
    (TaskStatus.DONE, "green"),
    (TaskStatus.APPROVED, "green"),
    (TaskStatus.IN_PROGRESS, "blue"),
    (TaskStatus.SUBMITTED, "blue"),
    (TaskStatus.RETURNED, "orange"),
    (TaskStatus.LATE, "red"),
]


def _task_colour(status) -> str:
    return next((colour for known, colour in TASK_COLOURS if status == known), "grey")


def _long_date(value) -> str:
    return date_format(value, "j F Y")


class TrajectoryListView(ProtectedView, FilteredTableView):
    permission_required = "improvement_plans.view_trajectory"
    filterset_class = TrajectoryFilter
    table_class = TrajectoryTable
    template_name = "improvement_plans/trajectory_list.html"
    export_name = "trajecten"

    def get_queryset(self):
        return Trajectory.objects.visible_to(self.request.user).for_lists()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Trajectories"),
            filter_helper=TrajectoryFilterFormHelper(),
            can_add=self.request.user.has_perm("improvement_plans.add_trajectory"),
            **kwargs,
        )


class TrajectoryRegisterView(ProtectedView, ServiceFormMixin, FormView):
    permission_required = "improvement_plans.add_trajectory"
    form_class = TrajectoryRegisterForm
    template_name = "improvement_plans/trajectory_register.html"
    page_title = gettext_lazy("Register a school")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"school": self.request.GET.get("school")}

    def call_service(self, form):
        user = self.request.user
        trajectory = services.trajectory_register(user=user, **form.cleaned_data)
        values = {"school": trajectory.school.name, "date": _long_date(trajectory.intake_due_on)}
        if user.has_perm("improvement_plans.manage_trajectory", trajectory):
            self.success_message = _(
                "%(school)s has been registered. Next step: schedule the intake by %(date)s."
            )
        else:
            # Whoever registers without planning intakes (a school board) is told who acts next.
            self.success_message = _(
                "%(school)s has been registered. Next step: DMO plans the intake conversation with the "
                "education experts, by %(date)s. You will find the date on the trajectory's page."
            )
        self.success_message %= values
        # The round whose years the school's result agreements will take.
        self.success_message += " " + _("The school takes part in %(round)s.") % {
            "round": trajectory.programme_round.name
        }
        return trajectory

    def get_context_data(self, **kwargs):
        # No dead end: with no school left to register (all have an open trajectory), the page says so.
        no_school_left = not selectors.schools_to_register(self.request.user).exists()
        return super().get_context_data(
            cancel_url=reverse("improvement_plans:trajectory_list"), no_school_left=no_school_left, **kwargs
        )


class TrajectoryDetailView(TrajectoryMixin, TemplateView):
    permission_required = "improvement_plans.view_trajectory"
    template_name = "improvement_plans/trajectory_detail.html"

    def note_form(self, data=None) -> NoteForm:
        return NoteForm(
            data,
            can_write_internal=self.request.user.has_perm(
                "improvement_plans.write_internal_note", self.trajectory
            ),
            action=reverse("improvement_plans:note_create", args=[self.trajectory.pk]) + "#berichten",
        )

    def get_context_data(self, **kwargs):
        trajectory, user = self.trajectory, self.request.user
        prefetch_related_objects([trajectory], "education_experts", "intake_experts")
        tasks = trajectory_tasks(trajectory)
        can_manage = user.has_perm("improvement_plans.manage_trajectory", trajectory) and trajectory.is_open
        kwargs.setdefault("note_form", self.note_form())
        return super().get_context_data(
            tasks=[(task, _task_colour(task.status)) for task in tasks],
            next_step=trajectory_next_step(trajectory),
            panels=trajectory_panels(trajectory, user),
            events=trajectory.events.select_related("actor"),
            notes=selectors.notes_visible_to(trajectory, user),
            can_manage=can_manage,
            can_schedule_intake=can_manage and trajectory.phase in (Phase.REGISTERED, Phase.INTAKE),
            can_record_outcome=can_manage and trajectory.phase == Phase.INTAKE,
            **kwargs,
        )


class NoteCreateView(TrajectoryDetailView):
    """Posts a message; on an error the trajectory page is shown again with the message as typed."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = self.note_form(request.POST)
        if form.is_valid():
            try:
                services.note_add(user=request.user, trajectory=self.trajectory, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your message has been posted."))
                return HttpResponseRedirect(self.trajectory.get_absolute_url() + "#berichten")
        return self.render_to_response(self.get_context_data(note_form=form))


class TrajectoryFormView(TrajectoryMixin, ServiceFormMixin, FormView):
    """A form page about one trajectory, for programme staff; back to the trajectory page after."""

    permission_required = "improvement_plans.manage_trajectory"
    template_name = "improvement_plans/trajectory_form.html"
    title = ""

    @property
    def page_title(self) -> str:
        return self.title % {"school": self.trajectory.school.name}

    def get_success_url(self) -> str:
        return self.trajectory.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.trajectory.get_absolute_url(), **kwargs)


class IntakeScheduleView(TrajectoryFormView):
    form_class = IntakeScheduleForm
    template_name = "improvement_plans/intake_schedule.html"
    title = gettext_lazy("Schedule the intake of %(school)s")
    success_message = gettext_lazy("The intake has been scheduled. Next step: record its outcome afterwards.")

    def get_initial(self):
        trajectory = self.trajectory
        return {"intake_date": trajectory.intake_date, "experts": list(trajectory.intake_experts.all())}

    def call_service(self, form):
        return services.intake_schedule(
            user=self.request.user, trajectory=self.trajectory, **form.cleaned_data
        )


class IntakeOutcomeView(TrajectoryFormView):
    form_class = IntakeOutcomeForm
    template_name = "improvement_plans/intake_outcome.html"
    title = gettext_lazy("Record the outcome of the intake of %(school)s")

    def call_service(self, form):
        trajectory = services.intake_record_outcome(
            user=self.request.user, trajectory=self.trajectory, **form.cleaned_data
        )
        if trajectory.intake_outcome == IntakeOutcome.TAKES_PART:
            self.success_message = _(
                "The school takes part. The quality analysis has started; next step: assign the experts."
            )
        else:
            self.success_message = _("The trajectory has been closed. The school may register again later.")
        return trajectory

    def get_context_data(self, **kwargs):
        intake_in_future = self.trajectory.intake_date and self.trajectory.intake_date > timezone.localdate()
        return super().get_context_data(intake_in_future=intake_in_future, **kwargs)


class AssignExpertsView(TrajectoryFormView):
    form_class = AssignExpertsForm
    title = gettext_lazy("Assign experts to %(school)s")
    success_message = gettext_lazy("The experts have been assigned. They now see this trajectory.")

    def get_initial(self):
        trajectory = self.trajectory
        return {
            "education_experts": list(trajectory.education_experts.all()),
            "financial_expert": trajectory.financial_expert,
        }

    def call_service(self, form):
        return services.trajectory_assign_experts(
            user=self.request.user,
            trajectory=self.trajectory,
            education_experts_chosen=form.cleaned_data["education_experts"],
            financial_expert=form.cleaned_data["financial_expert"],
        )


class TrajectoryWithdrawView(TrajectoryFormView):
    form_class = TrajectoryWithdrawForm
    template_name = "improvement_plans/trajectory_withdraw.html"
    title = gettext_lazy("Withdraw the trajectory of %(school)s")
    success_message = gettext_lazy(
        "The trajectory has been withdrawn. The school may be registered again later."
    )

    def call_service(self, form):
        return services.trajectory_withdraw(
            user=self.request.user, trajectory=self.trajectory, reason=form.cleaned_data["reason"]
        )
