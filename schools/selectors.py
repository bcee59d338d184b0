"""Reads shared by views, tables, filters and reports. Every list starts from `visible_to(user)` (the QuerySets
live with their models in `schools.models`)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q

from .constants import WEAK_VERDICTS
from .models import InspectionVerdict, School


def school_overview_counts(user) -> dict[str, int]:
    """Headline numbers of the schools this user can see, counted in SQL in one query: a handful of numbers, never
    the register's rows."""
    schools = School.objects.visible_to(user)
    verdicts = InspectionVerdict.objects.filter(school=OuterRef("pk"))
    # A weak latest verdict: a weak verdict of the school with no later one.
    later = InspectionVerdict.objects.filter(school=OuterRef("school")).filter(
        Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk"))
    )
    weak_now = verdicts.filter(verdict__in=WEAK_VERDICTS).exclude(Exists(later))
    # Trajectories live in improvement_plans, above this app: looked up by name, not imported.
    trajectories = apps.get_model("improvement_plans", "Trajectory").objects.filter(
        school=OuterRef("pk"), ended_on__isnull=True
    )
    counts = schools.aggregate(
        total=Count("pk"),
        on_reference_list=Count("pk", filter=Exists(verdicts.exclude(reference_list=""))),
        weak=Count("pk", filter=Exists(weak_now)),
        participating=Count("pk", filter=Exists(trajectories)),
    )
    return {key: counts[key] or 0 for key in ("total", "on_reference_list", "weak", "participating")}
