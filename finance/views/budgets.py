"""The budget pages of a trajectory: what the budget step is (before there is one), starting a budget or its
revision, a budget version with its lines and totals (downloadable), adding, changing and removing lines,
submitting, the expert group's decision with the board's waiver, and the municipality's grant decision.

Every change goes through `finance.services`; their ValidationErrors land on the forms. Pages that change a budget
refuse while it cannot be changed (EditableBudgetMixin); the services refuse as well.
"""

from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from improvement_plans import selectors as plan_selectors
from improvement_plans.models import Measure
from kwaliteitsaanpak.core.concurrency import VersionedRemoveConfirmForm
from kwaliteitsaanpak.core.money import format_money
from kwaliteitsaanpak.core.views import (
    PendingReviewMixin,
    RemoveConfirmMixin,
    ServiceFormMixin,
    SubmitViewMixin,
)
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus

from .. import selectors, services
from ..forms.budgets import (
    BudgetLineForm,
    BudgetReviewForm,
    BudgetStartForm,
    BudgetSubmitForm,
    GrantDecisionForm,
    measure_label,
)
from ..models import Budget, BudgetLine
from ..tables.budgets import (
    BudgetLineTable,
    CategoryTable,
    FunderTable,
    MeasureTotalTable,
    YearTable,
    funder_rows,
    split_rows,
)
from .base import BudgetMixin, EditableBudgetMixin, FinanceMixin, TableExportMixin, budget_can_change

LINES_ANCHOR = "regels"


def _plan_measures(plan) -> list[tuple[Measure, str]]:
    """The plan version's measures with a label a person can tell apart, in the plan's order. Two queries."""
    numbers = plan_selectors.goal_numbers(plan)
    measures = Measure.objects.filter(goal__plan=plan).select_related("goal")
    measures = measures.order_by(*plan_selectors.goal_order("goal"), "starts_on", "id")
    return [(measure, measure_label(measure, numbers.get(measure.goal_id, 0))) for measure in measures]


def _can_start_budget(user, trajectory, plan) -> bool:
    return (
        plan is not None
        and plan.status != SubmissionStatus.SUPERSEDED
        and trajectory.phase in services.BUDGET_PHASES
        and user.has_perm("finance.work_on_budget", trajectory)
    )


def _budget_tables(budget, overview, goal_numbers: dict[int, int], change_links=None) -> dict:
    """The page's tables by their export name: lines, per measure, per school year, per cost category, per funder
    (the overview's lines and measures come in the plan's order)."""
    total = overview.total
    measure_rows = [
        {
            "measure": _("Goal %(number)s · %(kind)s: %(description)s")
            % {
                "number": goal_numbers.get(row.measure.goal_id, "?"),
                "kind": row.measure.get_kind_display(),
                "description": row.measure.description,
            },
            "budgeted": row.budgeted.total,
            "municipality": row.budgeted.municipality,
            "board": row.budgeted.board,
            "estimated": row.estimated,
            "difference": row.difference,
        }
        for row in overview.per_measure
    ]
    measure_rows.append(
        {
            "measure": _("Total"),
            "budgeted": total.total,
            "municipality": total.municipality,
            "board": total.board,
            "estimated": overview.estimated,
            "difference": overview.difference,
            "is_total": True,
        }
    )
    return {
        "regels": BudgetLineTable(
            overview.lines,
            total=total,
            goal_numbers=goal_numbers,
            change_links=change_links,
            labelledby="regels-heading",
        ),
        "maatregelen": MeasureTotalTable(measure_rows, labelledby="measures-heading"),
        "schooljaren": YearTable(split_rows(overview.per_year, total), labelledby="years-heading"),
        "kostensoorten": CategoryTable(
            split_rows(overview.per_category, total), labelledby="categories-heading"
        ),
        "financiers": FunderTable(funder_rows(total, budget.commitment), labelledby="funders-heading"),
    }


class BudgetLatestView(FinanceMixin, TemplateView):
    """The newest budget; before there is one, what the budget step is and (for who may) a link to start it."""

    permission_required = "finance.view_budget"
    template_name = "finance/budget_start.html"

    def get(self, request, *args, **kwargs):
        latest = selectors.latest_budget(self.trajectory)
        if latest is not None:
            return HttpResponseRedirect(latest.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        trajectory = self.trajectory
        plan = plan_selectors.latest_plan(trajectory)
        return super().get_context_data(
            heading=_("Budget"),
            plan=plan,
            can_start=_can_start_budget(self.request.user, trajectory, plan),
            budget_phase=trajectory.phase in services.BUDGET_PHASES,
            **kwargs,
        )


class BudgetCreateView(FinanceMixin, ServiceFormMixin, FormView):
    """Start the budget of the newest plan version: the first one, or a revision of the budget before it."""

    permission_required = "finance.work_on_budget"
    form_class = BudgetStartForm
    template_name = "finance/budget_create.html"

    @cached_property
    def plan(self):
        return plan_selectors.latest_plan(self.trajectory)

    @cached_property
    def previous(self) -> Budget | None:
        return selectors.latest_budget(self.trajectory)

    @property
    def page_title(self) -> str:
        return _("Revise the budget") if self.previous else _("Draw up the budget")

    def refuse(self):
        trajectory, plan = self.trajectory, self.plan
        latest_url = reverse("finance:budget_latest", args=[trajectory.pk])
        if plan is None:
            messages.warning(
                self.request,
                _("A budget belongs to a version of the improvement plan: write the plan first."),
            )
            return HttpResponseRedirect(latest_url)
        if self.previous is not None and self.previous.plan_id == plan.pk:
            messages.info(
                self.request,
                _("Version %(number)s of the plan already has a budget: here it is.")
                % {"number": plan.number},
            )
            return HttpResponseRedirect(self.previous.get_absolute_url())
        if trajectory.phase not in services.BUDGET_PHASES:
            messages.warning(
                self.request,
                _(
                    "A budget can be drawn up while the plan is written or carried out, not in the phase “%(phase)s”."
                )
                % {"phase": trajectory.get_phase_display()},
            )
            return HttpResponseRedirect(latest_url)
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "revision": self.previous is not None}

    def get_initial(self):
        return {"reason": self.plan.change_reason}

    def call_service(self, form):
        budget = services.budget_create(
            user=self.request.user, plan=self.plan, reason=form.cleaned_data.get("reason", "")
        )
        if self.previous is None:
            self.success_message = _(
                "The budget has been started. Add its lines: per measure, school year and cost category, split "
                "between the municipality and the school board."
            )
        else:
            self.success_message = _(
                "The revision has been started with the lines of version %(number)s. Change what the new plan "
                "version asks for and submit the budget again."
            ) % {"number": self.previous.number}
        return budget

    def get_context_data(self, **kwargs):
        previous = self.previous
        copied = None
        if previous is not None:
            totals = selectors.Split()
            lines = list(previous.lines.values_list("municipality_amount", "board_amount"))
            for municipality, board in lines:
                totals.add(municipality, board)
            copied = {"count": len(lines), "total": totals.total}
        return super().get_context_data(
            heading=self.page_title,
            plan=self.plan,
            previous=previous,
            copied=copied,
            cancel_url=previous.get_absolute_url()
            if previous
            else reverse("finance:budget_latest", args=[self.trajectory.pk]),
            **kwargs,
        )


class BudgetDetailView(BudgetMixin, TableExportMixin, TemplateView):
    """A budget version: its status and commitment, its lines and totals, the decisions on it, and what can be done
    next. A fixed number of queries, whatever the number of lines, years, categories and measures."""

    permission_required = "finance.view_budget"
    template_name = "finance/budget_detail.html"
    tab = "budget"
    export_prefix = "begroting"

    @property
    def export_name(self) -> str:
        return f"{super().export_name}-versie-{self.budget.number}"

    @cached_property
    def overview(self):
        return selectors.budget_overview(self.budget)

    @cached_property
    def goal_numbers(self) -> dict[int, int]:
        return plan_selectors.goal_numbers(self.budget.plan)

    @cached_property
    def can_work(self) -> bool:
        return budget_can_change(self.trajectory, self.budget) and self.request.user.has_perm(
            "finance.work_on_budget", self.trajectory
        )

    def export_tables(self) -> dict:
        change_links = (self.trajectory.pk, self.budget.number) if self.can_work else None
        return _budget_tables(self.budget, self.overview, self.goal_numbers, change_links)

    def get_context_data(self, **kwargs):
        user, trajectory = self.request.user, self.trajectory
        budget = selectors.budget_with_everything(self.budget)
        editable = budget_can_change(trajectory, budget)
        reviews = list(budget.reviews.all())
        decided = [review for review in reviews if review.decision]
        last_decision = decided[0] if decided else None
        versions = selectors.budgets_of(trajectory)
        newest_plan = plan_selectors.latest_plan(trajectory)
        budgeted_plans = {version.plan_id for version in versions}
        can_revise = (
            newest_plan is not None
            and newest_plan.pk not in budgeted_plans
            and _can_start_budget(user, trajectory, newest_plan)
        )
        return super().get_context_data(
            heading=_("Budget"),
            overview=self.overview,
            tables=self.export_tables(),
            versions=versions,
            newest_number=versions[-1].number if versions else budget.number,
            newest_plan=newest_plan,
            can_revise=can_revise,
            reviews=reviews,
            pending_review=next((review for review in reviews if not review.decision), None),
            returned_review=last_decision
            if last_decision and last_decision.decision == ReviewDecision.RETURNED
            else None,
            grant_decision=getattr(budget, "grant_decision", None),
            can_work=self.can_work,
            can_submit=editable and user.has_perm("finance.submit_budget", trajectory),
            can_review=budget.status == SubmissionStatus.SUBMITTED
            and trajectory.phase in services.BUDGET_PHASES
            and user.has_perm("finance.review_budget", trajectory),
            can_grant=budget.status == SubmissionStatus.APPROVED
            and user.has_perm("finance.record_grant_decision", trajectory),
            lines_anchor=LINES_ANCHOR,
            **kwargs,
        ) | {"budget": budget}


class BudgetFormMixin(BudgetMixin, EditableBudgetMixin, ServiceFormMixin):
    """A page that changes a budget that can still be changed."""

    permission_required = "finance.work_on_budget"

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.page_title, **kwargs)


class BudgetLineFormMixin(BudgetFormMixin):
    form_class = BudgetLineForm
    template_name = "finance/budget_line_form.html"
    line = None

    @cached_property
    def measures(self) -> list:
        return _plan_measures(self.budget.plan)

    def get_form_kwargs(self):
        years = services.budget_school_years(self.budget.plan)
        if self.line is not None and self.line.school_year not in years:
            years = sorted([*years, self.line.school_year])
        return {**super().get_form_kwargs(), "measures": self.measures, "school_years": years}

    def get_context_data(self, **kwargs):
        return super().get_context_data(has_measures=bool(self.measures), **kwargs)

    def call_service(self, form):
        return services.budget_line_save(
            user=self.request.user, budget=self.budget, line=self.line, **form.service_arguments()
        )

    def get_success_url(self) -> str:
        return f"{self.submission_url}#{LINES_ANCHOR}"


class BudgetLineCreateView(BudgetLineFormMixin, FormView):
    page_title = gettext_lazy("Add a budget line")
    success_message = gettext_lazy("The line has been added to the budget.")


class BudgetLineMixin:
    """`self.line` is the line of the URL's `line_pk` within this budget; 404 otherwise."""

    @cached_property
    def line(self) -> BudgetLine:
        lines = BudgetLine.objects.filter(budget=self.budget).select_related("measure__goal")
        return get_object_or_404(lines, pk=self.kwargs["line_pk"])


class BudgetLineUpdateView(BudgetLineMixin, BudgetLineFormMixin, FormView):
    page_title = gettext_lazy("Change a budget line")
    success_message = gettext_lazy("The line has been changed.")

    def get_initial(self):
        return BudgetLineForm.initial_for(self.line)


class BudgetLineRemoveView(BudgetLineMixin, BudgetFormMixin, RemoveConfirmMixin, FormView):
    """A confirmation page with the line's figures, then the service removes it."""

    template_name = "finance/budget_line_remove.html"
    form_class = VersionedRemoveConfirmForm
    page_title = gettext_lazy("Remove a budget line")
    success_message = gettext_lazy("The line has been removed from the budget.")
    button = gettext_lazy("Remove line")

    def get_initial(self):
        return {"version": self.line.version}

    def call_service(self, form):
        services.budget_line_remove(
            user=self.request.user, line=self.line, expected_version=form.cleaned_data["version"]
        )
        return self.budget

    def get_success_url(self) -> str:
        return f"{self.submission_url}#{LINES_ANCHOR}"

    def get_context_data(self, **kwargs):
        numbers = plan_selectors.goal_numbers(self.budget.plan)
        return super().get_context_data(
            line=self.line, goal_number=numbers.get(self.line.measure.goal_id, "?"), **kwargs
        )


def _missing_with_links(trajectory, budget, can_work: bool) -> list[tuple[str, str | None]]:
    """What `services.budget_missing_parts` says is missing, each with a link to where it is done."""
    links = {
        _("The budget has no lines yet: add at least one amount."): reverse(
            "finance:budget_line_create", args=[trajectory.pk, budget.number]
        )
        if can_work
        else None,
    }
    plan_url = budget.plan.get_absolute_url()
    return [(item, links.get(item, plan_url)) for item in services.budget_missing_parts(budget)]


class BudgetSubmitView(BudgetMixin, EditableBudgetMixin, SubmitViewMixin, FormView):
    """Check and confirm: the totals, what is still missing, and what happens next."""

    permission_required = "finance.submit_budget"
    form_class = BudgetSubmitForm
    template_name = "finance/budget_submit.html"
    page_title = gettext_lazy("Submit the budget")
    success_message = gettext_lazy(
        "The budget has been submitted to the expert group. The expert group approves it together with its plan, "
        "or returns it to you with comments."
    )

    def submit(self, expected_version: int) -> None:
        services.budget_submit(user=self.request.user, budget=self.budget, expected_version=expected_version)

    def missing_parts(self) -> list:
        can_work = self.request.user.has_perm("finance.work_on_budget", self.trajectory)
        return _missing_with_links(self.trajectory, self.budget, can_work)

    def get_context_data(self, **kwargs):
        overview = selectors.budget_overview(self.budget)
        return super().get_context_data(
            heading=self.page_title,
            overview=overview,
            funders=FunderTable(funder_rows(overview.total, self.budget.commitment)),
            warnings=selectors.budget_warnings(self.budget),
            **kwargs,
        )


class BudgetReviewView(BudgetMixin, PendingReviewMixin, ServiceFormMixin, FormView):
    """The expert group's decision on a submitted budget: approve it (for an approved plan, with the board's
    waiver of financial equalisation) or return it with comments."""

    permission_required = "finance.review_budget"
    form_class = BudgetReviewForm
    template_name = "finance/budget_review.html"
    page_title = gettext_lazy("Review the budget")
    nothing_to_review_message = services.NOTHING_TO_JUDGE
    decision_help = (
        gettext_lazy(
            "Approve: the municipality's share becomes committed and the budget can no longer be changed. Record the school board's waiver of its claims to financial equalisation."
        ),
        gettext_lazy(
            "Return with comments: the financial expert changes the budget and submits it again. Write what has to change."
        ),
    )
    cancel_label = gettext_lazy("Cancel and go back to the budget")

    def call_service(self, form):
        data, user, budget = form.cleaned_data, self.request.user, self.budget
        if data["decision"] == ReviewDecision.APPROVED:
            budget = services.budget_approve(
                user=user,
                budget=budget,
                waiver_confirmed=data["waiver_confirmed"],
                equalisation_waived_on=data["equalisation_waived_on"],
                comments=data["comments"],
            )
            self.success_message = _(
                "The budget has been approved: the municipality's share of %(amount)s is committed."
            ) % {"amount": format_money(selectors.municipality_share(budget))}
        else:
            budget = services.budget_return(user=user, budget=budget, comments=data["comments"])
            self.success_message = _(
                "The budget has been returned to the financial expert with your comments."
            )
        return budget

    def get_context_data(self, **kwargs):
        budget = selectors.budget_with_everything(self.budget)
        overview = selectors.budget_overview(budget)
        return (
            super().get_context_data(
                heading=self.page_title,
                overview=overview,
                funders=FunderTable(funder_rows(overview.total, budget.commitment)),
                plan_approved=budget.plan.is_approved,
                **kwargs,
            )
            | self.review_context(budget)
            | {"budget": budget}
        )


class GrantDecisionView(BudgetMixin, ServiceFormMixin, FormView):
    """Record (or correct) the municipality's grant decision on the approved budget."""

    permission_required = "finance.record_grant_decision"
    form_class = GrantDecisionForm
    template_name = "finance/grant_decision.html"

    @cached_property
    def decision(self):
        return getattr(self.budget, "grant_decision", None)

    @cached_property
    def share(self) -> Decimal:
        return selectors.municipality_share(self.budget)

    @property
    def page_title(self) -> str:
        return _("Correct the grant decision") if self.decision else _("Record the grant decision")

    def refuse(self):
        if self.budget.status == SubmissionStatus.APPROVED:
            return None
        messages.warning(self.request, _("A grant decision is recorded for the approved budget only."))
        return HttpResponseRedirect(self.submission_url)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "share": self.share, "correcting": self.decision is not None}

    def get_initial(self):
        decision = self.decision
        if decision is None:
            return {}
        return {"date": decision.date, "reference": decision.reference, "amount": decision.amount}

    def call_service(self, form):
        data = form.cleaned_data
        services.grant_decision_save(
            user=self.request.user,
            budget=self.budget,
            date=data["date"],
            reference=data["reference"],
            amount=data["amount"],
        )
        self.success_message = (
            _("The grant decision has been corrected.")
            if self.decision
            else _("The grant decision has been recorded.")
        )
        return self.budget

    def get_success_url(self) -> str:
        return f"{self.submission_url}#beschikking"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.page_title, share=self.share, decision=self.decision, **kwargs
        )
