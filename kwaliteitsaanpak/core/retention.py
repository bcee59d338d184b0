"""How long each kind of record is kept, and what is due for destruction on a day: the code side of
`docs/retention.md` (Archiefwet 1995). Read by `manage.py retention_due`, which lists and never deletes.

Public API: `RULES` (one `RetentionRule` per kind of record, in the order of docs/retention.md), `due_on(day)`
(per rule and model, the records whose retention period has passed by `day`). The models are named by label, so
the kernel imports no domain app; a test checks that every label and field path exists and that the table in
docs/retention.md names every rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Counted:
    """One model of a rule: its label and the path to the date the retention period runs from."""

    model: str  # "improvement_plans.Trajectory"
    starts: str  # "ended_on", "trajectory__ended_on", "created_at"

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def start_field(self) -> models.Field:
        model: type[models.Model] = self.model_class()
        found: models.Field | None = None
        for name in self.starts.split("__"):
            found = model._meta.get_field(name)  # type: ignore[assignment]
            if found is not None and found.is_relation:
                model = found.related_model  # type: ignore[assignment]
        if found is None:
            raise ValueError(f"{self.model}: no field path {self.starts!r}")
        return found


@dataclass(frozen=True)
class RetentionRule:
    key: str
    name: object  # a lazy translation
    years: int | None  # None: kept permanently (transferred to the archive, never destroyed)
    moment: object  # from when the period runs
    ground: object  # why: the law, the Selectielijst, or the programme's own proposal
    counted: tuple[Counted, ...] = ()
    # Records that still have to be kept on a day although their own period has passed: a filter on the queryset.
    keep: Callable[[models.QuerySet, datetime.date], models.QuerySet] | None = field(default=None)

    def due(self, counted: Counted, on: datetime.date) -> models.QuerySet:
        """The records of `counted` whose retention period ended on or before `on`."""
        if self.years is None:
            return counted.model_class()._default_manager.none()  # kept permanently
        cutoff = years_before(on, self.years)
        lookup = (
            f"{counted.starts}__date__lte"
            if isinstance(counted.start_field(), models.DateTimeField)
            else f"{counted.starts}__lte"
        )
        queryset = counted.model_class()._default_manager.filter(**{lookup: cutoff}).order_by("pk")
        return self.keep(queryset, on) if self.keep else queryset


DOSSIER_YEARS = 10


VERDICT_YEARS = 10


def _keep_verdicts_of_a_kept_dossier(queryset: models.QuerySet, on: datetime.date) -> models.QuerySet:
    """A verdict stays while a trajectory of its school is open or its dossier is still kept: the verdicts are why
    the school took part."""
    trajectory = apps.get_model("improvement_plans.Trajectory")
    kept = trajectory.objects.filter(school=OuterRef("school")).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=years_before(on, DOSSIER_YEARS))
    )
    return queryset.filter(~Exists(kept))


RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        key="trajectory",
        name=_("Trajectory dossier"),
        years=DOSSIER_YEARS,
        moment=_("the end of the trajectory (closed or withdrawn)"),
        ground=_("Proposal, to be confirmed by the municipal archivist"),
        counted=(Counted("improvement_plans.Trajectory", "ended_on"),),
    ),
    RetentionRule(
        key="finance",
        name=_("Budgets, grant decisions, spending and expert costs"),
        years=DOSSIER_YEARS,
        moment=_("the end of the trajectory (closed or withdrawn)"),
        ground=_("Proposal, to be confirmed by the municipal archivist"),
        counted=(
            Counted("finance.Budget", "trajectory__ended_on"),
            Counted("finance.RealisationQuarter", "trajectory__ended_on"),
            Counted("finance.ExpertCost", "trajectory__ended_on"),
        ),
    ),
    RetentionRule(
        key="verdict",
        name=_("Inspection verdicts"),
        years=VERDICT_YEARS,
        moment=_("the date of the verdict, and not before the dossier of the school's trajectory"),
        ground=_("Proposal, to be confirmed by the municipal archivist"),
        counted=(Counted("schools.InspectionVerdict", "date"),),
        keep=_keep_verdicts_of_a_kept_dossier,
    ),
    RetentionRule(
        key="monitor_report",
        name=_("Monitoring reports (generated files)"),
        years=1,
        moment=_("the request"),
        ground=_("Proposal, to be confirmed by the municipal archivist"),
        counted=(Counted("monitoring.MonitorReport", "created_at"),),
    ),
    RetentionRule(
        key="import",
        name=_("DUO files imported"),
        years=1,
        moment=_("the upload"),
        ground=_("Proposal, to be confirmed by the municipal archivist"),
        counted=(
            Counted("schools.RegisterImport", "created_at"),
            Counted("monitoring.FinalScoreImport", "created_at"),
        ),
    ),
    RetentionRule(
        key="reminder",
        name=_("Reminders sent"),
        years=1,
        moment=_("the sending"),
        ground=_("Proposal, to be confirmed by the municipal archivist"),
        counted=(Counted("accounts.SentReminder", "sent_at"),),
    ),
    RetentionRule(
        key="register",
        name=_("Register, programme rounds and aggregated results"),
        years=None,
        moment=_("not applicable"),
        ground=_("Proposal: kept permanently and transferred to the city archive"),
    ),
)


@dataclass(frozen=True)
class Due:
    rule: RetentionRule
    counted: Counted
    rows: list[tuple[int, datetime.date]]  # (id, the date its period ran from)

    @property
    def ids(self) -> list[int]:
        return [pk for pk, _start in self.rows]


def due_on(day: datetime.date) -> list[Due]:
    """Per rule with a period and per model, the records due for destruction on `day`: one query each."""
    found = []
    for rule in RULES:
        if rule.years is None:
            continue
        for counted in rule.counted:
            rows = rule.due(counted, day).values_list("pk", counted.starts)
            found.append(Due(rule, counted, [(pk, _as_date(start)) for pk, start in rows]))
    return found


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value
