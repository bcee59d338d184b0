"""Reads shared by views, tables, filters and reports. Every list starts from `visible_to(user)`."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Exists, OuterRef, Subquery

from .constants import WEAK_VERDICTS


def sees_all_schools(user) -> bool:
    return user.is_authenticated and user.has_perm("schools.view_all_schools")


class SchoolBoardQuerySet(models.QuerySet):
    def visible_to(self, user) -> SchoolBoardQuerySet:
        """Staff, experts, inspection and the municipality see every board; a board user only their own."""
        if sees_all_schools(user):
            return self
        if user.is_authenticated and user.school_board_id:
            return self.filter(pk=user.school_board_id)
        return self.none()

    def with_school_count(self) -> SchoolBoardQuerySet:
        return self.annotate(school_count=Count("schools", distinct=True))


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user) -> SchoolQuerySet:
        """Staff, experts, inspection and the municipality see every school; a board user only its board's."""
        if sees_all_schools(user):
            return self
        if user.is_authenticated and user.school_board_id:
            return self.filter(board_id=user.school_board_id)
        return self.none()

    def with_current_verdict(self) -> SchoolQuerySet:
        """Annotate the latest inspection verdict (`current_verdict`, `current_verdict_date`) and whether the
        school is on the programme's reference list (`on_reference_list`)."""
        verdicts = self.model.inspection_verdicts.rel.related_model.objects.filter(school=OuterRef("pk"))
        latest = verdicts.order_by("-date", "-id")
        return self.annotate(
            current_verdict=Subquery(latest.values("verdict")[:1]),
            current_verdict_date=Subquery(latest.values("date")[:1]),
            on_reference_list=Exists(verdicts.exclude(reference_list="")),
        )

    def with_participation(self) -> SchoolQuerySet:
        """Annotate `participation_reason`: the reason of the school's open trajectory, or None.

        The trajectory model lives in improvement_plans, above this app; it is reached through the reverse
        relation so that this app imports nothing from it.
        """
        trajectories = self.model.trajectories.rel.related_model.objects.filter(
            school=OuterRef("pk"), ended_on__isnull=True
        )
        return self.annotate(participation_reason=Subquery(trajectories.values("reason")[:1]))

    def for_lists(self) -> SchoolQuerySet:
        return self.select_related("board").with_current_verdict().with_participation()


def school_overview_counts(user) -> dict[str, int]:
    """Headline numbers of the schools this user can see, in one query.

    Counted in Python over three narrow columns: an aggregate filtered on these annotations is not expressible in
    one query through the ORM, and the register holds hundreds of schools, not millions.
    """
    from .models import School  # the models module imports this one

    rows = list(
        School.objects.visible_to(user)
        .with_current_verdict()
        .with_participation()
        .values_list("current_verdict", "on_reference_list", "participation_reason")
    )
    return {
        "total": len(rows),
        "on_reference_list": sum(1 for _verdict, on_list, _reason in rows if on_list),
        "weak": sum(1 for verdict, _on_list, _reason in rows if verdict in WEAK_VERDICTS),
        "participating": sum(1 for _verdict, _on_list, reason in rows if reason),
    }
