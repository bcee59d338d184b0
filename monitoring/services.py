"""Every change to indicator values, benchmarks and final-score imports, each checking the acting user's permission.

Views, forms, the management command and the task call these. A broken rule raises ValidationError with a Dutch
message per field and changes nothing. The form calls the `*_validate` functions too, so that every problem is
reported in one round beside its field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from improvement_plans.constants import FINAL_TEST_SCALES, FinalTest
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.core.tasks import enqueue
from kwaliteitsaanpak.core.workflow import bump_version
from kwaliteitsaanpak.permissions import require_permission
from schools.constants import ImportStatus
from schools.importers import RegisterFileError
from schools.models import School

from .constants import (
    BENCHMARK_INDICATORS,
    DOORSTROOMTOETS_ONLY,
    DOORSTROOMTOETS_SINCE,
    FIRST_SCHOOL_YEAR,
    LAST_CITO_YEAR,
    PERCENTAGE_MAX,
    Indicator,
    ValueSource,
    current_school_year,
    school_year_label,
)
from .importers import validate_final_score_file
from .importers.final_scores import for_history
from .models import Benchmark, FinalScoreImport, IndicatorValue
from .tasks import run_final_score_import


def _value_errors(record: IndicatorValue | Benchmark) -> dict[str, str]:
    """The rules a value of a school and a benchmark share: its school year, its test and its scale."""
    errors: dict[str, str] = {}
    year = record.school_year
    if year is not None and not FIRST_SCHOOL_YEAR <= year <= current_school_year():
        errors["school_year"] = _(
            "Choose a school year of the programme: from %(first)s up to the current school year %(current)s."
        ) % {
            "first": school_year_label(FIRST_SCHOOL_YEAR),
            "current": school_year_label(current_school_year()),
        }
    if record.indicator == Indicator.FINAL_TEST:
        errors.update(_final_test_errors(record.final_test, year))
    elif record.final_test:
        errors["final_test"] = _(
            "Only a final-test result has a final test; leave it empty for this indicator."
        )
    if record.value is not None:
        message = _value_message(record.indicator, record.final_test, record.value)
        if message:
            errors["value"] = message
    return errors


def _final_test_errors(final_test: str, year: int | None) -> dict[str, str]:
    if not final_test:
        return {
            "final_test": _("Choose the final test the score was measured with: each test has its own scale.")
        }
    if year is None:
        return {}
    if final_test == FinalTest.CITO and year > LAST_CITO_YEAR:
        return {
            "final_test": _(
                "The CITO final test was last taken in school year %(year)s; since then schools use a "
                "doorstroomtoets. Choose the test the school used."
            )
            % {"year": school_year_label(LAST_CITO_YEAR)}
        }
    if final_test in DOORSTROOMTOETS_ONLY and year < DOORSTROOMTOETS_SINCE:
        return {
            "final_test": _("%(test)s exists only since school year %(year)s.")
            % {"test": FinalTest(final_test).label, "year": school_year_label(DOORSTROOMTOETS_SINCE)}
        }
    return {}


def _value_message(indicator: str, final_test: str, value: Decimal) -> str:
    if value < 0:
        return _("Enter a number of zero or more.")
    if indicator == Indicator.LWOO and value > PERCENTAGE_MAX:
        return _(
            "A percentage is at most 100. Enter the share of pupils with an LWOO indication, such as 12,5."
        )
    if indicator == Indicator.PUPILS and value != value.to_integral_value():
        return _("Enter a whole number of pupils.")
    if indicator == Indicator.FINAL_TEST and final_test:
        scale = FINAL_TEST_SCALES.get(final_test)
        if scale and not scale[0] <= value <= scale[1]:
            return _("A score on the %(test)s lies between %(low)s and %(high)s.") % {
                "test": FinalTest(final_test).label,
                "low": scale[0],
                "high": scale[1],
            }
        if value <= 0:
            return _("Enter the school's average score, a number above zero.")
    return ""


def indicator_value_validate(value: IndicatorValue) -> None:
    """The programme's rules for a school's indicator value, with a message per field."""
    errors = _value_errors(value)
    if value.indicator != Indicator.FINAL_TEST and value.pupil_count is not None:
        errors["pupil_count"] = _("Only a final-test result has a number of pupils tested; leave it empty.")
    duplicates = IndicatorValue.objects.filter(
        school_id=value.school_id,
        school_year=value.school_year,
        indicator=value.indicator,
        final_test=value.final_test or "",
    )
    if value.pk:
        duplicates = duplicates.exclude(pk=value.pk)
    if value.school_id and value.school_year and not errors and duplicates.exists():
        errors["school_year"] = _(
            "This school already has a value for this indicator in school year %(year)s. Change that value instead."
        ) % {"year": school_year_label(value.school_year)}
    if errors:
        raise ValidationError(errors)


def _save(record: IndicatorValue | Benchmark, validate) -> Any:
    validate(record)
    record.full_clean(validate_constraints=False)
    record.save()
    return record


@transaction.atomic
def indicator_value_record(
    *,
    user: User,
    school: School,
    school_year: int,
    indicator: str,
    value: Decimal,
    final_test: str = "",
    pupil_count: int | None = None,
) -> IndicatorValue:
    """Record a school's indicator value for a school year, entered by staff."""
    require_permission(user, "monitoring.add_indicatorvalue")
    record = IndicatorValue(
        school=school,
        school_year=school_year,
        indicator=indicator,
        final_test=final_test or "",
        value=value,
        pupil_count=pupil_count,
        source=ValueSource.MANUAL,
        recorded_by=user,
    )
    return _save(record, indicator_value_validate)


@transaction.atomic
def indicator_value_update(
    *, user: User, indicator_value: IndicatorValue, expected_version: int, **fields: Any
) -> IndicatorValue:
    """Correct a value; a corrected value counts as entered by staff (its history keeps what the import said). A
    change based on an older version than the stored one is refused."""
    require_permission(user, "monitoring.change_indicatorvalue")
    record = IndicatorValue.objects.select_for_update().get(pk=indicator_value.pk)
    bump_version(record, expected_version)
    for name, value in fields.items():
        setattr(record, name, value)
    record.final_test = record.final_test or ""
    record.source = ValueSource.MANUAL
    record.recorded_by = user
    for_history(record, user=user)
    return _save(record, indicator_value_validate)


# Benchmarks


def benchmark_validate(benchmark: Benchmark) -> None:
    errors = _value_errors(benchmark)
    if benchmark.indicator and benchmark.indicator not in BENCHMARK_INDICATORS:
        errors["indicator"] = _(
            "A G4 or national average is kept for the final test and the LWOO percentage."
        )
    duplicates = Benchmark.objects.filter(
        school_year=benchmark.school_year,
        indicator=benchmark.indicator,
        final_test=benchmark.final_test or "",
        reference=benchmark.reference,
    )
    if benchmark.pk:
        duplicates = duplicates.exclude(pk=benchmark.pk)
    if benchmark.school_year and not errors and duplicates.exists():
        errors["school_year"] = _(
            "This average has already been recorded for school year %(year)s. Change it instead."
        ) % {"year": school_year_label(benchmark.school_year)}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def benchmark_record(
    *, user: User, school_year: int, indicator: str, reference: str, value: Decimal, final_test: str = ""
) -> Benchmark:
    """Record the G4 or national average of an indicator in a school year."""
    require_permission(user, "monitoring.add_benchmark")
    benchmark = Benchmark(
        school_year=school_year,
        indicator=indicator,
        final_test=final_test or "",
        reference=reference,
        value=value,
        recorded_by=user,
    )
    return _save(benchmark, benchmark_validate)


@transaction.atomic
def benchmark_update(*, user: User, benchmark: Benchmark, expected_version: int, **fields: Any) -> Benchmark:
    """Correct an average; a change based on an older version than the stored one is refused."""
    require_permission(user, "monitoring.change_benchmark")
    record = Benchmark.objects.select_for_update().get(pk=benchmark.pk)
    bump_version(record, expected_version)
    for name, value in fields.items():
        setattr(record, name, value)
    record.final_test = record.final_test or ""
    record.recorded_by = user
    for_history(record, user=user)
    return _save(record, benchmark_validate)


# Importing DUO's final-score file


def final_score_import_create(
    *, user: User | None, file: IO[bytes], original_filename: str
) -> FinalScoreImport:
    """Check the start of a final-score file and keep it as a queued import; the caller runs or queues it.

    `user` is None only for the management command, which acts for the system. A file that is not DUO's raises
    ValidationError on the field `file` before anything is stored.
    """
    if user is not None:
        require_permission(user, "monitoring.import_indicators")
    try:
        validate_final_score_file(file)
    except RegisterFileError as error:
        raise ValidationError({"file": str(error)}) from error
    final_score_import = FinalScoreImport(
        original_filename=original_filename[:255], started_by=user, status=ImportStatus.QUEUED
    )
    final_score_import.file.save(original_filename, File(file), save=False)
    final_score_import.save()
    return final_score_import


@transaction.atomic
def final_score_import_start(*, user: User, uploaded_file: UploadedFile) -> FinalScoreImport:
    """Keep an uploaded file and hand its import to a Celery task (run eagerly when no broker is configured)."""
    final_score_import = final_score_import_create(
        user=user, file=uploaded_file, original_filename=uploaded_file.name or ""
    )
    transaction.on_commit(lambda: enqueue(run_final_score_import, final_score_import))
    return final_score_import
