"""The pupils file (CSV): DUO's pupils per location, folded into one `Location` per school location."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ..constants import ImportKind, SchoolKind
from .common import (
    AGE_COLUMN_PREFIX,
    MUNICIPALITY,
    Location,
    ParsedFile,
    Progress,
    RegisterFileError,
    Rejection,
)
from .recognise import _decode, _pupils_header
from .values import _check_code, _clean, _name, _place_name, _postcode, _RowError, _text

# Columns that describe the location rather than its pupils: every row of one location must agree on them.
PUPILS_LOCATION_COLUMNS = (
    "INSTELLINGSNAAM_VESTIGING",
    "BEVOEGD_GEZAG_NUMMER",
    "DENOMINATIE_VESTIGING",
    "POSTCODE_VESTIGING",
    "PLAATSNAAM",
    "PEILDATUM",
)
PUPILS_KINDS = {
    "bo": SchoolKind.BO,
    "sbo": SchoolKind.SBO,
    "so": SchoolKind.SO,
    "vso": SchoolKind.VSO,
}
BOARD_NUMBER_PATTERN = re.compile(r"[0-9]{1,6}")
COUNT_PATTERN = re.compile(r"[0-9]+")
# DUO's ways of writing "no number": masked small counts, not available, empty.
NO_COUNT_VALUES = {"<5", "NA", ""}


@dataclass
class _PupilsRow:
    brin: str
    location_code: str
    kind: SchoolKind
    pupils: int
    # The location's own columns, normalised, which every row of the location must repeat.
    location: dict[str, Any]


@dataclass
class _Fold:
    """The rows of one location so far."""

    line: int
    first: _PupilsRow
    pupils: int
    # Each kind of school the rows name, with the line it first appears on.
    kinds: dict[SchoolKind, int]
    conflict: Rejection | None = None


def _parse_pupils_file(data: bytes, progress: Progress) -> ParsedFile:
    text = _decode(data, kind=ImportKind.PUPILS_PER_LOCATION)
    header = _pupils_header(text)
    records = _csv_records(text)
    if not records:
        raise RegisterFileError(_("The file contains no school locations."))
    progress.start(len(records))
    folds: dict[tuple[str, str], _Fold] = {}
    rejected: list[Rejection] = []
    skipped = 0
    for number, (line, values) in enumerate(records, start=1):
        progress.row(number)
        row = dict(zip(header, values, strict=False))
        if _clean(row.get("GEMEENTENAAM")).upper() != MUNICIPALITY:
            skipped += 1
            continue
        try:
            _check_field_count(values, header)
            _fold(folds, _parse_pupils_row(row), line)
        except _RowError as exc:
            code = _clean(row.get("INSTELLINGSCODE")) + _clean(row.get("VESTIGINGSCODE"))
            rejected.append(Rejection(line=line, code=code, reason=str(exc)))
    progress.finish()
    locations: list[Location] = []
    for fold in folds.values():
        result = _pupils_location(fold)
        if isinstance(result, Rejection):
            rejected.append(result)
        else:
            locations.append(result)
    rejected.sort(key=lambda rejection: rejection.line)
    return ParsedFile(locations=locations, rejected=rejected, skipped=skipped)


def _csv_records(text: str) -> list[tuple[int, list[str]]]:
    """The data rows with their line numbers (the header is line 1); blank lines are left out."""
    reader = csv.reader(io.StringIO(text), delimiter=";")
    try:
        next(reader)
        return [(reader.line_num, values) for values in reader if any(value.strip() for value in values)]
    except csv.Error as exc:
        message = _("The file cannot be read as CSV (line %(line)s).") % {"line": reader.line_num}
        raise RegisterFileError(message) from exc


def _check_field_count(values: list[str], header: list[str]) -> None:
    if len(values) != len(header):
        message = _("The row has %(found)s fields instead of %(expected)s.")
        raise _RowError(message % {"found": len(values), "expected": len(header)})


def _parse_pupils_row(row: dict[str, str]) -> _PupilsRow:
    brin = _clean(row["INSTELLINGSCODE"])
    location_code = _clean(row["VESTIGINGSCODE"])
    _check_code(brin, location_code)
    location = {
        "INSTELLINGSNAAM_VESTIGING": _name(
            row["INSTELLINGSNAAM_VESTIGING"], column="INSTELLINGSNAAM_VESTIGING"
        ),
        "BEVOEGD_GEZAG_NUMMER": _board_number(row["BEVOEGD_GEZAG_NUMMER"]),
        "DENOMINATIE_VESTIGING": _text(
            row["DENOMINATIE_VESTIGING"], column="DENOMINATIE_VESTIGING", field_name="denomination"
        ),
        "POSTCODE_VESTIGING": _postcode(row["POSTCODE_VESTIGING"]),
        "PLAATSNAAM": _place_name(_text(row["PLAATSNAAM"], column="PLAATSNAAM", field_name="city")),
        "PEILDATUM": _date(row["PEILDATUM"]),
    }
    return _PupilsRow(
        brin=brin,
        location_code=location_code,
        kind=_pupils_kind(row["SOORT_PO"]),
        pupils=_pupil_count(row),
        location=location,
    )


def _fold(folds: dict[tuple[str, str], _Fold], row: _PupilsRow, line: int) -> None:
    """Add a row to its location; a row that contradicts the location's first row rejects the location."""
    fold = folds.get((row.brin, row.location_code))
    if fold is None:
        folds[row.brin, row.location_code] = _Fold(
            line=line, first=row, pupils=row.pupils, kinds={row.kind: line}
        )
        return
    if fold.conflict:
        return
    differing = [column for column, value in row.location.items() if fold.first.location[column] != value]
    if differing:
        reason = _(
            "The rows of this location disagree about %(columns)s (compare line %(first)s); the location was not "
            "imported."
        ) % {"columns": ", ".join(differing), "first": fold.line}
        fold.conflict = Rejection(line=line, code=row.brin + row.location_code, reason=reason)
        return
    fold.pupils += row.pupils
    fold.kinds.setdefault(row.kind, line)


def _pupils_location(fold: _Fold) -> Location | Rejection:
    first = fold.first
    if fold.conflict:
        return fold.conflict
    kind = _folded_kind(set(fold.kinds))
    if kind is None:
        reason = _(
            "The rows of this location name different kinds of school (%(kinds)s); the location was not imported."
        ) % {"kinds": ", ".join(sorted(fold.kinds))}
        return Rejection(
            line=sorted(fold.kinds.values())[1], code=first.brin + first.location_code, reason=reason
        )
    return Location(
        line=fold.line,
        brin=first.brin,
        location_code=first.location_code,
        board_number=first.location["BEVOEGD_GEZAG_NUMMER"],
        overwrite={
            "name": first.location["INSTELLINGSNAAM_VESTIGING"],
            "kind": kind,
            "denomination": first.location["DENOMINATIE_VESTIGING"],
            "postcode": first.location["POSTCODE_VESTIGING"],
            "city": first.location["PLAATSNAAM"],
            "pupil_count": fold.pupils,
            "pupil_count_date": first.location["PEILDATUM"],
        },
    )


def _folded_kind(kinds: set[SchoolKind]) -> SchoolKind | None:
    """One kind for a location. DUO counts a combined so/vso school's pupils per kind, in rows of both."""
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds == {SchoolKind.SO, SchoolKind.VSO}:
        return SchoolKind.SO
    return None


def _pupil_count(row: dict[str, str]) -> int:
    """The sum of the ages' counts; what DUO masks ("<5") or lacks ("NA", empty) counts as nothing."""
    total = 0
    for column, value in row.items():
        if not column.startswith(AGE_COLUMN_PREFIX):
            continue
        value = _clean(value)
        if value.upper() in NO_COUNT_VALUES:
            continue
        if not COUNT_PATTERN.fullmatch(value):
            message = _("%(column)s holds '%(value)s', which is not a number of pupils.")
            raise _RowError(message % {"column": column, "value": value})
        total += int(value)
    return total


def _board_number(value: str) -> str:
    number = _clean(value)
    if not number:
        raise _RowError(_("The board number (BEVOEGD_GEZAG_NUMMER) is missing."))
    if not BOARD_NUMBER_PATTERN.fullmatch(number):
        message = _("The board number '%(value)s' is not a number of at most six digits.")
        raise _RowError(message % {"value": number})
    return number


def _pupils_kind(value: str) -> SchoolKind:
    kind = PUPILS_KINDS.get(_clean(value).lower())
    if kind is None:
        message = _("The kind of school (SOORT_PO) '%(value)s' is unknown; expected Bo, Sbo, So or Vso.")
        raise _RowError(message % {"value": _clean(value)})
    return kind


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(_clean(value))
    except ValueError as exc:
        message = _("The reference date (PEILDATUM) '%(value)s' is not a date.")
        raise _RowError(message % {"value": _clean(value)}) from exc
