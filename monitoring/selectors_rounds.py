"""Reads of the programme rounds that their pages (and the dashboard's round filter) share.

Public: `rounds_for_list`, `round_choices`, `round_reference_schools`, `round_trajectories`.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from improvement_plans.models import ProgrammeRound, Trajectory
from schools.models import School


def _count(queryset: QuerySet, group_by: str) -> Coalesce:
    counted = queryset.order_by().values(group_by).annotate(count=Count("pk")).values("count")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def rounds_for_list() -> QuerySet[ProgrammeRound]:
    """Every round, newest reference list first, with the number of schools on its list and of its trajectories
    (`school_count`, `trajectory_count`) in one query."""
    through = ProgrammeRound.reference_schools.through
    return ProgrammeRound.objects.annotate(
        school_count=_count(through.objects.filter(programmeround=OuterRef("pk")), "programmeround"),
        trajectory_count=_count(Trajectory.objects.filter(programme_round=OuterRef("pk")), "programme_round"),
    ).order_by("-reference_date", "-id")


def round_choices() -> list[tuple[int, str]]:
    """(id, name) of every round, newest first: a filter's choices."""
    return list(ProgrammeRound.objects.order_by("-reference_date", "-id").values_list("pk", "name"))


def round_reference_schools(programme_round: ProgrammeRound) -> QuerySet[School]:
    """The schools on the round's reference list with their board and current verdict (`current_verdict`)."""
    return (
        School.objects.filter(programme_rounds=programme_round)
        .select_related("board")
        .with_current_verdict()
        .order_by("name", "brin", "location_code")
    )


def round_trajectories(programme_round: ProgrammeRound) -> QuerySet[Trajectory]:
    """The round's trajectories with their school and board, newest registration first."""
    return (
        Trajectory.objects.filter(programme_round=programme_round)
        .select_related("school__board")
        .order_by("-registered_on", "-id")
    )
