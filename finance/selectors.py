"""Reads shared by the finance pages, their exports and the trajectory page.

The budget and realisation overviews are computed in Python from one query for the lines and one for what was
spent, so their cost does not grow with lines × years × funders. The budget's QuerySet (`visible_to`, `current`,
`with_totals`) lives with the model in `finance.models`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from improvement_plans.constants import Phase
from improvement_plans.models import Measure, Trajectory
from improvement_plans.selectors import SUBMISSION_TASK_STATUS, goal_numbers, goal_order, latest_plan
from kwaliteitsaanpak.core.dates import school_year_of
from kwaliteitsaanpak.core.money import ZERO, format_money, percentage
from kwaliteitsaanpak.core.steps import NextStep, Task, TaskStatus
from kwaliteitsaanpak.core.workflow import SubmissionStatus

from .constants import CostCategory, Quarter, school_year_label
from .models import (
    MONEY,
    Budget,
    BudgetQuerySet,
    BudgetReview,
    ExpertCost,
    RealisationEntry,
    RealisationQuarter,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def finance_overview(user) -> BudgetQuerySet:
    """The finance overview's rows: per trajectory the budget that counts now, with its totals."""
    return (
        Budget.objects.visible_to(user)
        .current()
        .with_totals()
        .select_related("trajectory__school__board", "plan")
        .order_by("trajectory__school__name")
    )


def programme_totals(budgets: BudgetQuerySet) -> dict[str, Decimal]:
    """The sums over the overview's rows (after its filters): committed and planned municipal money, the boards'
    shares, grants, spending and the experts' costs."""
    rows = budgets.order_by().values(
        "status",
        "municipality_total",
        "board_total",
        "granted",
        "spent_municipality",
        "spent_board",
        "expert_costs",
    )
    totals = dict.fromkeys(
        ["committed", "planned", "board", "granted", "spent_municipality", "spent_board", "expert_costs"],
        ZERO,
    )
    for row in rows:
        key = "committed" if row["status"] == SubmissionStatus.APPROVED else "planned"
        totals[key] += row["municipality_total"]
        totals["board"] += row["board_total"]
        totals["granted"] += row["granted"] or ZERO
        totals["spent_municipality"] += row["spent_municipality"]
        totals["spent_board"] += row["spent_board"]
        totals["expert_costs"] += row["expert_costs"]
    return totals


# One budget: its versions, its lines and their totals


def budgets_of(trajectory: Trajectory) -> list:
    """Every budget version of a trajectory, oldest first (for the version navigation)."""
    return list(Budget.objects.filter(trajectory=trajectory).select_related("plan").order_by("plan__number"))


def latest_budget(trajectory: Trajectory) -> Budget | None:
    """The budget of the newest plan version that has one, or None."""
    return (
        Budget.objects.filter(trajectory=trajectory).select_related("plan").order_by("-plan__number").first()
    )


def approved_budget(trajectory: Trajectory) -> Budget | None:
    return (
        Budget.objects.filter(trajectory=trajectory, status=SubmissionStatus.APPROVED)
        .select_related("plan")
        .first()
    )


def budget_with_everything(budget: Budget) -> Budget:
    """A budget with its plan, trajectory, grant decision and reviews, in a fixed number of queries."""
    return (
        Budget.objects.filter(pk=budget.pk)
        .select_related("trajectory__school__board", "plan", "created_by", "grant_decision__recorded_by")
        .prefetch_related(
            models.Prefetch(
                "reviews", queryset=BudgetReview.objects.select_related("submitted_by", "decided_by")
            )
        )
        .get()
    )


@dataclass
class Split:
    """An amount split between the two funders."""

    municipality: Decimal = ZERO
    board: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.municipality + self.board

    @property
    def municipality_percentage(self) -> Decimal | None:
        return percentage(self.municipality, self.total)

    @property
    def board_percentage(self) -> Decimal | None:
        return percentage(self.board, self.total)

    def add(self, municipality: Decimal, board: Decimal) -> None:
        self.municipality += municipality
        self.board += board

    def __sub__(self, other: Split) -> Split:
        return Split(self.municipality - other.municipality, self.board - other.board)


@dataclass
class MeasureTotal:
    """A measure of the plan: what the budget holds for it against the plan's estimated cost."""

    measure: Measure
    budgeted: Split
    line_count: int

    @property
    def estimated(self) -> Decimal:
        return self.measure.estimated_cost

    @property
    def difference(self) -> Decimal:
        """Budgeted minus estimated: positive when the budget holds more than the plan estimated."""
        return self.budgeted.total - self.estimated


@dataclass
class BudgetOverview:
    lines: list
    total: Split
    per_measure: list[MeasureTotal]
    per_year: list[tuple[StrOrPromise, Split]]
    per_category: list[tuple[StrOrPromise, Split]]

    @property
    def estimated(self) -> Decimal:
        return sum((row.estimated for row in self.per_measure), ZERO)

    @property
    def difference(self) -> Decimal:
        return self.total.total - self.estimated


def budget_lines(budget: Budget) -> list:
    """The lines of a budget with their measure and goal, in the order of the plan's goal numbers
    (`improvement_plans.selectors.goal_order`), then measure, school year and entry. One query."""
    return list(
        budget.lines.select_related("measure__goal").order_by(
            *goal_order("measure__goal"), "measure__starts_on", "measure_id", "school_year", "id"
        )
    )


def budget_overview(budget: Budget) -> BudgetOverview:
    """The lines of a budget and their totals per measure (against the plan's estimate), per school year, per cost
    category and per funder: two queries, whatever the number of lines. Lines and measures come in the order of the
    plan's goal numbers."""
    lines = budget_lines(budget)
    measures = Measure.objects.filter(goal__plan_id=budget.plan_id).select_related("goal")
    measures = measures.order_by(*goal_order("goal"), "starts_on", "id")
    total = Split()
    per_measure = {measure.pk: MeasureTotal(measure, Split(), 0) for measure in measures}
    per_year: dict[int, Split] = defaultdict(Split)
    per_category: dict[str, Split] = defaultdict(Split)
    for line in lines:
        for split in (
            total,
            per_measure[line.measure_id].budgeted,
            per_year[line.school_year],
            per_category[line.category],
        ):
            split.add(line.municipality_amount, line.board_amount)
        per_measure[line.measure_id].line_count += 1
    return BudgetOverview(
        lines=lines,
        total=total,
        per_measure=list(per_measure.values()),
        per_year=[(school_year_label(year), per_year[year]) for year in sorted(per_year)],
        per_category=[
            (category.label, per_category[category]) for category in CostCategory if category in per_category
        ],
    )


def municipality_share(budget: Budget) -> Decimal:
    return budget.lines.aggregate(
        total=Coalesce(Sum("municipality_amount"), Value(ZERO), output_field=MONEY)
    )["total"]


# What was spent against the budget


@dataclass
class Variance:
    """Budget against realisation, per funder."""

    label: str
    budgeted: Split
    spent: Split
    line: object | None = None

    @property
    def remaining(self) -> Split:
        return self.budgeted - self.spent

    @property
    def overspent(self) -> bool:
        return self.spent.total > self.budgeted.total

    @property
    def overspent_municipality(self) -> bool:
        return self.spent.municipality > self.budgeted.municipality

    @property
    def overspent_board(self) -> bool:
        return self.spent.board > self.budgeted.board

    @property
    def spent_percentage(self) -> Decimal | None:
        return percentage(self.spent.total, self.budgeted.total)


@dataclass
class RealisationOverview:
    budget: object
    per_line: list[Variance]
    per_year: list[Variance]
    total: Variance
    per_quarter: list[tuple[Quarter, Split]]
    earlier_lines: Split = field(default_factory=Split)  # spent on lines this version no longer has

    @property
    def overspent_lines(self) -> int:
        return sum(row.overspent for row in self.per_line)


def realisation_overview(budget: Budget) -> RealisationOverview:
    """Per line, per school year and per funder: the approved budget against what was spent on its lines in every
    quarter so far (also what was recorded against the same lines in earlier versions of the budget). Two queries."""
    lines = budget_lines(budget)
    entries = RealisationEntry.objects.filter(realisation__trajectory_id=budget.trajectory_id).select_related(
        "realisation", "line"
    )
    spent_per_lineage: dict = defaultdict(Split)
    per_quarter: dict[Quarter, Split] = defaultdict(Split)
    spent_per_year: dict[int, Split] = defaultdict(Split)
    current_lineages = {line.lineage for line in lines}
    earlier = Split()
    total_spent = Split()
    for entry in entries:
        spent_per_lineage[entry.lineage].add(entry.municipality_amount, entry.board_amount)
        per_quarter[entry.realisation.period].add(entry.municipality_amount, entry.board_amount)
        spent_per_year[entry.line.school_year].add(entry.municipality_amount, entry.board_amount)
        total_spent.add(entry.municipality_amount, entry.board_amount)
        if entry.lineage not in current_lineages:
            earlier.add(entry.municipality_amount, entry.board_amount)
    budget_per_year: dict[int, Split] = defaultdict(Split)
    budget_total = Split()
    per_line = []
    for line in lines:
        budgeted = Split(line.municipality_amount, line.board_amount)
        budget_per_year[line.school_year].add(line.municipality_amount, line.board_amount)
        budget_total.add(line.municipality_amount, line.board_amount)
        label = (
            f"{line.measure.get_kind_display()} · {line.get_category_display()} · {line.school_year_label}"
        )
        per_line.append(Variance(label, budgeted, spent_per_lineage.get(line.lineage, Split()), line=line))
    years = sorted(set(budget_per_year) | set(spent_per_year))
    return RealisationOverview(
        budget=budget,
        per_line=per_line,
        per_year=[
            Variance(
                school_year_label(year), budget_per_year.get(year, Split()), spent_per_year.get(year, Split())
            )
            for year in years
        ],
        total=Variance(str(_("Total")), budget_total, total_spent),
        per_quarter=sorted(per_quarter.items()),
        earlier_lines=earlier,
    )


def realisation_quarters(trajectory: Trajectory) -> list:
    """The quarters whose spending has been recorded, newest first, with their documents and who recorded them."""
    return list(
        RealisationQuarter.objects.filter(trajectory=trajectory)
        .select_related("recorded_by")
        .prefetch_related("documents__uploaded_by")
        .order_by("-year", "-quarter")
    )


def expert_costs_of(trajectory: Trajectory) -> list:
    return list(
        ExpertCost.objects.filter(trajectory=trajectory)
        .select_related("expert")
        .order_by("-year", "-quarter", "id")
    )


# The budget's step on the trajectory page (registered with improvement_plans in FinanceConfig.ready)


def budget_task(trajectory: Trajectory) -> Task:
    budget = latest_budget(trajectory)
    status: StrOrPromise = TaskStatus.NOT_STARTED
    if budget is not None:
        status = SUBMISSION_TASK_STATUS[budget.status]
    reachable = budget is not None or trajectory.phase in (Phase.PLAN, Phase.EXECUTION, Phase.SUSTAINING)
    return Task(
        _("Budget"), status, url=reverse("finance:budget_latest", args=[trajectory.pk]) if reachable else None
    )


def budget_next_step(trajectory: Trajectory) -> NextStep | None:
    """Once a plan version is approved and while the plan is carried out: what its budget still needs, or None when
    the budget is settled."""
    if trajectory.phase not in (Phase.PLAN, Phase.EXECUTION):
        return None
    plan = latest_plan(trajectory)
    if plan is None or plan.status != SubmissionStatus.APPROVED:
        return None
    budget = latest_budget(trajectory)
    financial_expert, board = _("Financial expert"), _("School board")
    if budget is None or budget.plan_id != plan.pk:
        return NextStep(
            _("Draw up the budget of the approved plan and submit it to the expert group."),
            f"{financial_expert}, {board}",
        )
    if budget.status == SubmissionStatus.DRAFT:
        return NextStep(
            _("Complete the budget and submit it to the expert group."), f"{financial_expert}, {board}"
        )
    if budget.status == SubmissionStatus.RETURNED:
        return NextStep(
            _("Change the budget after the expert group's comments and submit it again."),
            str(financial_expert),
        )
    if budget.status == SubmissionStatus.SUBMITTED:
        return NextStep(_("Approve the budget or return it with comments."), _("Expert group"))
    if not hasattr(budget, "grant_decision"):
        return NextStep(
            _("Record the municipality's grant decision on the approved budget."), _("Programme staff")
        )
    return None


# What the budget's check page warns about: nothing that blocks submitting, but what the expert group will ask.


def budget_warnings(budget: Budget) -> list[str]:
    """Measures of the budget's plan version without a budgeted amount, and spending booked on a line in a quarter
    outside the line's school year, in plain words (empty when there is nothing to warn about)."""
    warnings: list[str] = []
    lines = list(budget.lines.select_related("measure__goal"))
    budgeted = {line.measure_id for line in lines if line.amount > 0}
    numbers = goal_numbers(budget.plan)
    measures = (
        Measure.objects.filter(goal__plan_id=budget.plan_id)
        .select_related("goal")
        .order_by(*goal_order("goal"), "id")
    )
    for measure in measures:
        if measure.pk not in budgeted:
            warnings.append(
                str(
                    _(
                        "Goal %(number)s, %(kind)s (%(measure)s): no amount has been budgeted for this measure."
                    )
                    % {
                        "number": numbers.get(measure.goal_id, "–"),
                        "kind": measure.get_kind_display(),
                        "measure": Truncator(measure.description.strip().rstrip(".")).words(8),
                    }
                )
            )
    by_lineage = {line.lineage: line for line in lines}
    entries = (
        RealisationEntry.objects.filter(
            realisation__trajectory_id=budget.trajectory_id, lineage__in=by_lineage
        )
        .select_related("realisation")
        .order_by("realisation__year", "realisation__quarter", "id")
    )
    for entry in entries:
        line = by_lineage[entry.lineage]
        period = entry.realisation.period
        if line.school_year not in {school_year_of(period.first_day), school_year_of(period.last_day)}:
            warnings.append(
                str(
                    _(
                        "Spending of %(quarter)s is booked on the line “%(line)s”, which is for school year "
                        "%(year)s: that quarter lies outside it."
                    )
                    % {
                        "quarter": period.label,
                        "line": _("%(category)s, %(kind)s")
                        % {"category": line.get_category_display(), "kind": line.measure.get_kind_display()},
                        "year": line.school_year_label,
                    }
                )
            )
    return warnings


def plan_budget_task(plan) -> Task:
    """The budget of a plan version as its submit page shows it: drawn up or not, its status and total."""
    budget = Budget.objects.filter(plan=plan).first()
    if budget is None:
        return Task(
            _("Budget"),
            TaskStatus.NOT_STARTED,
            url=reverse("finance:budget_latest", args=[plan.trajectory_id]),
            hint=_(
                "The budget of this version has not been drawn up yet. The financial expert draws it up with the "
                "school board; the expert group approves it together with the plan."
            ),
        )
    total = budget.lines.aggregate(total=Coalesce(Sum("amount"), Value(ZERO)))["total"]
    count = budget.lines.count()
    return Task(
        _("Budget"),
        SUBMISSION_TASK_STATUS[budget.status],
        url=budget.get_absolute_url(),
        hint=ngettext("%(count)s line, %(total)s in total.", "%(count)s lines, %(total)s in total.", count)
        % {"count": count, "total": format_money(total)},
    )
