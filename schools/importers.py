"""Import of DUO's national school register into `SchoolBoard` and `School`.

Two of DUO's open-data files are read:

- "Leerlingen po per vestiging naar postcode leerling en leeftijd" (`ImportKind.PUPILS_PER_LOCATION`): CSV in
  UTF-8 with a byte-order mark, `;`-separated, every field quoted. One row per school location (INSTELLINGSCODE =
  BRIN, VESTIGINGSCODE) and pupils' postcode, with the location's name, postcode, place, kind (SOORT_PO: Bo, Sbo,
  So, Vso), denomination and board number (BEVOEGD_GEZAG_NUMMER), and pupil counts per age (LEEFTIJD_*) in which
  DUO masks small counts as "<5". The rows of one location are folded into one school. This file is the source of
  boards, names, kinds and pupil counts. Rows of schools outside the municipality (GEMEENTENAAM) are skipped.
- "Alle schoolvestigingen", geocoded (`ImportKind.NATIONAL_LOCATIONS`): a GeoJSON FeatureCollection with one Point
  feature per location nationwide: name, type, denomination, address, municipality, a six-character
  vestigingscode (BRIN + location code) and pupils, but no board number. Only Amsterdam's primary-level locations
  are used. This file is the source of addresses and coordinates; it never changes the name, board or pupil count
  of a school that already exists.

An import parses the whole file first, without writing anything but its progress, then applies every change in
one transaction. A problem with the file as a whole changes nothing; a problem in a row rejects only that row or
location. Values are compared before saving, so running the same file twice saves nothing the second time and adds
no history.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
import logging
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import ImportKind, ImportStatus, SchoolKind
from .models import RegisterImport, School, SchoolBoard
from .stadsdelen import stadsdeel_for_postcode

if TYPE_CHECKING:
    from kwaliteitsaanpak.accounts.models import User

logger = logging.getLogger(__name__)

# How much of a file the upload form reads to recognise it.
HEAD_SIZE = 64 * 1024
# How often (in rows) the parse writes its progress to the RegisterImport.
PROGRESS_EVERY = 500

MUNICIPALITY = "AMSTERDAM"
PUPILS_COLUMNS = (
    "PEILDATUM",
    "GEMEENTENAAM",
    "INSTELLINGSCODE",
    "VESTIGINGSCODE",
    "INSTELLINGSNAAM_VESTIGING",
    "POSTCODE_VESTIGING",
    "PLAATSNAAM",
    "SOORT_PO",
    "DENOMINATIE_VESTIGING",
    "BEVOEGD_GEZAG_NUMMER",
)
AGE_COLUMN_PREFIX = "LEEFTIJD_"
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
LOCATION_PROPERTIES = ("naam", "type", "gemeente", "vestigingscode", "postcode")
# The national list's types of primary-level locations; "(V)SO" is a combined so/vso school, kept as so.
LOCATION_KINDS = {
    "basisschool": SchoolKind.BO,
    "SBAO": SchoolKind.SBO,
    "SO": SchoolKind.SO,
    "VSO": SchoolKind.VSO,
    "(V)SO": SchoolKind.SO,
}

BRIN_PATTERN = re.compile(r"[0-9]{2}[A-Z]{2}")
LOCATION_CODE_PATTERN = re.compile(r"[0-9]{2}")
BOARD_NUMBER_PATTERN = re.compile(r"[0-9]{1,6}")
POSTCODE_PATTERN = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")
COUNT_PATTERN = re.compile(r"[0-9]+")
# DUO's ways of writing "no number": masked small counts, not available, empty.
NO_COUNT_VALUES = {"<5", "NA", ""}
# Bytes that do not occur in text: a PDF, a spreadsheet or another binary file.
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
COORDINATE_STEP = Decimal("0.000001")

FieldValues = dict[str, Any]


class RegisterFileError(Exception):
    """A problem with the file as a whole; `str(exc)` is a message for the user."""


class _RowError(Exception):
    """A problem with one row or feature; the message is the reason in the report."""


@dataclass(frozen=True)
class Rejection:
    line: int
    code: str
    reason: str


@dataclass
class Location:
    """One school location as a file describes it, ready to apply."""

    line: int
    brin: str
    location_code: str
    # None when the file says nothing about boards.
    board_number: str | None
    # Fields the file is the source of.
    overwrite: FieldValues
    # Fields set only while the school has no value.
    fill: FieldValues = field(default_factory=dict)
    # Fields set only on a school the import creates.
    on_create: FieldValues = field(default_factory=dict)


@dataclass
class ParsedFile:
    locations: list[Location]
    rejected: list[Rejection]
    skipped: int


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


# --- The upload form's check -------------------------------------------------------------------------------------


def validate_register_file(*, kind: str, file: IO[bytes]) -> None:
    """Recognise the file from its start only (encoding, header, JSON shape) and rewind it.

    Raises RegisterFileError with a message for the user. A problem further down the file is found by the import.
    """
    file.seek(0)
    try:
        head = file.read(HEAD_SIZE)
    finally:
        file.seek(0)
    complete = len(head) < HEAD_SIZE
    text = _decode(head, kind=kind, final=complete)
    if kind == ImportKind.PUPILS_PER_LOCATION:
        _pupils_header(text)
    elif kind == ImportKind.NATIONAL_LOCATIONS:
        _check_locations_head(text, complete=complete)
    else:
        raise _unknown_kind(kind)


# --- The import --------------------------------------------------------------------------------------------------


def execute_register_import(register_import: RegisterImport) -> None:
    """Run the import of one RegisterImport and leave it DONE with a report, or FAILED with a message.

    The file is parsed completely before anything is written; the changes are then applied in one transaction, so
    a failure leaves every school and board as it was.
    """
    _set(register_import, status=ImportStatus.RUNNING, error="", rows_processed=0)
    try:
        parsed = _parse(register_import)
        with transaction.atomic():
            schools, boards = _apply(parsed, register_import=register_import)
    except RegisterFileError as exc:
        _set(register_import, status=ImportStatus.FAILED, error=str(exc), finished_at=timezone.now())
        return
    except Exception:
        # Whatever went wrong, the transaction was rolled back; record the failure rather than leave it running.
        logger.exception("Import %s of DUO's register failed", register_import.pk)
        message = _(
            "The import failed because of an unexpected error; nothing was changed. Try again later, or contact "
            "the administrator if it keeps failing."
        )
        _set(register_import, status=ImportStatus.FAILED, error=message, finished_at=timezone.now())
        return
    _set(
        register_import,
        status=ImportStatus.DONE,
        report=_report(parsed, schools=schools, boards=boards),
        finished_at=timezone.now(),
    )


def _set(register_import: RegisterImport, **values: Any) -> None:
    """Write straight to the row (outside the apply transaction), so a page polling the import sees it."""
    RegisterImport.objects.filter(pk=register_import.pk).update(**values)
    for name, value in values.items():
        setattr(register_import, name, value)


def _parse(register_import: RegisterImport) -> ParsedFile:
    data = _read(register_import)
    progress = _Progress(register_import)
    if register_import.kind == ImportKind.PUPILS_PER_LOCATION:
        return _parse_pupils_file(data, progress)
    if register_import.kind == ImportKind.NATIONAL_LOCATIONS:
        return _parse_locations_file(data, progress)
    raise _unknown_kind(register_import.kind)


def _read(register_import: RegisterImport) -> bytes:
    if not register_import.file:
        raise RegisterFileError(_("The import has no file. Upload the file again."))
    try:
        with register_import.file.open("rb") as handle:
            return handle.read()
    except OSError as exc:
        raise RegisterFileError(_("The uploaded file cannot be read. Upload it again.")) from exc


class _Progress:
    def __init__(self, register_import: RegisterImport) -> None:
        self.register_import = register_import

    def start(self, total: int) -> None:
        _set(self.register_import, rows_total=total, rows_processed=0)

    def row(self, number: int) -> None:
        if number % PROGRESS_EVERY == 0:
            _set(self.register_import, rows_processed=number)

    def finish(self) -> None:
        _set(self.register_import, rows_processed=self.register_import.rows_total)


# --- Recognising a file ------------------------------------------------------------------------------------------


def _decode(data: bytes, *, kind: str, final: bool = True) -> str:
    """The text of a file in UTF-8 (with or without byte-order mark), or a RegisterFileError saying why not."""
    if data.startswith(b"PK\x03\x04"):
        raise RegisterFileError(_zip_message(kind))
    if data.startswith(b"%PDF"):
        raise RegisterFileError(_wrong_file_message(kind))
    if _looks_like_utf16(data):
        raise RegisterFileError(_encoding_message(kind))
    if BINARY_BYTES.search(data, 0, HEAD_SIZE):
        raise RegisterFileError(_wrong_file_message(kind))
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=final)
    except UnicodeDecodeError as exc:
        raise RegisterFileError(_encoding_message(kind)) from exc
    if not text.strip():
        raise RegisterFileError(_("The file is empty."))
    return text


def _looks_like_utf16(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    # Without a byte-order mark: every other byte of Latin text is a zero.
    sample = data[:2000]
    half = len(sample) // 2
    return half >= 8 and max(sample[0::2].count(0), sample[1::2].count(0)) >= 0.9 * half


def _encoding_message(kind: str) -> str:
    if kind == ImportKind.NATIONAL_LOCATIONS:
        return _("The file is not saved in UTF-8. Download the GeoJSON file again and upload it unchanged.")
    return _("The file is not saved in UTF-8. Save it as CSV UTF-8 and try again.")


def _zip_message(kind: str) -> str:
    if kind == ImportKind.NATIONAL_LOCATIONS:
        return _("This is a zip file. Unzip it and upload the GeoJSON file inside.")
    return _("This is an Excel or zip file, not a CSV file. Save it as CSV UTF-8 and try again.")


def _wrong_file_message(kind: str) -> str:
    if kind == ImportKind.NATIONAL_LOCATIONS:
        return _("This is not a GeoJSON file with school locations.")
    return _(
        "This is not a CSV file. Download DUO's file 'Leerlingen po per vestiging' as CSV (UTF-8, separated by "
        "semicolons) and try again."
    )


def _unknown_kind(kind: str) -> RegisterFileError:
    return RegisterFileError(_("Unknown kind of file: %(kind)s.") % {"kind": kind})


def _pupils_header(text: str) -> list[str]:
    """The header of a pupils file, or a RegisterFileError naming the columns that are missing."""
    first_line = text.splitlines()[0]
    header = _split_header(first_line, ";")
    missing = _missing_pupils_columns(header)
    if not missing:
        return header
    if not _missing_pupils_columns(_split_header(first_line, ",")):
        raise RegisterFileError(
            _(
                "The columns in the file are separated by commas, but DUO's files use semicolons (;). Download "
                "the file from DUO again and upload it unchanged."
            )
        )
    if len(missing) == 1:
        message = _(
            "This is not DUO's file 'Leerlingen po per vestiging': the column %(columns)s is missing."
        )
    else:
        message = _(
            "This is not DUO's file 'Leerlingen po per vestiging': the columns %(columns)s are missing."
        )
    raise RegisterFileError(message % {"columns": ", ".join(missing)})


def _split_header(line: str, delimiter: str) -> list[str]:
    return [name.strip() for name in next(csv.reader([line], delimiter=delimiter), [])]


def _missing_pupils_columns(header: list[str]) -> list[str]:
    missing = [name for name in PUPILS_COLUMNS if name not in header]
    if not any(name.startswith(AGE_COLUMN_PREFIX) for name in header):
        missing.append(f"{AGE_COLUMN_PREFIX}*")
    return missing


def _check_locations_head(text: str, *, complete: bool) -> None:
    if complete:
        _location_features(_load_json(text))
        return
    if not text.lstrip().startswith("{"):
        raise _not_json()
    if not re.search(r'"type"\s*:\s*"FeatureCollection"', text):
        raise RegisterFileError(_wrong_file_message(ImportKind.NATIONAL_LOCATIONS))
    _check_location_properties([name for name in LOCATION_PROPERTIES if f'"{name}"' not in text])


def _load_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise _not_json() from exc


def _not_json() -> RegisterFileError:
    return RegisterFileError(_("This is not a GeoJSON file: its content is not valid JSON."))


def _location_features(data: Any) -> list[Any]:
    """The features of a FeatureCollection of school locations, or a RegisterFileError saying why not."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise RegisterFileError(_wrong_file_message(ImportKind.NATIONAL_LOCATIONS))
    features = data.get("features")
    if not isinstance(features, list):
        raise RegisterFileError(_wrong_file_message(ImportKind.NATIONAL_LOCATIONS))
    if not features:
        raise RegisterFileError(_("The file contains no school locations."))
    first = next((feature for feature in features if isinstance(feature, dict)), {})
    properties = first.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    _check_location_properties([name for name in LOCATION_PROPERTIES if name not in properties])
    return features


def _check_location_properties(missing: list[str]) -> None:
    if missing:
        message = _("This is not a GeoJSON file with school locations: the properties %(names)s are missing.")
        raise RegisterFileError(message % {"names": ", ".join(missing)})


# --- The pupils file (CSV) ---------------------------------------------------------------------------------------


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


def _parse_pupils_file(data: bytes, progress: _Progress) -> ParsedFile:
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


# --- The national list of locations (GeoJSON) --------------------------------------------------------------------


def _parse_locations_file(data: bytes, progress: _Progress) -> ParsedFile:
    text = _decode(data, kind=ImportKind.NATIONAL_LOCATIONS)
    features = _location_features(_load_json(text))
    progress.start(len(features))
    locations: list[Location] = []
    rejected: list[Rejection] = []
    skipped = 0
    first_seen: dict[tuple[str, str], int] = {}
    for number, feature in enumerate(features, start=1):
        progress.row(number)
        try:
            location = _parse_feature(feature, number)
        except _RowError as exc:
            rejected.append(Rejection(line=number, code=_feature_code(feature), reason=str(exc)))
            continue
        if location is None:
            skipped += 1
            continue
        key = (location.brin, location.location_code)
        if key in first_seen:
            # The national list repeats a location once per building; the first address is the one kept.
            reason = _(
                "This location already appeared as feature %(first)s; that feature's address was used."
            )
            rejected.append(
                Rejection(line=number, code="".join(key), reason=reason % {"first": first_seen[key]})
            )
            continue
        first_seen[key] = number
        locations.append(location)
    progress.finish()
    return ParsedFile(locations=locations, rejected=rejected, skipped=skipped)


def _feature_properties(feature: Any) -> dict[str, Any] | None:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    return properties if isinstance(properties, dict) else None


def _feature_code(feature: Any) -> str:
    return _clean((_feature_properties(feature) or {}).get("vestigingscode"))


def _parse_feature(feature: Any, number: int) -> Location | None:
    """The location a feature describes, or None when it is not one of Amsterdam's primary-level locations."""
    properties = _feature_properties(feature)
    if properties is None:
        raise _RowError(_("The feature has no properties."))
    kind = LOCATION_KINDS.get(_clean(properties.get("type")))
    if kind is None or _clean(properties.get("gemeente")).upper() != MUNICIPALITY:
        return None
    code = _clean(properties.get("vestigingscode"))
    if len(code) != 6:
        message = _("The vestigingscode '%(value)s' is not a BRIN number followed by two digits.")
        raise _RowError(message % {"value": code})
    brin, location_code = code[:4], code[4:]
    _check_code(brin, location_code)
    overwrite: FieldValues = {"postcode": _postcode(properties.get("postcode"))}
    city = _place_name(_text(properties.get("plaats"), column="plaats", field_name="city"))
    street_address = _street_address(properties)
    coordinates = _coordinates(feature.get("geometry"))
    if city:
        overwrite["city"] = city
    if street_address:
        overwrite["street_address"] = street_address
    if coordinates:
        overwrite["latitude"], overwrite["longitude"] = coordinates
    # The national list writes denominations shorter and coarser ("Bijzonder", cut off at 30 characters) than the
    # pupils file does; it only fills an empty one.
    denomination = _text(properties.get("denominatie"), column="denominatie", field_name="denomination")
    return Location(
        line=number,
        brin=brin,
        location_code=location_code,
        board_number=None,
        overwrite=overwrite,
        fill={"denomination": denomination} if denomination else {},
        on_create={
            "name": _name(properties.get("naam"), column="naam"),
            "kind": kind,
            "pupil_count": _feature_pupils(properties.get("leerlingen")),
        },
    )


def _street_address(properties: dict[str, Any]) -> str:
    """Street, number, letter and addition as one line: "Kortvoort 61A", "Damrak 1-3"."""
    street = _clean(properties.get("straat"))
    if not street:
        return ""
    house = _clean(properties.get("huisnummer")) + _clean(properties.get("huisletter"))
    addition = _clean(properties.get("huisnummertoevoeging"))
    if addition:
        house = f"{house}-{addition}"
    address = f"{street} {house}".strip()
    limit = School._meta.get_field("street_address").max_length
    if len(address) > limit:
        raise _RowError(_too_long("straat", limit))
    return address


def _coordinates(geometry: Any) -> tuple[Decimal, Decimal] | None:
    """Latitude and longitude of a GeoJSON Point, to six decimals (about 10 cm); None when there is none."""
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        return None
    longitude, latitude = coordinates[:2]
    if not all(
        isinstance(value, int | float) and not isinstance(value, bool) for value in (longitude, latitude)
    ):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return Decimal(str(latitude)).quantize(COORDINATE_STEP), Decimal(str(longitude)).quantize(COORDINATE_STEP)


def _feature_pupils(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


# --- Values shared by both files ---------------------------------------------------------------------------------


def _clean(value: Any) -> str:
    """A value as text with its whitespace tidied; None becomes empty."""
    return "" if value is None else " ".join(str(value).split())


def _text(value: Any, *, column: str, field_name: str) -> str:
    text = _clean(value)
    limit = School._meta.get_field(field_name).max_length
    if len(text) > limit:
        raise _RowError(_too_long(column, limit))
    return text


def _too_long(column: str, limit: int) -> str:
    return _("%(column)s is longer than %(limit)s characters.") % {"column": column, "limit": limit}


def _name(value: Any, *, column: str) -> str:
    name = _text(value, column=column, field_name="name")
    if not name:
        raise _RowError(_("The name of the location is missing."))
    return name


def _check_code(brin: str, location_code: str) -> None:
    if not BRIN_PATTERN.fullmatch(brin):
        message = _("The BRIN number '%(value)s' is not two digits and two capital letters.")
        raise _RowError(message % {"value": brin})
    if not LOCATION_CODE_PATTERN.fullmatch(location_code):
        raise _RowError(_("The location code '%(value)s' is not two digits.") % {"value": location_code})


def _postcode(value: Any) -> str:
    """A Dutch postcode written as the register's forms want it: "1063CW" becomes "1063 CW"."""
    compact = _clean(value).replace(" ", "").upper()
    if not POSTCODE_PATTERN.fullmatch(compact):
        raise _RowError(_("The postcode '%(value)s' is not a Dutch postcode.") % {"value": _clean(value)})
    return f"{compact[:4]} {compact[4:]}"


def _place_name(value: str) -> str:
    """DUO writes places in capitals: "AMSTERDAM" becomes "Amsterdam", "'S-GRAVENHAGE" "'s-Gravenhage"."""
    if not value.isupper():
        return value
    parts = re.split(r"([ -])", value.lower())
    return "".join(part if part == "'s" else part[:1].upper() + part[1:] for part in parts)


# --- Applying the changes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Author:
    """Who and why, for the history rows of every save."""

    user: User | None
    reason: str


def _apply(parsed: ParsedFile, *, register_import: RegisterImport) -> tuple[Counts, Counts]:
    """Create or update the boards and schools of the parsed file; returns the counts of schools and boards."""
    author = _Author(
        user=register_import.started_by,
        reason=_("Import of DUO's register: %(file)s")
        % {"file": register_import.original_filename or register_import.get_kind_display()},
    )
    boards_by_number = {board.number: board for board in SchoolBoard.objects.all()}
    schools_by_code = {(school.brin, school.location_code): school for school in School.objects.all()}
    schools, boards = Counts(), Counts()
    boards_in_file: set[str] = set()
    for location in parsed.locations:
        board = None
        if location.board_number is not None:
            board = _board(
                location.board_number, boards_by_number, counts=boards, seen=boards_in_file, author=author
            )
        school = schools_by_code.get((location.brin, location.location_code))
        if school is None:
            schools_by_code[location.brin, location.location_code] = _create_school(location, board, author)
            schools.created += 1
        elif _update_school(school, location, board, author):
            schools.updated += 1
        else:
            schools.unchanged += 1
    return schools, boards


def _board(
    number: str, boards_by_number: dict[str, SchoolBoard], *, counts: Counts, seen: set[str], author: _Author
) -> SchoolBoard:
    """The board with this number; a new one is named after its number, an existing one keeps its name."""
    board = boards_by_number.get(number)
    if board is None:
        board = SchoolBoard(number=number, name=_("School board %(number)s") % {"number": number})
        _save(board, author)
        boards_by_number[number] = board
        counts.created += 1
    elif number not in seen:
        counts.unchanged += 1
    seen.add(number)
    return board


def _create_school(location: Location, board: SchoolBoard | None, author: _Author) -> School:
    values = {**location.on_create, **location.fill, **location.overwrite}
    school = School(
        brin=location.brin,
        location_code=location.location_code,
        board=board,
        stadsdeel=stadsdeel_for_postcode(values.get("postcode", "")) or "",
        **values,
    )
    _save(school, author)
    return school


def _update_school(school: School, location: Location, board: SchoolBoard | None, author: _Author) -> bool:
    """Save only the fields that differ; False when nothing did."""
    changes = _school_changes(school, location, board)
    if not changes:
        return False
    for name, value in changes.items():
        setattr(school, name, value)
    _save(school, author, update_fields=[*changes, "updated_at"])
    return True


def _school_changes(school: School, location: Location, board: SchoolBoard | None) -> FieldValues:
    wanted: FieldValues = dict(location.overwrite)
    wanted.update({name: value for name, value in location.fill.items() if not getattr(school, name)})
    if board is not None:
        wanted["board"] = board
    # The stadsdeel is a guess from the postcode; one that staff chose is never replaced (ADR 0003).
    if not school.stadsdeel:
        stadsdeel = stadsdeel_for_postcode(wanted.get("postcode", school.postcode))
        if stadsdeel:
            wanted["stadsdeel"] = stadsdeel
    return {name: value for name, value in wanted.items() if _differs(school, name, value)}


def _differs(school: School, name: str, value: Any) -> bool:
    if name == "board":
        return school.board_id != value.pk
    return getattr(school, name) != value


def _save(instance: School | SchoolBoard, author: _Author, update_fields: list[str] | None = None) -> None:
    # django-simple-history reads these two attributes for the history row it writes on save.
    instance._history_user = author.user
    instance._change_reason = author.reason
    instance.save(update_fields=update_fields)


# --- The report --------------------------------------------------------------------------------------------------


def _report(parsed: ParsedFile, *, schools: Counts, boards: Counts) -> dict[str, Any]:
    skipped_reason = _("outside Amsterdam or not primary education")
    return {
        "schools": asdict(schools),
        "boards": asdict(boards),
        "skipped": parsed.skipped,
        "skipped_reason": skipped_reason,
        "rejected": [asdict(rejection) for rejection in parsed.rejected],
        "summary": _summary(parsed, schools=schools, boards=boards, skipped_reason=skipped_reason),
    }


def _summary(parsed: ParsedFile, *, schools: Counts, boards: Counts, skipped_reason: str) -> str:
    """One Dutch sentence: "Scholen: 244 nieuw, 0 bijgewerkt, 0 ongewijzigd; besturen: 46 nieuw; afgewezen rijen: 0."

    Numbers follow their labels, so that one school reads as well as many.
    """
    rejected = _("rows rejected: %(count)s") % {"count": len(parsed.rejected)}
    changed = schools.created or schools.updated or boards.created or boards.updated
    if changed or not schools.unchanged:
        parts = [
            _("Schools: %(created)s new, %(updated)s updated, %(unchanged)s unchanged") % asdict(schools),
            _("school boards: %(created)s new") % asdict(boards),
            rejected,
        ]
    else:
        if boards.unchanged:
            no_changes = _(
                "No changes: all %(schools)s schools and %(boards)s school boards were already up to date"
            )
        else:
            no_changes = _("No changes: all %(schools)s schools were already up to date")
        parts = [no_changes % {"schools": schools.unchanged, "boards": boards.unchanged}]
        if parsed.rejected:
            parts.append(rejected)
    if parsed.skipped:
        parts.append(
            _("skipped: %(count)s (%(reason)s)") % {"count": parsed.skipped, "reason": skipped_reason}
        )
    return "; ".join(parts) + "."
