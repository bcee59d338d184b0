"""Opening and changing programme rounds and their reference lists, each checking the acting user's permission.

A round is the agreement its schools work under: its reference list (the (very) weak schools of its date), its
target year and its latest year for argued exceptions. The model lives in improvement_plans (every trajectory
belongs to a round); monitoring, which reads every app, manages it. Changes are kept by simple_history (also of the
reference list).

The form calls `round_check` and `reference_codes_check` with what it could read, so that one submit shows every
problem; the services call them again and raise one ValidationError with a Dutch message per field.

Public: `round_check`, `reference_codes_check`, `parse_school_codes`, `weak_schools_on`, `round_create`,
`round_update`, `round_add_weak_schools`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from improvement_plans.constants import Indicator, Reference
from improvement_plans.models import ProgrammeRound
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.core.workflow import bump_version, touch
from kwaliteitsaanpak.permissions import require_permission
from schools.constants import WEAK_VERDICTS
from schools.models import InspectionVerdict, School

MANAGE = "improvement_plans.manage_programme_round"
# The years a round may name (the database's check on the target year), and how far ahead a list may be dated.
FIRST_YEAR, LAST_YEAR = 2008, 2100
MAX_FOLLOW_UP_YEARS = 10
# "18WD00": a BRIN number (two digits, two letters or digits) and a two-digit location code; "18WD" alone is the
# main location 00.
SCHOOL_CODE = re.compile(r"^(?P<brin>[0-9]{2}[A-Z0-9]{2})(?P<location>[0-9]{2})?$")

ROUND_FIELDS = (
    "name",
    "reference_date",
    "target_year",
    "exception_year",
    "follow_up_years",
    "indicators",
    "reference",
)


def _latest_allowed_reference_date() -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def round_check(
    *,
    programme_round: ProgrammeRound | None = None,
    name: str | None = None,
    reference_date: datetime.date | None = None,
    target_year: int | None = None,
    exception_year: int | None = None,
    follow_up_years: int | None = None,
    indicators: Iterable[str] | None = None,
    reference: str | None = None,
) -> dict[str, str]:
    """Every problem with these values of a round (`programme_round` when it is changed), per field. A value that
    is None was not readable (its field has its own message) and is not checked further."""
    errors: dict[str, str] = {}
    others = ProgrammeRound.objects.all()
    if programme_round is not None:
        others = others.exclude(pk=programme_round.pk)
    if name is not None:
        if not name.strip():
            errors["name"] = _("Enter the name of the round.")
        elif others.filter(name__iexact=name.strip()).exists():
            errors["name"] = _("There is already a round named “%(name)s”. Choose another name.") % {
                "name": name.strip()
            }
    if reference_date is not None:
        if reference_date > _latest_allowed_reference_date():
            errors["reference_date"] = _(
                "The date of the reference list lies more than a year ahead. Enter the day the list was drawn up."
            )
        elif reference_date.year < FIRST_YEAR:
            errors["reference_date"] = _("The programme started in 2008: enter a date from 2008 onwards.")
        elif others.filter(reference_date=reference_date).exists():
            errors["reference_date"] = _(
                "There is already a round with a reference list of %(date)s. Each round has its own list."
            ) % {"date": date_format(reference_date, "j F Y")}
    for field_name, year in (("target_year", target_year), ("exception_year", exception_year)):
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            errors[field_name] = _("Enter a year between %(first)s and %(last)s.") % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
    if (
        "target_year" not in errors
        and target_year is not None
        and reference_date is not None
        and target_year < reference_date.year
    ):
        errors["target_year"] = _(
            "The target year cannot lie before the date of the reference list (%(year)s)."
        ) % {"year": reference_date.year}
    if (
        "exception_year" not in errors
        and exception_year is not None
        and target_year is not None
        and exception_year < target_year
    ):
        errors["exception_year"] = _(
            "The latest year for exceptions cannot lie before the target year (%(year)s)."
        ) % {"year": target_year}
    if follow_up_years is not None and not 0 <= follow_up_years <= MAX_FOLLOW_UP_YEARS:
        errors["follow_up_years"] = _("Enter a number of years from 0 to %(max)s.") % {
            "max": MAX_FOLLOW_UP_YEARS
        }
    if indicators is not None:
        chosen = list(indicators)
        if not chosen:
            errors["indicators"] = _("Choose at least one indicator the round agreed on.")
        elif set(chosen) - set(Indicator.values):
            errors["indicators"] = _("Choose indicators from the list.")
    if reference is not None and reference not in Reference.values:
        errors["reference"] = _("Choose the average the round compares with.")
    return errors


# The reference list by school code


@dataclass
class CodeCheck:
    """The schools that a text of codes names, and a Dutch message per code that names none."""

    schools: list[School] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_school_codes(text: str) -> list[str]:
    """ "18wd00, 20XK01;20xk" → ["18WD00", "20XK01", "20XK"] (order kept, duplicates dropped)."""
    codes = [code.strip().upper() for code in re.split(r"[\s,;]+", text or "") if code.strip()]
    return list(dict.fromkeys(codes))


def reference_codes_check(text: str, *, on_list: Iterable[int] = (), removing: bool = False) -> CodeCheck:
    """The schools of the register named in `text` (BRIN and location code, "18WD00, 20XK01"), in one query.
    When `removing`, a school must be on the list (`on_list`, school ids); else it must not be on it yet."""
    codes = parse_school_codes(text)
    result = CodeCheck()
    keys: dict[str, tuple[str, str]] = {}
    for code in codes:
        match = SCHOOL_CODE.match(code)
        if match is not None:
            keys[code] = (match["brin"], match["location"] or "00")
    found: dict[tuple[str, str], School] = {}
    if keys:
        condition = Q()
        for brin, location in keys.values():
            condition |= Q(brin=brin, location_code=location)
        found = {(school.brin, school.location_code): school for school in School.objects.filter(condition)}
    listed = set(on_list)
    # The messages in the order the codes were typed.
    for code in codes:
        school = found.get(keys[code]) if code in keys else None
        if code not in keys:
            result.errors.append(
                _("“%(code)s” is not a BRIN number with a location code, such as 18WD00.") % {"code": code}
            )
        elif school is None:
            result.errors.append(_("There is no school %(code)s in the register.") % {"code": code})
        elif removing and school.pk not in listed:
            result.errors.append(
                _("%(school)s (%(code)s) is not on the reference list.")
                % {"school": school.name, "code": school.code}
            )
        elif not removing and school.pk in listed:
            result.errors.append(
                _("%(school)s (%(code)s) is already on the reference list.")
                % {"school": school.name, "code": school.code}
            )
        elif school not in result.schools:
            result.schools.append(school)
    return result


def weak_schools_on(day: datetime.date) -> QuerySet[School]:
    """The schools whose latest verdict on `day` was weak or very weak, in one query."""
    latest = InspectionVerdict.objects.filter(school=OuterRef("pk"), date__lte=day).order_by("-date", "-id")
    return School.objects.annotate(verdict_then=Subquery(latest.values("verdict")[:1])).filter(
        verdict_then__in=[verdict.value for verdict in WEAK_VERDICTS]
    )


def _check_list_changes(
    programme_round: ProgrammeRound | None, add_codes: str, remove_codes: str
) -> tuple[CodeCheck, CodeCheck, dict[str, list[str]]]:
    on_list = list(programme_round.reference_schools.values_list("pk", flat=True)) if programme_round else []
    to_add = reference_codes_check(add_codes, on_list=on_list)
    to_remove = reference_codes_check(remove_codes, on_list=on_list, removing=True)
    errors: dict[str, list[str]] = {}
    if to_add.errors:
        errors["add_codes"] = to_add.errors
    if to_remove.errors:
        errors["remove_codes"] = to_remove.errors
    return to_add, to_remove, errors


def _save(
    programme_round: ProgrammeRound,
    *,
    values: dict,
    add_codes: str,
    remove_codes: str,
    add_weak_schools: bool,
    existing: ProgrammeRound | None,
) -> ProgrammeRound:
    errors: dict[str, str | list[str]] = dict(round_check(programme_round=existing, **values))
    to_add, to_remove, list_errors = _check_list_changes(existing, add_codes, remove_codes)
    errors.update(list_errors)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(programme_round, name, value.strip() if isinstance(value, str) else value)
    programme_round.indicators = [value for value in Indicator.values if value in values["indicators"]]
    programme_round.save()
    if to_remove.schools:
        programme_round.reference_schools.remove(*to_remove.schools)
    added = [school.pk for school in to_add.schools]
    if add_weak_schools:
        added += list(weak_schools_on(programme_round.reference_date).values_list("pk", flat=True))
    if added:
        programme_round.reference_schools.add(*set(added))
    return programme_round


@transaction.atomic
def round_create(
    *,
    user: User,
    name: str,
    reference_date: datetime.date,
    target_year: int,
    exception_year: int,
    follow_up_years: int,
    indicators: Iterable[str],
    reference: str,
    add_codes: str = "",
    add_weak_schools: bool = False,
) -> ProgrammeRound:
    """Open a new round of the programme; schools registered from its reference date on join it. Its reference
    list starts with the schools named in `add_codes`, and, when `add_weak_schools`, every school whose latest
    verdict on the reference date was (very) weak."""
    require_permission(user, MANAGE)
    values = {
        "name": name,
        "reference_date": reference_date,
        "target_year": target_year,
        "exception_year": exception_year,
        "follow_up_years": follow_up_years,
        "indicators": list(indicators),
        "reference": reference,
    }
    return _save(
        ProgrammeRound(),
        values=values,
        add_codes=add_codes,
        remove_codes="",
        add_weak_schools=add_weak_schools,
        existing=None,
    )


@transaction.atomic
def round_update(
    *,
    user: User,
    programme_round: ProgrammeRound,
    name: str,
    reference_date: datetime.date,
    target_year: int,
    exception_year: int,
    follow_up_years: int,
    indicators: Iterable[str],
    reference: str,
    add_codes: str = "",
    remove_codes: str = "",
    add_weak_schools: bool = False,
    expected_version: int | None = None,
) -> ProgrammeRound:
    """Change a round's years, indicators and reference, and add schools to or remove them from its list. Its
    trajectories keep belonging to it: their result agreements read the new years. With `expected_version` (the
    version the form showed), a change based on an older version than the stored one is refused, not merged."""
    require_permission(user, MANAGE)
    locked = ProgrammeRound.objects.select_for_update().get(pk=programme_round.pk)
    bump_version(locked, expected_version)
    values = {
        "name": name,
        "reference_date": reference_date,
        "target_year": target_year,
        "exception_year": exception_year,
        "follow_up_years": follow_up_years,
        "indicators": list(indicators),
        "reference": reference,
    }
    return _save(
        locked,
        values=values,
        add_codes=add_codes,
        remove_codes=remove_codes,
        add_weak_schools=add_weak_schools,
        existing=locked,
    )


@transaction.atomic
def round_add_weak_schools(*, user: User, programme_round: ProgrammeRound) -> int:
    """Put every school whose latest verdict on the round's reference date was (very) weak on its reference list;
    returns how many schools were added (those already on it are not counted)."""
    require_permission(user, MANAGE)
    locked = ProgrammeRound.objects.select_for_update().get(pk=programme_round.pk)
    listed = set(locked.reference_schools.values_list("pk", flat=True))
    new = set(weak_schools_on(locked.reference_date).values_list("pk", flat=True)) - listed
    if new:
        locked.reference_schools.add(*new)
        touch(locked)  # a form opened before this change is refused rather than undoing it
    return len(new)
