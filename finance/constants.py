"""The vocabulary of budgets: cost categories, statuses, funders, and the two calendars money is counted in (school
years for the budget, calendar quarters for what was spent)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.dates import school_year_of
from kwaliteitsaanpak.core.workflow import SubmissionStatus


class CostCategory(models.TextChoices):
    PERSONNEL = "personeel", _("Personnel")
    TRAINING = "scholing", _("Training")
    COACHING = "coaching", _("Coaching")
    MATERIALS = "materialen", _("Materials and methods")
    EXTERNAL_EXPERTISE = "externe_expertise", _("External expertise")
    OTHER = "overig", _("Other")


class BudgetEventKind(models.TextChoices):
    """What the budget's steps write on the trajectory's timeline (registered in `FinanceConfig.ready`)."""

    BUDGET_STARTED = "begroting_gestart", _("Budget started")
    BUDGET_REVISED = "begroting_herzien", _("Revision of the budget started")
    BUDGET_SUBMITTED = "begroting_ingediend", _("Budget submitted to the expert group")
    BUDGET_RETURNED = "begroting_teruggestuurd", _("Budget returned with comments")
    BUDGET_APPROVED = "begroting_goedgekeurd", _("Budget approved: the municipality's share is committed")
    GRANT_DECISION = "beschikking", _("Grant decision recorded")
    REALISATION = "realisatie", _("Spending of a quarter recorded")
    REALISATION_DOCUMENT_REMOVED = (
        "realisatie_document_verwijderd",
        _("Supporting document of spending removed"),
    )


class Funder(models.TextChoices):
    """Who pays a share of a budget line (co-financing)."""

    MUNICIPALITY = "gemeente", _("Municipality")
    BOARD = "bestuur", _("School board")


class Commitment(models.TextChoices):
    """What the municipality's share of a budget is: planned until the expert group approves the budget (which it
    does only for an approved plan), then committed; a superseded budget's share is replaced by its successor's."""

    PLANNED = "gepland", _("Planned")
    COMMITTED = "toegezegd", _("Committed")
    REPLACED = "vervangen", _("Replaced by a later version")


def commitment_of(status: str) -> Commitment:
    if status == SubmissionStatus.APPROVED:
        return Commitment.COMMITTED
    if status == SubmissionStatus.SUPERSEDED:
        return Commitment.REPLACED
    return Commitment.PLANNED


# Amounts are stored with two decimals in at most this many digits (up to € 9.999.999.999,99).
MONEY_DIGITS = 12

# Sanity bounds on the experts' costs, to catch a slip of the keyboard ("7500" for "75,00"): a quarter has about
# 13 weeks of at most 40 hours.
MAX_EXPERT_HOURS_PER_QUARTER = 520
MAX_HOURLY_RATE = 500


def school_year_label(year: int) -> str:
    return f"{year}/{year + 1}"


def school_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 8, 1), datetime.date(year + 1, 7, 31)


def school_years_between(first: datetime.date, last: datetime.date) -> list[int]:
    return list(range(school_year_of(first), school_year_of(last) + 1))


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: spending and the experts' hours are reported per quarter."""

    year: int
    number: int  # 1 to 4

    @classmethod
    def of(cls, date: datetime.date) -> Quarter:
        return cls(date.year, (date.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, value: str) -> Quarter | None:
        """ "2009-3" as the forms send it; None when it is not a quarter."""
        try:
            year, number = (int(part) for part in str(value).split("-"))
        except ValueError:
            return None
        return cls(year, number) if 1 <= number <= 4 and 1900 < year < 2200 else None

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> datetime.date:
        if self.number == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.number + 1, 1) - datetime.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def value(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def label(self) -> str:
        return gettext("quarter %(number)s of %(year)s") % {"number": self.number, "year": self.year}

    def __str__(self) -> str:
        return self.label


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    quarters, quarter = [], first
    while quarter <= last:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters
