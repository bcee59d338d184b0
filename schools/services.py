"""Every change to boards, schools and inspection verdicts, each checking the acting user's permission.

Views, forms, commands and tasks call these; none of them writes to these models itself. A rule that is broken
raises ValidationError with a plain-Dutch message per field, which a form shows beside the field.
"""

import datetime
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.core.tasks import enqueue
from kwaliteitsaanpak.core.workflow import bump_version
from kwaliteitsaanpak.permissions import require_permission

from .constants import REFERENCE_LIST_DATE, WEAK_VERDICTS, ImportStatus, ReferenceList
from .importers import RegisterFileError, validate_register_file
from .models import InspectionVerdict, RegisterImport, School, SchoolBoard
from .tasks import run_register_import

# Verdicts older than this are outside anything the programme looks at.
EARLIEST_VERDICT_DATE = datetime.date(2000, 1, 1)


def _save_with_fields(instance, fields: dict[str, Any], validate=None):
    """Set the fields, check them (`validate` first, then the model's own checks) and save."""
    for name, value in fields.items():
        setattr(instance, name, value)
    if validate is not None:
        validate(instance)
    instance.full_clean()
    instance.save()
    return instance


def _create(user: User, permission: str, instance, fields: dict[str, Any]):
    """A new object, with a permission that concerns no object yet."""
    require_permission(user, permission)
    return _save_with_fields(instance, fields)


def _update(user: User, permission: str, instance, fields: dict[str, Any]):
    """A change to an object, with the permission checked on that object."""
    require_permission(user, permission, instance)
    return _save_with_fields(instance, fields)


def school_board_create(*, user: User, **fields) -> SchoolBoard:
    return _create(user, "schools.add_schoolboard", SchoolBoard(), fields)


def school_board_update(*, user: User, board: SchoolBoard, **fields) -> SchoolBoard:
    return _update(user, "schools.change_schoolboard", board, fields)


def school_create(*, user: User, **fields) -> School:
    return _create(user, "schools.add_school", School(), fields)


@transaction.atomic
def school_update(*, user: User, school: School, expected_version: int | None = None, **fields) -> School:
    """Change a school. A change based on `expected_version` is refused when someone (or a DUO import) saved the
    school since (ADR 14); the stored row is changed, locked, not the copy a form has filled in."""
    require_permission(user, "schools.change_school", school)
    stored = School.objects.select_for_update().get(pk=school.pk)
    bump_version(stored, expected_version)
    return _save_with_fields(stored, fields)


def inspection_verdict_validate(verdict: InspectionVerdict) -> None:
    """The programme's rules for a verdict, with a message per field. The form calls this too, so that its
    errors stand beside the right field; the services call it before anything is saved."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if verdict.date and verdict.date > today:
        errors["date"] = _("The date of a verdict cannot be in the future.")
    elif verdict.date and verdict.date < EARLIEST_VERDICT_DATE:
        errors["date"] = _("Enter a date from 1 January 2000 onwards.")
    if verdict.reference_list and verdict.verdict not in WEAK_VERDICTS:
        errors["reference_list"] = _(
            "Only a verdict of weak or very weak can put a school on the reference list."
        )
    elif (
        verdict.date
        and verdict.reference_list == ReferenceList.ORIGINAL
        and verdict.date > REFERENCE_LIST_DATE
    ):
        errors["reference_list"] = _(
            "The reference list of 31 January 2008 holds verdicts up to that date. "
            "Choose “later addition” for a verdict after it."
        )
    elif (
        verdict.date
        and verdict.reference_list == ReferenceList.ADDITION
        and verdict.date <= REFERENCE_LIST_DATE
    ):
        errors["reference_list"] = _(
            "A verdict up to 31 January 2008 belongs to the reference list of that date, not to the later additions."
        )
    duplicates = InspectionVerdict.objects.filter(school_id=verdict.school_id, date=verdict.date)
    if verdict.pk:
        duplicates = duplicates.exclude(pk=verdict.pk)
    if verdict.date and duplicates.exists():
        errors["date"] = _("A verdict on this date has already been recorded for this school.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def inspection_verdict_record(*, user: User, school: School, **fields) -> InspectionVerdict:
    """Record a new verdict of the Inspectie; the latest verdict by date is the school's current state."""
    require_permission(user, "schools.add_inspectionverdict", school)
    verdict = InspectionVerdict(school=school, recorded_by=user, **fields)
    inspection_verdict_validate(verdict)
    verdict.full_clean()
    verdict.save()
    return verdict


@transaction.atomic
def inspection_verdict_update(
    *, user: User, verdict: InspectionVerdict, changes: dict | None = None, **fields
) -> InspectionVerdict:
    """Correct a recorded verdict, for instance to mark it as part of the reference list. The form's fields come in
    `changes`: one of them is the judgement, `verdict`, which cannot be a keyword beside the record itself."""
    require_permission(user, "schools.change_inspectionverdict", verdict.school)
    return _save_with_fields(verdict, {**(changes or {}), **fields}, validate=inspection_verdict_validate)


def register_import_create(
    *, user: User | None, kind: str, file: IO[bytes], original_filename: str
) -> RegisterImport:
    """Check a file of DUO's register and keep it as a queued import; the caller runs or queues it.

    `user` is None only for the management command, which acts for the system. A file that is not what it
    should be raises ValidationError (on the field `file`) before anything is stored.
    """
    if user is not None:
        require_permission(user, "schools.import_register")
    try:
        validate_register_file(kind=kind, file=file)
    except RegisterFileError as error:
        raise ValidationError({"file": str(error)}) from error
    register_import = RegisterImport(
        kind=kind, original_filename=original_filename[:255], started_by=user, status=ImportStatus.QUEUED
    )
    register_import.file.save(original_filename, File(file), save=False)
    register_import.save()
    return register_import


@transaction.atomic
def register_import_start(*, user: User, kind: str, uploaded_file: UploadedFile) -> RegisterImport:
    """Keep an uploaded file and hand its import to a Celery task (run eagerly when no broker is configured)."""
    register_import = register_import_create(
        user=user, kind=kind, file=uploaded_file, original_filename=uploaded_file.name or ""
    )
    transaction.on_commit(lambda: enqueue(run_register_import, register_import))
    return register_import
