"""Budgets of improvement plans, co-financed by the municipality and the school board; the municipality's grant
decisions; what was spent per quarter; and what the external experts cost.

Money is `Decimal` euros with two decimals. What must always be true is checked by the database: a budget line's
two shares add up to its amount and are not negative; one approved and one open budget per trajectory; one
realisation per budget line (across versions) and quarter.

The budget's QuerySet (which budgets a user sees, the one that counts now, the totals of a list) lives here, before
the model that uses it; `finance.selectors` builds the pages' reads on it.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from improvement_plans.models import Trajectory
from kwaliteitsaanpak.core.models import PrivateDocument, Review, Submission, user_field
from kwaliteitsaanpak.core.money import ZERO, to_cents
from kwaliteitsaanpak.core.workflow import OPEN_STATUSES, SubmissionStatus

from .constants import MONEY_DIGITS, CostCategory, Quarter, commitment_of, school_year_label

# The type of a sum of money columns in a query.
MONEY = DecimalField(max_digits=14, decimal_places=2)


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=MONEY_DIGITS, decimal_places=2, **kwargs)


class BudgetQuerySet(models.QuerySet):
    def visible_to(self, user) -> BudgetQuerySet:
        """Staff, the expert group and the municipality see every budget (the municipality only its totals, on
        the overview); the others the budgets of the trajectories they see: experts their assigned ones, a board
        its own schools'."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("finance.view_finance_totals"):
            return self
        if not user.has_perm("finance.view_budget"):
            return self.none()
        return self.filter(trajectory__in=Trajectory.objects.visible_to(user).values("pk"))

    def current(self) -> BudgetQuerySet:
        """Per trajectory, the budget that counts now: the approved one, or else the one being drawn up."""
        approved = self.model.objects.filter(
            trajectory=OuterRef("trajectory"), status=SubmissionStatus.APPROVED
        )
        return self.filter(
            Q(status=SubmissionStatus.APPROVED) | Q(status__in=OPEN_STATUSES) & ~Exists(approved)
        )

    def with_totals(self) -> BudgetQuerySet:
        """Each budget with its totals per funder, its grant, what was spent on its trajectory, the experts' costs
        and whether a revision is being drawn up: subqueries, one query for the whole list. (The models it sums
        are defined below; they are looked up when this runs.)"""

        def line_sum(name: str):
            lines = BudgetLine.objects.filter(budget=OuterRef("pk")).order_by().values("budget")
            return Coalesce(
                Subquery(lines.annotate(total=Sum(name)).values("total")), Value(ZERO), output_field=MONEY
            )

        def spent_sum(name: str):
            entries = (
                RealisationEntry.objects.filter(realisation__trajectory=OuterRef("trajectory"))
                .order_by()
                .values("realisation__trajectory")
            )
            return Coalesce(
                Subquery(entries.annotate(total=Sum(name)).values("total")), Value(ZERO), output_field=MONEY
            )

        costs = ExpertCost.objects.filter(trajectory=OuterRef("trajectory")).order_by().values("trajectory")
        expert_costs = costs.annotate(total=Sum(Round(F("hours") * F("hourly_rate"), 2))).values("total")
        revision = self.model.objects.filter(
            trajectory=OuterRef("trajectory"), status__in=OPEN_STATUSES
        ).exclude(pk=OuterRef("pk"))
        return self.annotate(
            total=line_sum("amount"),
            municipality_total=line_sum("municipality_amount"),
            board_total=line_sum("board_amount"),
            granted=F("grant_decision__amount"),
            spent_municipality=spent_sum("municipality_amount"),
            spent_board=spent_sum("board_amount"),
            expert_costs=Coalesce(Subquery(expert_costs), Value(ZERO), output_field=MONEY),
            revision_open=Exists(revision),
        )


class Budget(Submission):
    """The budget (begroting) of one version of an improvement plan.

    Drawn up by the financial expert with the school board, submitted with its plan and approved by the expert group
    for an approved plan only; from then on the municipality's share is committed. When an audit leads to a new plan
    version, the budget is revised as the budget of that version (lines copied, with a reason); approving the
    revision supersedes the earlier budget, which stays readable.

    `trajectory` repeats `plan.trajectory` so the database can keep one approved and one open budget per trajectory.
    """

    trajectory = models.ForeignKey(
        "improvement_plans.Trajectory",
        verbose_name=_("trajectory"),
        on_delete=models.PROTECT,
        related_name="budgets",
    )
    plan = models.OneToOneField(
        "improvement_plans.ImprovementPlan",
        verbose_name=_("plan version"),
        on_delete=models.PROTECT,
        related_name="budget",
    )
    change_reason = models.TextField(
        _("reason for the revision"),
        blank=True,
        help_text=_("Why this budget revises the budget of the previous plan version."),
    )
    equalisation_waived_on = models.DateField(
        _("financial equalisation waived on"),
        null=True,
        blank=True,
        help_text=_(
            "The date on which the school board waived its claims to financial equalisation "
            "(financiële gelijkstelling) for this money, as the agreement requires."
        ),
    )
    created_by = user_field(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = BudgetQuerySet.as_manager()

    this_record = _("this budget")
    the_record = _("the budget")

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["trajectory", "-plan__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory"],
                condition=Q(status=SubmissionStatus.APPROVED),
                name="budget_one_approved_per_trajectory",
            ),
            models.UniqueConstraint(
                fields=["trajectory"],
                condition=Q(status__in=OPEN_STATUSES),
                name="budget_one_open_per_trajectory",
            ),
            models.CheckConstraint(
                condition=~Q(status=SubmissionStatus.APPROVED)
                | Q(equalisation_waived_on__isnull=False, approved_at__isnull=False),
                name="budget_approved_with_waiver",
                violation_error_message=_(
                    "A budget is approved only with the board's waiver of financial equalisation."
                ),
            ),
        ]
        permissions = [
            ("work_on_budget", _("Can draw up budgets")),
            ("submit_budget", _("Can submit a budget to the expert group")),
            ("review_budget", _("Can approve or return a budget")),
            ("record_grant_decision", _("Can record the municipality's grant decision")),
            ("record_realisation", _("Can record what was spent per quarter")),
            ("view_expert_costs", _("Can see the costs of the external experts")),
            ("record_expert_costs", _("Can record the hours and rates of the external experts")),
            ("view_finance_totals", _("Can see the financial totals of every trajectory")),
        ]

    def __str__(self) -> str:
        return str(
            _("Budget of %(school)s, version %(number)s")
            % {"school": self.trajectory.school.name, "number": self.number}
        )

    def get_absolute_url(self) -> str:
        return reverse("finance:budget_detail", args=[self.trajectory_id, self.number])

    @property
    def number(self) -> int:
        """A budget's version is its plan's version."""
        return self.plan.number

    @property
    def commitment(self):
        return commitment_of(self.status)


class BudgetReview(Review):
    """One submission of a budget to the expert group and its decision; appended, never edited after it."""

    budget = models.ForeignKey(
        Budget, verbose_name=_("budget"), on_delete=models.PROTECT, related_name="reviews"
    )

    class Meta(Review.Meta):
        verbose_name = _("budget review")
        verbose_name_plural = _("budget reviews")
        constraints = [
            Review.one_pending("budget", name="budget_review_one_pending"),
            Review.returned_has_comments(name="budget_review_returned_has_comments"),
        ]

    def __str__(self) -> str:
        return f"{self.budget}: {self.get_decision_display() or '…'}"


class BudgetLine(models.Model):
    """One amount of a budget: for one measure, in one school year and cost category, split between the
    municipality and the school board.

    `lineage` is shared by a line and its copies in later versions of the budget, so what was spent on it stays
    with it when the budget is revised.
    """

    budget = models.ForeignKey(
        Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="lines"
    )
    measure = models.ForeignKey(
        "improvement_plans.Measure",
        verbose_name=_("measure"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    lineage = models.UUIDField(_("lineage"), default=uuid.uuid4, editable=False)
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year the school year starts in: 2008 for 2008/2009.")
    )
    category = models.CharField(_("cost category"), max_length=20, choices=CostCategory.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = money_field(_("amount (€)"))
    municipality_amount = money_field(_("municipality's share (€)"))
    board_amount = money_field(_("school board's share (€)"))
    version = models.PositiveIntegerField(
        _("edit version"), default=1, help_text=_("For optimistic locking.")
    )

    history = HistoricalRecords()

    this_record = _("this budget line")

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["budget", "school_year", "id"]
        constraints = [
            # Round() only matters on SQLite (`make run`), which may keep decimals as binary floating point; on
            # PostgreSQL the sum of two numeric(12,2) is exact and rounding it changes nothing.
            models.CheckConstraint(
                condition=Q(amount=Round(F("municipality_amount") + F("board_amount"), 2)),
                name="budget_line_shares_add_up",
                violation_error_message=_(
                    "The shares of the municipality and the board must add up to the amount."
                ),
            ),
            models.CheckConstraint(
                condition=Q(municipality_amount__gte=0, board_amount__gte=0),
                name="budget_line_shares_not_negative",
                violation_error_message=_("A share cannot be negative."),
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_line_amount_positive"),
            models.CheckConstraint(
                condition=Q(school_year__gte=2007), name="budget_line_school_year_in_programme"
            ),
            models.UniqueConstraint(fields=["budget", "lineage"], name="budget_line_once_per_budget"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {school_year_label(self.school_year)}: {self.amount}"

    @property
    def school_year_label(self) -> str:
        return school_year_label(self.school_year)


class GrantDecision(models.Model):
    """The municipality's grant decision (beschikking) on an approved budget: at most its municipal share."""

    budget = models.OneToOneField(
        Budget, verbose_name=_("budget"), on_delete=models.PROTECT, related_name="grant_decision"
    )
    date = models.DateField(_("date of the grant decision"))
    reference = models.CharField(
        _("reference"),
        max_length=100,
        unique=True,
        help_text=_("The decision's reference, e.g. DMO/2008/1234."),
    )
    amount = money_field(_("granted amount (€)"))
    recorded_by = user_field(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grant decision")
        verbose_name_plural = _("grant decisions")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_decision_amount_positive")
        ]

    def __str__(self) -> str:
        return self.reference


class QuarterFields(models.Model):
    """A calendar quarter as two columns (year, 1–4), checked by the database."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))

    class Meta:
        abstract = True

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)


def quarter_checks(prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name=f"{prefix}_quarter_1_to_4"),
        models.CheckConstraint(condition=Q(year__gte=2008), name=f"{prefix}_year_in_programme"),
    ]


class RealisationQuarter(QuarterFields):
    """What a trajectory's board spent in one calendar quarter: an amount per budget line and funder, with the
    supporting documents. Recorded against the approved budget; corrected by saving the quarter again."""

    trajectory = models.ForeignKey(
        "improvement_plans.Trajectory",
        verbose_name=_("trajectory"),
        on_delete=models.PROTECT,
        related_name="realisation_quarters",
    )
    note = models.TextField(_("explanation"), blank=True)
    version = models.PositiveIntegerField(
        _("edit version"), default=1, help_text=_("For optimistic locking.")
    )
    recorded_by = user_field(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    this_record = _("the spending of this quarter")

    class Meta:
        verbose_name = _("realisation of a quarter")
        verbose_name_plural = _("realisation per quarter")
        ordering = ["trajectory", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "year", "quarter"],
                name="realisation_one_per_quarter",
                violation_error_message=_("The spending of this quarter has already been recorded."),
            ),
            *quarter_checks("realisation"),
        ]

    def __str__(self) -> str:
        return self.period.label


class RealisationEntry(models.Model):
    """What was spent in a quarter on one budget line, per funder."""

    realisation = models.ForeignKey(
        RealisationQuarter, verbose_name=_("quarter"), on_delete=models.CASCADE, related_name="entries"
    )
    line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.PROTECT, related_name="realisations"
    )
    lineage = models.UUIDField(_("lineage"), help_text=_("The budget line's lineage (see BudgetLine)."))
    municipality_amount = money_field(_("spent from the municipality's share (€)"), default=0)
    board_amount = money_field(_("spent from the board's share (€)"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spending on a budget line")
        verbose_name_plural = _("spending on budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["realisation", "lineage"], name="realisation_entry_once_per_line"
            ),
            models.CheckConstraint(
                condition=Q(municipality_amount__gte=0, board_amount__gte=0),
                name="realisation_entry_not_negative",
                violation_error_message=_("An amount spent cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.realisation}: {self.municipality_amount} + {self.board_amount}"

    @property
    def amount(self):
        return self.municipality_amount + self.board_amount


def document_upload_to(instance: RealisationDocument, filename: str) -> str:
    """A random stored name: the original name is kept on the record, never on disk."""
    return f"realisation/{uuid.uuid4().hex}"


class RealisationDocument(PrivateDocument):
    """A supporting document (invoice, statement) of a quarter's spending; private, served through a checked
    view."""

    realisation = models.ForeignKey(
        RealisationQuarter, verbose_name=_("quarter"), on_delete=models.PROTECT, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to=document_upload_to)

    class Meta(PrivateDocument.Meta):
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")


class ExpertCost(QuarterFields):
    """The hours an external expert worked on a trajectory in a quarter and the hourly rate the municipality pays.
    Paid by the municipality alone; shown apart from the co-financed budget."""

    trajectory = models.ForeignKey(
        "improvement_plans.Trajectory",
        verbose_name=_("trajectory"),
        on_delete=models.PROTECT,
        related_name="expert_costs",
    )
    expert = user_field(_("expert"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    hourly_rate = models.DecimalField(_("hourly rate (€)"), max_digits=8, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)
    version = models.PositiveIntegerField(
        _("edit version"), default=1, help_text=_("For optimistic locking.")
    )
    recorded_by = user_field(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    this_record = _("these hours")

    class Meta:
        verbose_name = _("expert costs")
        verbose_name_plural = _("expert costs")
        ordering = ["trajectory", "year", "quarter", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "expert", "year", "quarter"],
                name="expert_cost_once_per_expert_and_quarter",
                violation_error_message=_("This expert's hours of this quarter have already been recorded."),
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="expert_cost_hours_positive"),
            models.CheckConstraint(condition=Q(hourly_rate__gt=0), name="expert_cost_rate_positive"),
            *quarter_checks("expert_cost"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.period.label}"

    @property
    def amount(self):
        """Hours × rate, rounded to cents."""
        return to_cents(self.hours * self.hourly_rate)
