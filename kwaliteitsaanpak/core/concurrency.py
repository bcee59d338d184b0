"""Optimistic locking, written once: what another person changed since the version a form was based on (ADR 14).

Every record that two people may change at once carries an edit version (`version`, a positive integer); its form
carries the version it was read at, and its service refuses a save, a submission or a removal based on an older one
(`kwaliteitsaanpak.core.workflow.bump_version`). The refusal is `stale_refusal`: it says who saved the record
meanwhile and when, and lists every field that changed with its new value as a user reads it, from the record's
history (django-simple-history, ADR 1): the historical row at the version the form was based on against the newest
one. What the user typed stays on the form (`core.views.ServiceFormMixin`), so nothing is lost on either side.

Public for every app: `stale_refusal`, `removed_refusal`, `changes_since`, `ensure_current`, `StaleRecord`,
`with_stale_refusal`, `current_version_of`, `VersionedForm` and `VersionedRemoveConfirmForm`. A field's value reads as the pages show it
through `core.display`, which the change history pages (ADR 15) use as well.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .display import Names, display_value, field_label, related_names
from .forms import CarriesVersion, RemoveConfirmForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Fields that record who saved a record and when, not what it says: the refusal names who and when itself.
BOOKKEEPING_FIELDS = frozenset(
    {"version", "created_at", "created_by", "updated_at", "recorded_at", "recorded_by"}
)

# The words around the list of changes. The record's own name (`this_record`: "this goal") comes first.
STALE_CHANGED = _(
    "Someone else saved %(this_record)s while you were working on it (%(who)s, %(when)s): %(changes)s."
)
STALE_SAVED = _("Someone else saved %(this_record)s while you were working on it (%(who)s, %(when)s).")
STALE_UNKNOWN = _("Someone else saved %(this_record)s while you were working on it.")
REMOVED = _("Someone else removed %(this_record)s while you were working on it.")
# What happened to the user's own action, by what the user was doing.
KEPT_ON_FORM = _(
    "Your changes have not been saved. What you entered is still below: copy what you want to keep and save again."
)
NOT_SUBMITTED = _("Nothing has been submitted: look at the latest version and submit it again.")
NOT_REMOVED = _(
    "Nothing has been removed: look at the latest version and remove it again if you still want to."
)
EMPTY_VALUE = _("(empty)")
QUOTED = _("“%(text)s”")
OUT_OF_DATE = _("This page is out of date. Open it again and make your changes once more.")


@dataclass(frozen=True)
class Change:
    """One field that another person changed: its label and its new value, both as a user reads them."""

    label: str
    value: str

    def __str__(self) -> str:
        return f"{self.label} → {self.value}"


@dataclass(frozen=True)
class StaleChanges:
    """Who saved the record after the version a form was based on, when, and what changed since that version.
    `who` is "" when no person saved it (an import, a command or a scheduled job)."""

    who: str
    when: datetime.datetime
    changes: tuple[Change, ...]


def record_name(record: Any) -> StrOrPromise:
    """How a refusal names `record`: its `this_record` ("this goal"; Dutch needs the record's own "dit" or
    "deze"), else "this record"."""
    return getattr(record, "this_record", None) or _("this record")


def compared_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields of `model` a refusal compares: what users fill in, not the key, nor who saved it when."""
    fields = []
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable or field.name in BOOKKEEPING_FIELDS:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        fields.append(field)
    return fields


def readable_value(field: models.Field, row: Any, names: Names) -> str:
    """The value of `field` in `row` (a record or its historical row) as the refusal names it: as the pages show it
    (`core.display`), an empty one as "(empty)", a typed text on one line between quotes."""
    shown = display_value(field, getattr(row, field.attname), names, empty=str(EMPTY_VALUE))
    if not shown.typed:
        return shown.text
    return str(QUOTED) % {"text": " ".join(shown.text.split())}


def changes_since(record: Any, version: int) -> StaleChanges | None:
    """What was saved to `record` after edit version `version`: who saved it last, when, and each field whose value
    now differs from that version's. None when the history does not reach back to that version (a record saved
    before it had a version, or changed without a history row)."""
    history = getattr(record, "history", None)
    if history is None or record.pk is None:
        return None
    rows = history.model._default_manager.filter(**{record._meta.pk.attname: record.pk})
    latest = rows.select_related("history_user").order_by("-history_date", "-history_id").first()
    before = rows.filter(version=version).order_by("-history_date", "-history_id").first()
    if latest is None or before is None or latest.version == version:
        return None
    changed = [
        field
        for field in compared_fields(type(record))
        if getattr(before, field.attname) != getattr(latest, field.attname)
    ]
    names = related_names((field, getattr(latest, field.attname)) for field in changed)
    changes = tuple(Change(field_label(field), readable_value(field, latest, names)) for field in changed)
    who = str(latest.history_user) if latest.history_user_id else ""
    return StaleChanges(who=who, when=latest.history_date, changes=changes)


def stale_refusal(record: Any, expected_version: int, *, after: StrOrPromise = KEPT_ON_FORM) -> str:
    """The message that refuses a save of `record` based on `expected_version`: who saved it meanwhile, when, and
    what they changed; then `after`, what happened to the user's own action (by default: kept on the form)."""
    name = record_name(record)
    found = changes_since(record, expected_version)
    if found is None:
        lead = str(STALE_UNKNOWN) % {"this_record": name}
    else:
        words = {
            "this_record": name,
            "who": found.who or gettext("the system"),
            "when": date_format(timezone.localtime(found.when), "d-m-Y H:i"),
        }
        if found.changes:
            words["changes"] = "; ".join(str(change) for change in found.changes)
            lead = str(STALE_CHANGED) % words
        else:
            lead = str(STALE_SAVED) % words
    return f"{lead} {after}"


class StaleRecord(ValidationError):
    """A save based on an older edit version, refused. `current_version` is the version the record has now: a
    `VersionedForm` shown again with the refusal carries it, so the user's next save (of what they chose to keep
    after reading what changed) is based on what they have now seen."""

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message, code="stale")
        self.current_version = current_version


def removed_refusal(record: Any, *, after: StrOrPromise = KEPT_ON_FORM) -> str:
    """The message that refuses a save of `record` that someone else removed meanwhile."""
    return f"{str(REMOVED) % {'this_record': record_name(record)}} {after}"


def ensure_current(record: Any, expected_version: int | None, *, after: StrOrPromise = KEPT_ON_FORM) -> None:
    """Refuse (ValidationError with `stale_refusal`) when `record` is no longer at `expected_version`. Without an
    expected version (a caller that did not read the record first) nothing is checked."""
    if expected_version is not None and record.version != expected_version:
        raise StaleRecord(
            stale_refusal(record, expected_version, after=after), current_version=record.version
        )


def with_stale_refusal(errors: dict, record: Any | None, expected_version: int | None) -> ValidationError:
    """A service's field errors (`errors`, as `ValidationError` takes them), with the stale refusal beside them when
    `record` moved on since `expected_version`: a service that checks its fields before the version still shows
    both in one round (ADR 12), and the form moves on to the current version (ADR 14). `record` is None when the
    form adds a new one (nothing to be stale)."""
    if record is None or expected_version is None or record.version == expected_version:
        return ValidationError(errors)
    stale = StaleRecord(stale_refusal(record, expected_version), current_version=record.version)
    earlier = errors.get(NON_FIELD_ERRORS, [])
    earlier = list(earlier) if isinstance(earlier, list | tuple) else [earlier]
    return ValidationError({**errors, NON_FIELD_ERRORS: [*earlier, stale]})


def current_version_of(error: Any) -> int | None:
    """The record's current version when `error` (what a form's `add_error` takes: a ValidationError, a list or a
    dict of them, or a message) is or holds a `StaleRecord`; else None."""
    current = getattr(error, "current_version", None)
    if current is not None:
        return current
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            items: list = [item for field_errors in error.error_dict.values() for item in field_errors]
        elif hasattr(error, "message"):  # one message: its error_list is the error itself
            return None
        else:
            items = error.error_list
    elif isinstance(error, dict):
        items = list(error.values())
    elif isinstance(error, list | tuple):
        items = list(error)
    else:
        return None
    for item in items:
        found = current_version_of(item)
        if found is not None:
            return found
    return None


class VersionedForm(CarriesVersion):
    """A mixin for a form that changes a record: the hidden edit version it was read at, handed to the service as
    `expected_version`. Required when the form changes an existing record (the view's initial has the version);
    absent on a form that adds one."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version = self.fields["version"]
        version.required = self.initial.get("version") is not None
        version.error_messages = {**version.error_messages, "required": OUT_OF_DATE, "invalid": OUT_OF_DATE}

    def service_arguments(self) -> dict:
        arguments = super().service_arguments()  # type: ignore[misc]
        arguments["expected_version"] = arguments.pop("version", None)
        return arguments


class VersionedRemoveConfirmForm(CarriesVersion, RemoveConfirmForm):
    """The red button that removes a record, with the edit version the user looked at: removing a record that
    someone changed meanwhile is refused (the view's initial has the version)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, error_messages={"required": OUT_OF_DATE}
    )
