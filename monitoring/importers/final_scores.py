"""Recognising and parsing DUO's final-score file, and applying its results to the indicator values."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _

from improvement_plans.constants import FINAL_TEST_SCALES, FinalTest
from kwaliteitsaanpak.core.forms import format_dutch_decimal
from schools.constants import ImportKind
from schools.importers.common import MUNICIPALITY, Counts, Progress, RegisterFileError, Rejection
from schools.importers.pupils import COUNT_PATTERN, _check_field_count, _csv_records
from schools.importers.recognise import BINARY_BYTES, HEAD_SIZE, _decode, _looks_like_utf16, _split_header
from schools.importers.values import _check_code, _clean, _RowError
from schools.models import School

from ..constants import FIRST_SCHOOL_YEAR, Indicator, ValueSource, current_school_year, school_year_label
from ..constants import school_year_of as _school_year_of
from ..models import FinalScoreImport, IndicatorValue

# The file's columns per test provider, in DUO's spelling.
PROVIDERS: dict[str, FinalTest] = {
    "CITO": FinalTest.CITO,
    "IEP": FinalTest.IEP,
    "ROUTE8": FinalTest.ROUTE8,
    "DIA": FinalTest.DIA,
    "AMN": FinalTest.AMN,
    "DOE": FinalTest.DOE,
    "LIB": FinalTest.LIB,
}
COUNT_SUFFIX = "_AANTAL"
AVERAGE_SUFFIX = "_GEM"
REQUIRED_COLUMNS = ("PEILDATUM_LEERLINGEN", "INSTELLINGSCODE", "VESTIGINGSCODE", "GEMEENTENAAM")
# DUO's ways of writing "no value".
NO_VALUE = {"NA", ""}
MASKED = "<5"
SCORE_STEP = Decimal("0.01")
SCORE_LIMIT = Decimal("99999")


@dataclass(frozen=True)
class ScoreResult:
    """One test's average at one school location."""

    line: int
    brin: str
    location_code: str
    final_test: str
    value: Decimal
    pupil_count: int | None
    pupil_count_masked: bool


@dataclass
class ParsedScores:
    school_year: int
    results: list[ScoreResult]
    rejected: list[Rejection]
    skipped: int
    # Rows of Amsterdam's schools without a result on any test.
    without_result: int = 0
    lines: dict[tuple[str, str], int] = field(default_factory=dict)


# Recognising the file


def validate_final_score_file(file: IO[bytes]) -> None:
    """Recognise the file from its start (encoding, header) and rewind it; RegisterFileError says why not."""
    file.seek(0)
    try:
        head = file.read(HEAD_SIZE)
    finally:
        file.seek(0)
    _header(_text(head, final=len(head) < HEAD_SIZE))


def _text(data: bytes, *, final: bool = True) -> str:
    other = data.startswith(b"PK\x03\x04") or _looks_like_utf16(data)
    if data.startswith(b"%PDF") or (not other and BINARY_BYTES.search(data, 0, HEAD_SIZE)):
        raise RegisterFileError(_wrong_file())
    # The register import's checks for zip files, UTF-16 and other encodings, and empty files; their messages
    # speak of a CSV file in general.
    return _decode(data, kind=ImportKind.PUPILS_PER_LOCATION, final=final)


def _wrong_file() -> str:
    return _(
        "This is not a CSV file. Download DUO's file 'Gemiddelde eindscores' as CSV (UTF-8, separated by "
        "semicolons) and try again."
    )


def _header(text: str) -> tuple[list[str], list[str]]:
    """The header and the providers it has both columns of, or a RegisterFileError naming what is missing."""
    first_line = text.splitlines()[0]
    header = _split_header(first_line, ";")
    missing, providers = _missing(header)
    if not missing:
        return header, providers
    if not _missing(_split_header(first_line, ","))[0]:
        raise RegisterFileError(
            _(
                "The columns in the file are separated by commas, but DUO's files use semicolons (;). Download "
                "the file from DUO again and upload it unchanged."
            )
        )
    message = _("This is not DUO's file 'Gemiddelde eindscores': the columns %(columns)s are missing.")
    raise RegisterFileError(message % {"columns": ", ".join(missing)})


def _missing(header: list[str]) -> tuple[list[str], list[str]]:
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    providers = [
        name
        for name in PROVIDERS
        if f"{name}{COUNT_SUFFIX}" in header and f"{name}{AVERAGE_SUFFIX}" in header
    ]
    if not providers:
        missing.append(f"*{COUNT_SUFFIX}, *{AVERAGE_SUFFIX}")
    return missing, providers


# Parsing


def parse_final_scores(data: bytes, progress: Progress) -> ParsedScores:
    text = _text(data)
    header, providers = _header(text)
    records = _csv_records(text)
    if not records:
        raise RegisterFileError(_("The file contains no school locations."))
    school_year = _file_school_year(header, records)
    parsed = ParsedScores(school_year=school_year, results=[], rejected=[], skipped=0)
    progress.start(len(records))
    for number, (line, values) in enumerate(records, start=1):
        progress.row(number)
        row = dict(zip(header, values, strict=False))
        if _clean(row.get("GEMEENTENAAM")).upper() != MUNICIPALITY:
            parsed.skipped += 1
            continue
        code = _clean(row.get("INSTELLINGSCODE")) + _clean(row.get("VESTIGINGSCODE"))
        try:
            _check_field_count(values, header)
            results = _parse_row(row, line, providers, school_year)
        except _RowError as exc:
            parsed.rejected.append(Rejection(line=line, code=code, reason=str(exc)))
            continue
        key = (code[:4], code[4:])
        if key in parsed.lines:
            reason = _("This location already appeared on line %(first)s; that line was used.")
            parsed.rejected.append(
                Rejection(line=line, code=code, reason=reason % {"first": parsed.lines[key]})
            )
            continue
        parsed.lines[key] = line
        parsed.results.extend(results)
        parsed.without_result += not results
    progress.finish()
    return parsed


def _file_school_year(header: list[str], records: list[tuple[int, list[str]]]) -> int:
    """The school year of the whole file: the one most rows' PEILDATUM_LEERLINGEN (1 October) falls in."""
    found = (
        _school_year(dict(zip(header, values, strict=False)).get("PEILDATUM_LEERLINGEN"))
        for _, values in records
    )
    years = Counter(year for year in found if year is not None)
    if not years:
        raise RegisterFileError(
            _("No row has a reference date (PEILDATUM_LEERLINGEN), so the school year is unknown.")
        )
    year = years.most_common(1)[0][0]
    if not FIRST_SCHOOL_YEAR <= year <= current_school_year():
        message = _(
            "The file holds school year %(year)s, which is outside the programme (%(first)s up to the current "
            "school year)."
        )
        raise RegisterFileError(
            message % {"year": school_year_label(year), "first": school_year_label(FIRST_SCHOOL_YEAR)}
        )
    return year


def _school_year(value: str | None) -> int | None:
    try:
        return _school_year_of(datetime.date.fromisoformat(_clean(value)))
    except ValueError:
        return None


def _parse_row(row: dict[str, str], line: int, providers: list[str], school_year: int) -> list[ScoreResult]:
    brin = _clean(row["INSTELLINGSCODE"])
    location_code = _clean(row["VESTIGINGSCODE"])
    _check_code(brin, location_code)
    row_year = _school_year(row["PEILDATUM_LEERLINGEN"])
    if row_year != school_year:
        message = _("The reference date (PEILDATUM_LEERLINGEN) '%(value)s' is not in school year %(year)s.")
        raise _RowError(
            message % {"value": _clean(row["PEILDATUM_LEERLINGEN"]), "year": school_year_label(school_year)}
        )
    results = []
    for provider in providers:
        result = _provider_result(row, provider)
        if result is not None:
            value, count, masked = result
            results.append(
                ScoreResult(
                    line=line,
                    brin=brin,
                    location_code=location_code,
                    final_test=PROVIDERS[provider],
                    value=value,
                    pupil_count=count,
                    pupil_count_masked=masked,
                )
            )
    return results


def _provider_result(row: dict[str, str], provider: str) -> tuple[Decimal, int | None, bool] | None:
    """A provider's average, count and whether the count is masked; None when the school did not use the test."""
    count_column, average_column = f"{provider}{COUNT_SUFFIX}", f"{provider}{AVERAGE_SUFFIX}"
    count_text = _clean(row[count_column]).upper()
    average = _average(row[average_column], column=average_column)
    if average is None or average == 0:
        return None
    if count_text == MASKED:
        count, masked = None, True
    elif count_text in NO_VALUE:
        count, masked = None, False
    elif COUNT_PATTERN.fullmatch(count_text):
        count, masked = int(count_text), False
    else:
        message = _("%(column)s holds '%(value)s', which is not a number of pupils.")
        raise _RowError(message % {"column": count_column, "value": _clean(row[count_column])})
    if count == 0:
        message = _("%(average)s holds an average, but %(count)s says no pupil took the test.")
        raise _RowError(message % {"average": average_column, "count": count_column})
    _check_scale(PROVIDERS[provider], average, column=average_column)
    return average, count, masked


def _average(value: str, *, column: str) -> Decimal | None:
    """A score written with a decimal comma ("172,0625"), to two decimals; None for "NA" or empty."""
    text = _clean(value)
    if text.upper() in NO_VALUE:
        return None
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        message = _("%(column)s holds '%(value)s', which is not a score.")
        raise _RowError(message % {"column": column, "value": text})
    return number.quantize(SCORE_STEP)


def _check_scale(final_test: FinalTest, value: Decimal, *, column: str) -> None:
    scale = FINAL_TEST_SCALES.get(final_test)
    if value < 0 or value > SCORE_LIMIT or (scale and not scale[0] <= value <= scale[1]):
        if scale:
            message = _(
                "%(column)s holds %(value)s, which is outside the scale of %(test)s (%(low)s–%(high)s)."
            )
            values = {"low": scale[0], "high": scale[1]}
        else:
            message = _("%(column)s holds %(value)s, which is not a score of %(test)s.")
            values = {}
        raise _RowError(
            message
            % {"column": column, "value": format_dutch_decimal(value), "test": final_test.label, **values}
        )


# Applying


def for_history(instance: Any, *, user: Any, reason: str = "") -> None:
    """Who and why, for the history row django-simple-history writes on the next save."""
    instance._history_user = user
    instance._change_reason = reason


def apply_final_scores(parsed: ParsedScores, *, final_score_import: FinalScoreImport) -> Counts:
    """Create or update the final-test values of the file's school year; rows of unknown schools are rejected."""
    user = final_score_import.started_by
    reason = _("Import of DUO's final scores: %(file)s") % {"file": final_score_import.original_filename}
    schools = {(school.brin, school.location_code): school for school in School.objects.all()}
    existing = {
        (value.school_id, value.final_test): value
        for value in IndicatorValue.objects.filter(
            school_year=parsed.school_year, indicator=Indicator.FINAL_TEST
        )
    }
    counts = Counts()
    unknown: set[tuple[str, str]] = set()
    for result in parsed.results:
        key = (result.brin, result.location_code)
        school = schools.get(key)
        if school is None:
            if key not in unknown:
                unknown.add(key)
                message = _(
                    "School %(code)s is not in the register. Import DUO's register first, then this file again."
                )
                code = result.brin + result.location_code
                parsed.rejected.append(
                    Rejection(line=result.line, code=code, reason=message % {"code": code})
                )
            continue
        fields = {
            "value": result.value,
            "pupil_count": result.pupil_count,
            "pupil_count_masked": result.pupil_count_masked,
        }
        value = existing.get((school.pk, result.final_test))
        if value is None:
            value = IndicatorValue(
                school=school,
                school_year=parsed.school_year,
                indicator=Indicator.FINAL_TEST,
                final_test=result.final_test,
                **fields,
            )
            counts.created += 1
        elif all(getattr(value, name) == wanted for name, wanted in fields.items()):
            counts.unchanged += 1
            continue
        else:
            for name, wanted in fields.items():
                setattr(value, name, wanted)
            counts.updated += 1
        value.source = ValueSource.DUO
        value.final_score_import = final_score_import
        value.recorded_by = user
        for_history(value, user=user, reason=reason)
        value.save()
    parsed.rejected.sort(key=lambda rejection: rejection.line)
    return counts
