"""The indicators of the programme's monitor, their references and the school years they are kept for.

The final tests themselves (and their known scales) are `improvement_plans.constants.FinalTest` and
`FINAL_TEST_SCALES`, which the result agreements use too: a test is defined once.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Indicator and Reference are defined with the programme rounds, which name the ones they agreed on.
from improvement_plans.constants import FinalTest, Indicator
from improvement_plans.constants import Reference as Reference
from kwaliteitsaanpak.core.dates import school_year_of

# The indicators with a G4 and national reference; a pupil count has none.
BENCHMARK_INDICATORS = (Indicator.FINAL_TEST, Indicator.LWOO)


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "hoger", _("higher is better")
    LOWER_IS_BETTER = "lager", _("lower is better")


# The agreement: higher final-test scores; the LWOO percentage down to the G4 average. A pupil count is not judged.
DIRECTIONS: dict[str, Direction | None] = {
    Indicator.FINAL_TEST: Direction.HIGHER_IS_BETTER,
    Indicator.LWOO: Direction.LOWER_IS_BETTER,
    Indicator.PUPILS: None,
}


class ValueSource(models.TextChoices):
    MANUAL = "handmatig", _("Entered by hand")
    DUO = "duo", _("DUO")


# The programme's school years, by the calendar year they start in (2007 is 2007–2008). The first is the year
# before the reference list of 31 January 2008, so that a school's starting value can be recorded.
FIRST_SCHOOL_YEAR = 2006
# School year 2023–2024 replaced the single CITO end test by the doorstroomtoets of several providers.
DOORSTROOMTOETS_SINCE = 2023
# The last school year with a CITO end test, and the tests that exist only as a doorstroomtoets.
LAST_CITO_YEAR = DOORSTROOMTOETS_SINCE - 1
DOORSTROOMTOETS_ONLY = (FinalTest.DOE, FinalTest.LIB)
# An LWOO percentage is a share of the pupils.
PERCENTAGE_MAX = 100
# A school year starts on 1 August.


def current_school_year() -> int:
    return school_year_of(timezone.localdate())


def school_year_label(year: int) -> str:
    """2024 → "2024–2025"."""
    return f"{year}–{year + 1}"


def programme_school_years() -> list[int]:
    """The school years values may be recorded for, newest first: from FIRST_SCHOOL_YEAR to the current one."""
    return list(range(current_school_year(), FIRST_SCHOOL_YEAR - 1, -1))


def school_year_choices() -> list[tuple[int, str]]:
    return [(year, school_year_label(year)) for year in programme_school_years()]
