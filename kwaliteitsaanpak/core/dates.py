"""Calendar arithmetic the programme's schedules share: quarters of execution, school years, test moments."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months; the 31st becomes the month's last day where the month is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_period(start: datetime.date, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of quarter `quarter` (1-based) of a period that starts on `start`."""
    first = add_months(start, 3 * (quarter - 1))
    return first, add_months(start, 3 * quarter) - datetime.timedelta(days=1)


def school_year_of(day: datetime.date) -> int:
    """The school year (1 August – 31 July) a day falls in, named by the calendar year it starts in: 2008 for
    2008/2009. The one definition: finance and monitoring use it too."""
    return day.year if day.month >= 8 else day.year - 1


def school_year_label(start_year: int) -> str:
    """“2026-2027” for the school year that starts in 2026."""
    return f"{start_year}-{start_year + 1}"
