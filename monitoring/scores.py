"""An indicator's value with what it is measured on: a score means nothing without its test.

`Measure` is the value as the monitor reasons with it. Its identity is the indicator *and* the final test (the
scale), so that two values on different scales can never be compared, subtracted, averaged or put on one line:
every operation that combines two measures refuses a different scale with `IncomparableScales`. `trend_segments`
splits a series at every change of test, so that a chart draws one line per scale and says where the test changed.

Public: `Measure`, `IncomparableScales`, `compare`, `is_better`, `difference`, `average`, `trend_segments`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from improvement_plans.constants import FinalTest

from .constants import DIRECTIONS, Direction, Indicator


class IncomparableScales(ValueError):
    """Two values measured on different scales (indicators or final tests) were combined."""


@dataclass(frozen=True, order=False)
class Measure:
    indicator: str
    value: Decimal
    # The final test of a final-test result; empty for the other indicators.
    final_test: str = ""
    school_year: int | None = None

    @property
    def scale(self) -> tuple[str, str]:
        """What makes two values comparable: the indicator and, for a final test, the test."""
        return (self.indicator, self.final_test)

    @property
    def scale_label(self) -> str:
        if self.final_test:
            return str(FinalTest(self.final_test).label)
        return str(Indicator(self.indicator).label)

    def __lt__(self, other: Measure) -> bool:
        return compare(self, other) < 0

    def __gt__(self, other: Measure) -> bool:
        return compare(self, other) > 0


def _check_same_scale(first: Measure, second: Measure) -> None:
    if first.scale != second.scale:
        raise IncomparableScales(
            _("%(first)s and %(second)s are measured on different scales and cannot be compared.")
            % {"first": first.scale_label, "second": second.scale_label}
        )


def compare(first: Measure, second: Measure) -> int:
    """-1, 0 or 1 as the first value is lower than, equal to or higher than the second (same scale only)."""
    _check_same_scale(first, second)
    return (first.value > second.value) - (first.value < second.value)


def difference(later: Measure, earlier: Measure) -> Decimal:
    """How much the value changed, on its own scale."""
    _check_same_scale(later, earlier)
    return later.value - earlier.value


def is_better(candidate: Measure, reference: Measure) -> bool | None:
    """Whether `candidate` is better than `reference` in the indicator's direction (a lower LWOO percentage is
    better); None for an indicator that is not judged (a pupil count)."""
    _check_same_scale(candidate, reference)
    direction = DIRECTIONS.get(candidate.indicator)
    if direction is None:
        return None
    if direction == Direction.LOWER_IS_BETTER:
        return candidate.value < reference.value
    return candidate.value > reference.value


def average(measures: Iterable[Measure]) -> Decimal | None:
    """The mean of values on one scale; None for none."""
    measures = list(measures)
    if not measures:
        return None
    for measure in measures[1:]:
        _check_same_scale(measures[0], measure)
    return sum((measure.value for measure in measures), Decimal(0)) / len(measures)


def trend_segments(measures: Sequence[Measure]) -> list[list[Measure]]:
    """The series by school year, cut into runs on one scale: a line is drawn per run, never across a change of
    test."""
    segments: list[list[Measure]] = []
    for measure in sorted(measures, key=lambda item: item.school_year or 0):
        if segments and segments[-1][-1].scale == measure.scale:
            segments[-1].append(measure)
        else:
            segments.append([measure])
    return segments
