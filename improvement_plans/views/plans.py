"""The pages of the improvement plan: start it, read a version with its result agreements, goals per core theme and
measures, change it while it is a draft or returned, submit it, (for the expert group) approve or return it with
comments per goal, start a new version after an audit and compare a version with the one before.

Pages that change a version refuse while it cannot be changed: they send the user back to the plan page with a
message that says why (the services refuse as well).
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from kwaliteitsaanpak.core.concurrency import VersionedRemoveConfirmForm
from kwaliteitsaanpak.core.forms import format_dutch_decimal
from kwaliteitsaanpak.core.steps import plan_parts
from kwaliteitsaanpak.core.views import (
    EditableGuardMixin,
    PendingReviewMixin,
    RemoveConfirmMixin,
    ServiceFormMixin,
    SubmissionPageMixin,
    SubmitViewMixin,
)
from kwaliteitsaanpak.core.workflow import OPEN_STATUSES, ReviewDecision, SubmissionStatus

from .. import selectors, services
from ..baselines import baselines_for
from ..constants import Phase
from ..forms.plans import (
    GoalForm,
    MeasureForm,
    PlanAgreementsForm,
    PlanNewVersionForm,
    PlanReviewForm,
    PlanSubmitForm,
)
from ..models import AnalysisFinding, Goal, ImprovementPlan, Measure
from ..selectors.progress import latest_goal_progress
from .base import TrajectoryMixin


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


class PlanMixin(TrajectoryMixin, SubmissionPageMixin):
    """`self.plan` is the version of the URL's `number` of the URL's trajectory; 404 otherwise."""

    submission_context_name = "plan"

    @cached_property
    def plan(self) -> ImprovementPlan:
        return get_object_or_404(self.trajectory.plans.all(), number=self.kwargs["number"])

    @property
    def submission(self) -> ImprovementPlan:
        return self.plan


def plan_can_change(trajectory, plan: ImprovementPlan) -> bool:
    return trajectory.phase in (Phase.PLAN, Phase.EXECUTION) and plan.is_editable


def _not_editable_message(plan: ImprovementPlan) -> str:
    if plan.status == SubmissionStatus.SUBMITTED:
        return _(
            "The plan has been submitted and is waiting for the expert group's decision; it cannot be changed now."
        )
    if plan.status == SubmissionStatus.APPROVED:
        return _("This version of the plan has been approved and can no longer be changed.")
    if plan.status == SubmissionStatus.SUPERSEDED:
        return _(
            "This version of the plan has been replaced by a later version and can no longer be changed."
        )
    return _("The plan cannot be changed in this phase of the trajectory.")


class EditablePlanMixin(EditableGuardMixin):
    """For pages that change a version: while it cannot be changed, back to the plan page with a message."""

    def submission_can_change(self) -> bool:
        return plan_can_change(self.trajectory, self.plan)

    def not_editable_message(self) -> str:
        return _not_editable_message(self.plan)


def _goal_rows(plan) -> tuple[list[selectors.ThemeRows], Decimal, int]:
    """The goals per theme as `selectors.plan_goal_rows` numbers them (uses the prefetched goals); and the plan's
    total cost and number of measures."""
    themes = selectors.plan_goal_rows(plan)
    total = sum((theme.cost for theme in themes), Decimal("0"))
    measure_count = sum(len(row.measures) for theme in themes for row in theme.goals)
    return themes, total, measure_count


def _versions(trajectory) -> list[ImprovementPlan]:
    return list(trajectory.plans.order_by("number").only("pk", "number", "status", "trajectory_id"))


def _missing_with_links(trajectory, plan) -> list[tuple[str, str | None]]:
    """What `services.plan_missing_parts` says is missing, each with a link to where it is filled in."""
    args = [trajectory.pk, plan.number]
    agreements = reverse("improvement_plans:plan_agreements", args=args)
    links = {
        str(_("at least one goal")): reverse("improvement_plans:goal_create", args=args),
        str(_("the target final-test result and its test")): agreements,
        str(_("the target LWOO percentage")): agreements,
    }
    for goal in plan.goals.all():
        links[str(_("the findings that goal “%(goal)s” answers") % {"goal": goal})] = reverse(
            "improvement_plans:goal_update", args=[*args, goal.pk]
        )
        links[str(_("a measure for goal “%(goal)s”") % {"goal": goal})] = reverse(
            "improvement_plans:measure_create", args=[*args, goal.pk]
        )
    return [(item, links.get(item)) for item in services.plan_missing_parts(plan)]


def _dutch_numbers(change) -> list[tuple[str, str, str]]:
    """The comparison's rows, with the baseline and target written the Dutch way ("55,5", not "55.50")."""
    numbers = {str(Goal._meta.get_field(name).verbose_name): name for name in ("baseline", "target")}
    rows = []
    for what, before, after in change.changes:
        name = numbers.get(what)
        if name:
            before = format_dutch_decimal(getattr(change.previous, name))
            after = format_dutch_decimal(getattr(change.goal, name))
        rows.append((what, before, after))
    return rows


class PlanLatestView(TrajectoryMixin, TemplateView):
    """The newest version's page; before there is one, what the plan is and (for who may) a button to start it."""

    permission_required = "improvement_plans.view_trajectory"
    template_name = "improvement_plans/plan_start.html"

    def get(self, request, *args, **kwargs):
        latest = self.trajectory.plans.order_by("-number").first()
        if latest is not None:
            return HttpResponseRedirect(latest.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        trajectory = self.trajectory
        analysis = selectors.analysis_of(trajectory)
        analysis_approved = analysis is not None and analysis.status == SubmissionStatus.APPROVED
        return super().get_context_data(
            analysis=analysis,
            analysis_approved=analysis_approved,
            can_start=trajectory.phase == Phase.PLAN
            and analysis_approved
            and self.request.user.has_perm("improvement_plans.work_on_plan", trajectory),
            **kwargs,
        )


class PlanCreateView(TrajectoryMixin, View):
    permission_required = "improvement_plans.work_on_plan"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            plan = services.plan_create(user=request.user, trajectory=self.trajectory)
        except ValidationError as error:
            messages.warning(request, _message(error))
            return HttpResponseRedirect(reverse("improvement_plans:plan_latest", args=[self.trajectory.pk]))
        messages.success(
            request,
            _(
                "The improvement plan has been started. Add the goals with their measures and the result agreements."
            ),
        )
        return HttpResponseRedirect(plan.get_absolute_url())


class PlanDetailView(PlanMixin, TemplateView):
    permission_required = "improvement_plans.view_trajectory"
    template_name = "improvement_plans/plan_detail.html"

    def get_context_data(self, **kwargs):
        user, trajectory = self.request.user, self.trajectory
        plan = selectors.plan_with_everything(self.plan)
        reviews = list(plan.reviews.all())
        decided = [review for review in reviews if review.decision]
        last_decision = decided[0] if decided else None
        # The comments of the last return stay at their goals until the next decision.
        returned = (
            last_decision if last_decision and last_decision.decision == ReviewDecision.RETURNED else None
        )
        themes, total, measure_count = _goal_rows(plan)
        versions = _versions(trajectory)
        editable = plan_can_change(trajectory, plan)
        open_version = next((version for version in versions if version.status in OPEN_STATUSES), None)
        # During execution, each goal's latest reported status and value (from the progress reports).
        goals = [(row.number, row.goal) for theme in themes for row in theme.goals]
        standings = []
        if plan.is_approved and trajectory.execution_started_on:
            found = latest_goal_progress(trajectory, [goal for _number, goal in goals])
            standings = [(number, standing) for (number, _goal), standing in zip(goals, found, strict=True)]
        return super().get_context_data(
            goal_standings=standings,
            themes=themes,
            total_cost=total,
            measure_count=measure_count,
            versions=versions,
            newest_number=versions[-1].number if versions else plan.number,
            reviews=reviews,
            last_decision=last_decision,
            returned_review=returned,
            pending_review=next((review for review in reviews if not review.decision), None),
            open_version=open_version,
            can_work=editable and user.has_perm("improvement_plans.work_on_plan", trajectory),
            can_submit=editable and user.has_perm("improvement_plans.submit_plan", trajectory),
            can_review=plan.status == SubmissionStatus.SUBMITTED
            and user.has_perm("improvement_plans.review_plan", trajectory),
            can_start_version=plan.status == SubmissionStatus.APPROVED
            and trajectory.phase == Phase.EXECUTION
            and open_version is None
            and user.has_perm("improvement_plans.start_plan_version", trajectory),
            **kwargs,
        ) | {"plan": plan}


class PlanFormMixin(PlanMixin, EditablePlanMixin, ServiceFormMixin):
    permission_required = "improvement_plans.work_on_plan"

    @cached_property
    def period(self):
        return services.plan_period(self.trajectory)


class PlanAgreementsView(PlanFormMixin, FormView):
    form_class = PlanAgreementsForm
    template_name = "improvement_plans/plan_agreements.html"
    page_title = gettext_lazy("Result agreements")
    success_message = gettext_lazy("The result agreements have been saved.")

    @cached_property
    def baselines(self):
        """The school's starting values the monitor knows (empty without it): the pre-fill of empty fields."""
        return baselines_for(self.plan)

    def get_initial(self):
        return PlanAgreementsForm.initial_for(self.plan, self.baselines)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def call_service(self, form):
        data = form.cleaned_data
        return services.plan_update_agreements(
            user=self.request.user,
            plan=self.plan,
            expected_version=data["version"],
            final_test=data["final_test"],
            final_test_target=data["final_test_target"],
            final_test_baseline=data["final_test_baseline"],
            lwoo_target=data["lwoo_target"],
            lwoo_baseline=data["lwoo_baseline"],
            target_date=data["target_date"],
            target_justification=data["target_justification"],
        )

    def get_context_data(self, **kwargs):
        verdict = self.trajectory.school.inspection_verdicts.order_by("-date", "-id").first()
        plan = self.plan
        prefilled = {
            "final_test": self.baselines.final_test if plan.final_test_baseline is None else None,
            "lwoo": self.baselines.lwoo if plan.lwoo_baseline is None else None,
        }
        return super().get_context_data(
            verdict=verdict,
            programme_round=self.trajectory.programme_round,
            prefilled=prefilled if any(prefilled.values()) else None,
            **kwargs,
        )


class GoalFormMixin(PlanFormMixin):
    form_class = GoalForm
    template_name = "improvement_plans/goal_form.html"
    goal = None

    def get_form_kwargs(self):
        findings = AnalysisFinding.objects.filter(analysis__trajectory=self.trajectory).order_by("id")
        previous = self.goal.previous if self.goal is not None else None
        return {
            **super().get_form_kwargs(),
            "findings": findings,
            "period": self.period,
            "previous": previous,
        }

    def call_service(self, form):
        return services.goal_save(
            user=self.request.user, plan=self.plan, goal=self.goal, **form.service_arguments()
        )

    def get_success_url(self) -> str:
        return f"{self.submission_url}#doel-{self.object.pk}"


class GoalCreateView(GoalFormMixin, FormView):
    page_title = gettext_lazy("Add a goal")
    success_message = gettext_lazy("The goal has been added. Now add the measures that serve it.")

    def get_initial(self):
        theme = self.request.GET.get("thema", "")
        return {"theme": theme} if theme else {}


class GoalMixin:
    @cached_property
    def goal(self) -> Goal:
        return get_object_or_404(
            self.plan.goals.select_related("previous__plan").prefetch_related("findings", "measures"),
            pk=self.kwargs["goal_pk"],
        )


class GoalUpdateView(GoalMixin, GoalFormMixin, FormView):
    page_title = gettext_lazy("Change a goal")
    success_message = gettext_lazy("The goal has been changed.")

    def get_initial(self):
        return GoalForm.initial_for(self.goal)


class GoalRemoveView(GoalMixin, PlanFormMixin, RemoveConfirmMixin, FormView):
    template_name = "improvement_plans/goal_remove.html"
    form_class = VersionedRemoveConfirmForm
    page_title = gettext_lazy("Remove a goal")
    success_message = gettext_lazy("The goal has been removed from the plan.")
    button = gettext_lazy("Remove goal")

    def get_initial(self):
        return {"version": self.goal.version}

    def call_service(self, form):
        services.goal_remove(
            user=self.request.user, goal=self.goal, expected_version=form.cleaned_data["version"]
        )
        return self.plan


class MeasureFormMixin(PlanFormMixin):
    form_class = MeasureForm
    template_name = "improvement_plans/measure_form.html"
    measure = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "period": self.period}

    def call_service(self, form):
        return services.measure_save(
            user=self.request.user, goal=self.goal, measure=self.measure, **form.service_arguments()
        )

    def get_success_url(self) -> str:
        return f"{self.submission_url}#doel-{self.goal.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(goal=self.goal, **kwargs)


class MeasureCreateView(GoalMixin, MeasureFormMixin, FormView):
    page_title = gettext_lazy("Add a measure")
    success_message = gettext_lazy("The measure has been added.")


class MeasureMixin:
    @cached_property
    def measure(self) -> Measure:
        return get_object_or_404(
            Measure.objects.filter(goal__plan=self.plan).select_related("goal__plan"),
            pk=self.kwargs["measure_pk"],
        )

    @property
    def goal(self) -> Goal:
        return self.measure.goal


class MeasureUpdateView(MeasureMixin, MeasureFormMixin, FormView):
    page_title = gettext_lazy("Change a measure")
    success_message = gettext_lazy("The measure has been changed.")

    def get_initial(self):
        return MeasureForm.initial_for(self.measure)


class MeasureRemoveView(MeasureMixin, PlanFormMixin, RemoveConfirmMixin, FormView):
    template_name = "improvement_plans/measure_remove.html"
    form_class = VersionedRemoveConfirmForm
    page_title = gettext_lazy("Remove a measure")
    success_message = gettext_lazy("The measure has been removed.")
    button = gettext_lazy("Remove measure")

    def get_initial(self):
        return {"version": self.measure.version}

    def call_service(self, form):
        services.measure_remove(
            user=self.request.user, measure=self.measure, expected_version=form.cleaned_data["version"]
        )
        return self.plan

    def get_success_url(self) -> str:
        return f"{self.submission_url}#doel-{self.goal.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(goal=self.goal, **kwargs)


class PlanSubmitView(PlanMixin, EditablePlanMixin, SubmitViewMixin, FormView):
    """Check and confirm: what will be sent, what is still missing, and what happens next."""

    permission_required = "improvement_plans.submit_plan"
    form_class = PlanSubmitForm
    template_name = "improvement_plans/plan_submit.html"
    page_title = gettext_lazy("Submit the improvement plan")
    success_message = gettext_lazy(
        "The improvement plan has been submitted to the expert group. The expert group approves it or returns it "
        "to you with comments per goal."
    )

    @cached_property
    def full_plan(self) -> ImprovementPlan:
        return selectors.plan_with_everything(self.plan)

    def submit(self, expected_version: int) -> None:
        services.plan_submit(user=self.request.user, plan=self.plan, expected_version=expected_version)

    def missing_parts(self) -> list:
        return _missing_with_links(self.trajectory, self.full_plan)

    def get_context_data(self, **kwargs):
        plan = self.full_plan
        themes, total, measure_count = _goal_rows(plan)
        return super().get_context_data(
            themes=themes,
            total_cost=total,
            measure_count=measure_count,
            # The parts other steps keep of this version (its budget): drawn up or not.
            plan_parts=plan_parts(plan),
            **kwargs,
        ) | {"plan": plan}


class PlanReviewView(PlanMixin, PendingReviewMixin, ServiceFormMixin, FormView):
    """The expert group's decision on a submitted version, with comments per goal."""

    permission_required = "improvement_plans.review_plan"
    form_class = PlanReviewForm
    template_name = "improvement_plans/plan_review.html"
    page_title = gettext_lazy("Review the improvement plan")
    nothing_to_review_message = gettext_lazy("There is no submitted version of the plan to judge.")
    decision_help = (
        gettext_lazy(
            "Approve: this version is fixed and becomes the plan the school carries out; the first approval starts the execution today."
        ),
        gettext_lazy(
            "Return with comments: the school board changes the plan and submits it again. Write what has to change, in general or with the goals it concerns."
        ),
    )
    cancel_label = gettext_lazy("Cancel and go back to the plan")

    @cached_property
    def full_plan(self) -> ImprovementPlan:
        return selectors.plan_with_everything(self.plan)

    def get_form_kwargs(self):
        themes, _total, _count = _goal_rows(self.full_plan)
        goals = [(row.number, row.goal) for theme in themes for row in theme.goals]
        return {**super().get_form_kwargs(), "goals": goals}

    def call_service(self, form):
        decision, comments = form.cleaned_data["decision"], form.cleaned_data["comments"]
        user, plan = self.request.user, self.plan
        if decision == ReviewDecision.APPROVED:
            if plan.previous_id:
                self.success_message = _(
                    "The improvement plan has been approved and replaces version %(number)s."
                ) % {"number": plan.previous.number}
            else:
                self.success_message = _("The improvement plan has been approved. Execution starts today.")
            services.plan_approve(user=user, plan=plan, comments=comments)
        else:
            self.success_message = _("The improvement plan has been returned to the school board.")
            services.plan_return(user=user, plan=plan, comments=comments, goal_comments=form.goal_comments())
        return plan

    def get_context_data(self, **kwargs):
        plan = self.full_plan
        themes, total, measure_count = _goal_rows(plan)
        return (
            super().get_context_data(
                themes=themes,
                total_cost=total,
                measure_count=measure_count,
                **kwargs,
            )
            | self.review_context(plan)
            | {"plan": plan}
        )


class PlanNewVersionView(TrajectoryMixin, ServiceFormMixin, FormView):
    """After an audit: a new version from the approved one, with the reason."""

    permission_required = "improvement_plans.start_plan_version"
    form_class = PlanNewVersionForm
    template_name = "improvement_plans/plan_new_version.html"
    page_title = gettext_lazy("Start a new version of the plan")
    success_message = gettext_lazy(
        "A new version of the plan has been started. Change what the audit asks for and submit it to the expert "
        "group."
    )

    @cached_property
    def current(self) -> ImprovementPlan | None:
        return self.trajectory.plans.filter(status=SubmissionStatus.APPROVED).first()

    def refuse(self):
        trajectory = self.trajectory
        reason = None
        if trajectory.phase != Phase.EXECUTION or self.current is None:
            reason = _("A new version can only be started from an approved plan during the execution.")
        elif trajectory.plans.filter(status__in=OPEN_STATUSES).exists():
            reason = _("A new version of this plan is already being written.")
        if reason is None:
            return None
        messages.warning(self.request, reason)
        return HttpResponseRedirect(reverse("improvement_plans:plan_latest", args=[trajectory.pk]))

    def call_service(self, form):
        return services.plan_new_version(
            user=self.request.user, trajectory=self.trajectory, reason=form.cleaned_data["reason"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            current=self.current,
            cancel_url=self.current.get_absolute_url()
            if self.current
            else self.trajectory.get_absolute_url(),
            **kwargs,
        )


class PlanCompareView(PlanMixin, TemplateView):
    """What a version changed against the one before, per goal."""

    permission_required = "improvement_plans.view_trajectory"
    template_name = "improvement_plans/plan_compare.html"

    def get_context_data(self, **kwargs):
        plan = self.plan
        if plan.previous_id is None:
            raise Http404(_("The first version of a plan has nothing to compare with."))
        rows = []
        for change in selectors.plan_comparison(plan):
            target_changed = (
                change.goal is not None
                and change.previous is not None
                and change.goal.target != change.previous.target
            )
            rows.append(
                {
                    "change": change,
                    "kind": change.kind,
                    "target_changed": target_changed,
                    "changes": _dutch_numbers(change),
                }
            )
        counts = {
            kind: sum(row["kind"] == kind for row in rows)
            for kind in ("added", "changed", "unchanged", "removed")
        }
        return super().get_context_data(
            rows=rows, counts=counts, previous=plan.previous, versions=_versions(self.trajectory), **kwargs
        )
