"""Sustaining (borging, step 7): after its trajectory completed execution, a school stays on the monitor until its
programme round's last follow-up year, and what would undo the improvement is flagged to programme staff.

A trajectory is in sustaining from its event SUSTAINING_STARTED (the adopted audit that completed execution), or,
without that event, from the day after its execution's planned end; it stays there while its phase is SUSTAINING
and also after it ended, until the end of its round's `follow_up_until_year`. Within that window two things are
flagged:

- a new weak or very weak verdict of the Inspectie dated after the start of sustaining (`weak_verdict`);
- a falling indicator (`falling_indicator`): a final-test result lower than the school's result of the previous
  school year *on the same test*, or an LWOO percentage higher than the previous school year's. A change of test is
  never a fall: scores on two scales are not compared (`monitoring.scores`).

Public: `SustainingFlag`, `FlagKind`, `sustaining_flags`, `sustaining_trajectories`, `SustainingWindow`,
`flags_for_windows`.
`sustaining_flags` answers in at most three queries, whatever the number of schools, verdicts and values.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from improvement_plans.constants import EventKind, Phase
from improvement_plans.models import ProgrammeRound, Trajectory
from kwaliteitsaanpak.core.dates import school_year_of
from schools.constants import WEAK_VERDICTS
from schools.models import InspectionVerdict, School

from .constants import Indicator, school_year_label
from .models import IndicatorValue
from .scores import is_better


class FlagKind:
    WEAK_VERDICT = "weak_verdict"
    FALLING_INDICATOR = "falling_indicator"


# The indicators whose fall is flagged: the agreement's indicators of success (a pupil count is not judged).
FLAGGED_INDICATORS = (Indicator.FINAL_TEST, Indicator.LWOO)


@dataclass(frozen=True)
class SustainingFlag:
    """Something that happened to a school in sustaining that programme staff should look into."""

    school: School
    trajectory: Trajectory
    kind: str  # FlagKind
    detail: str  # Dutch, e.g. "Oordeel zwak op 3 maart 2027, na de start van de borging op 12 oktober 2026."
    since: datetime.date
    url: str
    # The last calendar year the school is followed (its round's follow_up_until_year).
    followed_until: int
    # What was flagged, stable across runs ("verdict:12", "indicator:34"), for the reminder sent once per flag.
    reference: str = ""

    @property
    def key(self) -> str:
        return f"{self.trajectory.pk}:{self.reference}"

    @property
    def title(self) -> str:
        if self.kind == FlagKind.WEAK_VERDICT:
            return _("New (very) weak verdict during sustaining")
        return _("Falling indicator during sustaining")

    def is_current(self, today: datetime.date | None = None) -> bool:
        """Whether the school is still followed on the monitor (today within its round's follow-up years)."""
        return (today or timezone.localdate()).year <= self.followed_until


@dataclass(frozen=True)
class SustainingWindow:
    """When a trajectory's sustaining started and the last year its school is followed."""

    trajectory: Trajectory
    started_on: datetime.date
    followed_until: int

    def covers(self, day: datetime.date) -> bool:
        """Whether `day` lies after the start of sustaining and within the follow-up years."""
        return self.started_on < day and day.year <= self.followed_until

    def covers_school_year(self, school_year: int) -> bool:
        """Whether a school year's results count: from the school year sustaining started in up to the last
        follow-up year."""
        return school_year_of(self.started_on) <= school_year <= self.followed_until

    def is_current(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()).year <= self.followed_until


def _sustaining_queryset(
    *, schools: Iterable[School] | QuerySet | None, programme_round: ProgrammeRound | None
) -> QuerySet[Trajectory]:
    started = Min("events__created_at", filter=Q(events__kind=EventKind.SUSTAINING_STARTED))
    trajectories = (
        Trajectory.objects.annotate(sustaining_started_at=started)
        .filter(Q(phase=Phase.SUSTAINING) | Q(sustaining_started_at__isnull=False))
        .select_related("school", "programme_round")
        .order_by("school__name", "registered_on", "pk")
    )
    if schools is not None:
        trajectories = trajectories.filter(school__in=schools)
    if programme_round is not None:
        trajectories = trajectories.filter(programme_round=programme_round)
    return trajectories


def sustaining_trajectories(
    *, schools: Iterable[School] | QuerySet | None = None, programme_round: ProgrammeRound | None = None
) -> list[SustainingWindow]:
    """The trajectories that completed execution (phase SUSTAINING, or ended after sustaining started), each with
    its window. One query."""
    windows = []
    for trajectory in _sustaining_queryset(schools=schools, programme_round=programme_round):
        started_at = getattr(trajectory, "sustaining_started_at", None)  # annotated by the query
        if started_at is not None:
            started_on = timezone.localdate(started_at)
        elif trajectory.execution_ends_on is not None:
            started_on = trajectory.execution_ends_on + datetime.timedelta(days=1)
        else:
            continue  # in sustaining without ever having started execution: nothing to measure from
        windows.append(
            SustainingWindow(
                trajectory=trajectory,
                started_on=started_on,
                followed_until=trajectory.programme_round.follow_up_until_year,
            )
        )
    return windows


def sustaining_flags(
    *,
    schools: Iterable[School] | QuerySet | None = None,
    programme_round: ProgrammeRound | None = None,
    current_only: bool = False,
    today: datetime.date | None = None,
) -> list[SustainingFlag]:
    """The flags of the schools in sustaining (of `schools`, of `programme_round`, or all), oldest first.

    With `current_only`, only those of schools still followed today (for "my tasks" and the reminders: a flag of a
    round whose follow-up ended years ago asks nothing of anyone). At most three queries.
    """
    windows = sustaining_trajectories(schools=schools, programme_round=programme_round)
    if current_only:
        windows = [window for window in windows if window.is_current(today)]
    if not windows:
        return []
    school_ids = {window.trajectory.school_id for window in windows}
    verdicts = InspectionVerdict.objects.filter(school_id__in=school_ids, verdict__in=WEAK_VERDICTS)
    values = IndicatorValue.objects.filter(school_id__in=school_ids, indicator__in=FLAGGED_INDICATORS)
    return flags_for_windows(windows, verdicts=verdicts, values=values)


def flags_for_windows(
    windows: list[SustainingWindow],
    *,
    verdicts: Iterable[InspectionVerdict],
    values: Iterable[IndicatorValue],
) -> list[SustainingFlag]:
    """The flags of `windows` from the schools' verdicts and indicator values (already read, or a queryset read
    here once), oldest first."""
    if not windows:
        return []
    verdicts_of: dict[int, list[InspectionVerdict]] = defaultdict(list)
    for verdict in verdicts:
        if verdict.verdict in WEAK_VERDICTS:
            verdicts_of[verdict.school_id].append(verdict)
    values_of: dict[int, dict[tuple[str, str, int], IndicatorValue]] = defaultdict(dict)
    for value in values:
        if value.indicator in FLAGGED_INDICATORS:
            values_of[value.school_id][(value.indicator, value.final_test, value.school_year)] = value
    flags = []
    for window in windows:
        flags += _verdict_flags(window, verdicts_of[window.trajectory.school_id])
        flags += _indicator_flags(window, values_of[window.trajectory.school_id])
    return sorted(flags, key=lambda flag: (flag.since, flag.school.name, flag.reference))


def _flag(
    window: SustainingWindow, kind: str, detail: str, since: datetime.date, reference: str
) -> SustainingFlag:
    school = window.trajectory.school
    return SustainingFlag(
        school=school,
        trajectory=window.trajectory,
        kind=kind,
        detail=detail,
        since=since,
        url=reverse("monitoring:school_monitor", args=[school.pk]),
        followed_until=window.followed_until,
        reference=reference,
    )


def _long(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def _verdict_flags(window: SustainingWindow, verdicts: list[InspectionVerdict]) -> list[SustainingFlag]:
    return [
        _flag(
            window,
            FlagKind.WEAK_VERDICT,
            _("Judged %(verdict)s on %(date)s, after sustaining started on %(start)s.")
            % {
                "verdict": verdict.get_verdict_display().lower(),
                "date": _long(verdict.date),
                "start": _long(window.started_on),
            },
            verdict.date,
            f"verdict:{verdict.pk}",
        )
        for verdict in verdicts
        if window.covers(verdict.date)
    ]


def _indicator_flags(
    window: SustainingWindow, values: dict[tuple[str, str, int], IndicatorValue]
) -> list[SustainingFlag]:
    flags = []
    for (indicator, final_test, school_year), value in values.items():
        if not window.covers_school_year(school_year):
            continue
        # The previous school year on the same scale only: after a change of test there is nothing to compare.
        previous = values.get((indicator, final_test, school_year - 1))
        if previous is None or not is_better(previous.measure, value.measure):
            continue
        if indicator == Indicator.LWOO:
            detail = _(
                "The LWOO percentage rose from %(previous)s in %(previous_year)s to %(value)s in %(year)s."
            )
        else:
            detail = _(
                "The final-test result (%(test)s) fell from %(previous)s in %(previous_year)s to %(value)s in "
                "%(year)s."
            )
        flags.append(
            _flag(
                window,
                FlagKind.FALLING_INDICATOR,
                detail
                % {
                    "test": value.get_final_test_display(),
                    "previous": _number(previous),
                    "previous_year": school_year_label(school_year - 1),
                    "value": _number(value),
                    "year": school_year_label(school_year),
                },
                # The school year's last day: the result is known by then.
                datetime.date(school_year + 1, 7, 31),
                f"indicator:{value.pk}",
            )
        )
    return flags


def _number(value: IndicatorValue) -> str:
    text = number_format(value.value, decimal_pos=1, use_l10n=True)
    return f"{text}%" if value.indicator == Indicator.LWOO else text
