"""The change history of records, for staff: who changed what and when (old → new), read from django-simple-history
(ADR 1), and who acts when no person does (ADR 15).

Public API, for every app:

- `acting_as(user, task=…)` / `acting_as(user, command=…)`: a context manager that records, in every history row
  written while it is open, who acted: the person who asked for the work (a task started from a request passes the
  user's id), or no one, and then the task or management command as the system actor. Used by every Celery task and
  management command that writes domain records.
- `HistorySource` and `history_entries(...)`: the entries of a record's change history, newest first, with each
  changed field as a user reads it (`core.display`, shared with the refusal of a stale save), in a fixed number
  of queries (one per source, one per kind of related record named in a change, one per review list).
- `HistoryView`: the read-only "Wijzigingsgeschiedenis" page; an app's page names its record and sources.

Nothing here writes history rows or lets anyone change them: the page is GET-only, the admin cannot revert
(`SIMPLE_HISTORY_REVERT_DISABLED`), and no historical model is registered in the admin.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from simple_history.signals import pre_create_historical_record

from .display import DisplayValue, display_value, field_label, related_names
from .views import ProtectedView

# Actors: who acts when no request does

# The stored form of the actor in `history_change_reason`: "[task:send_reminders] the reason, if any". A reason is
# free text that django-simple-history keeps as it is; the marker in front is what this module reads back.
_ACTOR_MARKER = re.compile(r"^\[(?P<kind>task|command):(?P<name>[^\]]+)\]\s*")


@dataclass(frozen=True)
class _Actor:
    user: Any  # a User or None
    marker: str


_acting: ContextVar[_Actor | None] = ContextVar("history_actor", default=None)


@contextmanager
def acting_as(user=None, *, task: str = "", command: str = "") -> Iterator[None]:
    """While open, every history row names `user` (when given) and the task or command that did the work. Without a
    user the row has no person and the page shows "systeem (taak …)" or "beheercommando …". A reason that the code
    gives on the record (`_change_reason`) is kept after the marker."""
    if bool(task) == bool(command):
        raise ValueError("acting_as needs either a task or a command.")
    marker = f"[task:{task}]" if task else f"[command:{command}]"
    token = _acting.set(_Actor(user=user, marker=marker))
    try:
        yield
    finally:
        _acting.reset(token)


def _record_actor(sender, history_instance, **kwargs) -> None:
    actor = _acting.get()
    if actor is None:
        return
    if actor.user is not None:
        history_instance.history_user = actor.user
    reason = history_instance.history_change_reason or ""
    if not _ACTOR_MARKER.match(reason):
        history_instance.history_change_reason = f"{actor.marker} {reason}".strip()


pre_create_historical_record.connect(_record_actor, dispatch_uid="core.history.record_actor")


def split_reason(reason: str | None) -> tuple[str, str, str]:
    """(kind, name, reason): the actor marker of a stored change reason ("task"/"command" and its name, or "" "")
    and the reason after it."""
    reason = reason or ""
    found = _ACTOR_MARKER.match(reason)
    if found is None:
        return "", "", reason
    return found["kind"], found["name"], reason[found.end() :]


# Entries


@dataclass(frozen=True)
class Change:
    """One changed field: its label, and its old and new value as a user reads them (`core.display`)."""

    label: str
    old: DisplayValue
    new: DisplayValue


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    via: str  # the task or command a person's change ran in, else ""
    action: str  # created, changed, deleted, submitted, decided
    subject: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""
    order: int = 0

    @property
    def action_label(self) -> str:
        return {
            "created": _("created"),
            "changed": _("changed"),
            "deleted": _("deleted"),
            "submitted": _("submitted"),
            "decided": _("decided"),
        }[self.action]


@dataclass(frozen=True)
class HistorySource:
    """The history rows of one model that belong to the page's record: `filters` select them from the model's
    historical table (`{"pk": plan.pk}`, `{"plan_id": plan.pk}`, `{"goal_id__in": ids}`). `label` names one row
    from its own fields (the record as it was); `exclude` leaves out fields a reader need not see, above all foreign
    keys to the page's own record, whose names would take a query each."""

    model: type[models.Model]
    filters: dict[str, Any]
    label: Callable[[Any], str] | None = None
    exclude: frozenset[str] = frozenset()

    def subject(self, row) -> str:
        name = str(self.model._meta.verbose_name)
        if self.label is None:
            return name[:1].upper() + name[1:]
        return f"{name[:1].upper() + name[1:]}: {self.label(row)}"


# Fields no reader needs: the edit version changes on every save (optimistic locking, ADR 7).
ALWAYS_EXCLUDED = frozenset({"id", "version"})


def history_entries(sources: Sequence[HistorySource], *, reviews: Iterable[Any] = ()) -> list[HistoryEntry]:
    """The entries of the sources' history rows and of the reviews (submissions and decisions, which are appended
    and never changed, so they are their own history), newest first."""
    raw: list[tuple[HistoryEntry, HistorySource, list[tuple[models.Field, Any, Any]]]] = []
    for source in sources:
        rows = (
            source.model.history.filter(**source.filters)  # type: ignore[attr-defined]
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        for _pk, group in itertools.groupby(rows, key=lambda row: row.id):
            previous = None
            for row in group:
                raw.append((_row_entry(row, source), source, _row_changes(row, previous, source)))
                previous = row
    names = related_names(
        (model_field, value) for _, _, changes in raw for model_field, *values in changes for value in values
    )
    entries = []
    for entry, _source, changes in raw:
        entry.changes = [
            Change(
                field_label(model_field),
                display_value(model_field, old, names),
                display_value(model_field, new, names),
            )
            for model_field, old, new in changes
        ]
        if entry.action == "changed" and not entry.changes:
            continue  # a save that changed nothing a reader sees (the edit version only)
        entries.append(entry)
    entries.extend(_review_entries(reviews))
    for order, entry in enumerate(entries):
        entry.order = order
    return sorted(entries, key=lambda entry: (entry.when, entry.order), reverse=True)


def _row_entry(row, source: HistorySource) -> HistoryEntry:
    action = {"+": "created", "~": "changed", "-": "deleted"}[row.history_type]
    kind, name, reason = split_reason(row.history_change_reason)
    who, via = _who(row.history_user, kind, name)
    return HistoryEntry(
        when=row.history_date, who=who, via=via, action=action, subject=source.subject(row), reason=reason
    )


def _who(user, kind: str, name: str) -> tuple[str, str]:
    if user is not None:
        if kind == "task":
            return str(user), _("via task %(name)s") % {"name": name}
        if kind == "command":
            return str(user), _("via management command %(name)s") % {"name": name}
        return str(user), ""
    if kind == "task":
        return _("system (task %(name)s)") % {"name": name}, ""
    if kind == "command":
        return _("management command %(name)s") % {"name": name}, ""
    return _("system"), ""


def _shown_fields(source: HistorySource) -> list[models.Field]:
    excluded = ALWAYS_EXCLUDED | source.exclude
    return [
        model_field
        for model_field in source.model._meta.concrete_fields
        if model_field.editable and not model_field.primary_key and model_field.name not in excluded
    ]


def _row_changes(row, previous, source: HistorySource) -> list[tuple[models.Field, Any, Any]]:
    fields = _shown_fields(source)
    if row.history_type == "-":
        return []
    if previous is None:
        # Created (or changed before the history began): the values it was given.
        return [
            (model_field, None, getattr(row, model_field.attname))
            for model_field in fields
            if getattr(row, model_field.attname) not in (None, "")
        ]
    delta = row.diff_against(previous, included_fields=[model_field.name for model_field in fields])
    changed = {change.field: change for change in delta.changes}
    return [
        (model_field, changed[model_field.name].old, changed[model_field.name].new)
        for model_field in fields
        if model_field.name in changed
    ]


def _review_entries(reviews: Iterable[Any]) -> list[HistoryEntry]:
    """A submission and, once made, its decision with the comments (`core.models.Review`)."""
    entries = []
    for review in reviews:
        subject = str(review._meta.verbose_name)
        subject = subject[:1].upper() + subject[1:]
        entries.append(
            HistoryEntry(
                when=review.submitted_at,
                who=str(review.submitted_by),
                via="",
                action="submitted",
                subject=subject,
            )
        )
        if review.decided_at:
            decision_field = review._meta.get_field("decision")
            comments_field = review._meta.get_field("comments")
            changes = [
                Change(
                    field_label(decision_field),
                    display_value(decision_field, None, {}),
                    display_value(decision_field, review.decision, {}),
                )
            ]
            if review.comments:
                changes.append(
                    Change(
                        field_label(comments_field),
                        display_value(comments_field, None, {}),
                        display_value(comments_field, review.comments, {}),
                    )
                )
            entries.append(
                HistoryEntry(
                    when=review.decided_at,
                    who=str(review.decided_by) if review.decided_by else _("system"),
                    via="",
                    action="decided",
                    subject=subject,
                    changes=changes,
                )
            )
    return entries


# The page


class HistoryView(ProtectedView, TemplateView):
    """The read-only change history of one record ("Wijzigingsgeschiedenis"), for whoever holds `core.view_history`
    (programme staff). A page names its record (`history_record`), its title, the page to go back to, its sources
    and its reviews; the entries are paginated, newest first. GET only: there is nothing to post."""

    permission_required = "core.view_history"
    template_name = "core/history.html"
    http_method_names = ["get", "head", "options"]
    paginate_by = 25
    page_parameter = "pagina"

    def has_permission(self) -> bool:
        # A role without the permission at all gets its 403 (or, outside its scope, 404) before the record is looked
        # up, so that a record that does not exist answers the same as one that does.
        if not all(self.request.user.has_perm(permission) for permission in self.get_permission_required()):
            return False
        return super().has_permission()

    def history_sources(self) -> Sequence[HistorySource]:
        raise NotImplementedError

    def history_reviews(self) -> Iterable[Any]:
        return ()

    def history_title(self) -> str:
        raise NotImplementedError

    def history_back_url(self) -> str:
        raise NotImplementedError

    def history_breadcrumbs(self) -> list[tuple[str, str]]:
        """(label, url) pairs before the history page itself; the last is the record's page."""
        return [(self.history_title(), self.history_back_url())]

    def get_context_data(self, **kwargs):
        entries = history_entries(self.history_sources(), reviews=self.history_reviews())
        page = Paginator(entries, self.paginate_by).get_page(self.request.GET.get(self.page_parameter))
        return super().get_context_data(
            history_title=self.history_title(),
            back_url=self.history_back_url(),
            history_breadcrumbs=self.history_breadcrumbs(),
            page_obj=page,
            entries=page.object_list,
            page_parameter=self.page_parameter,
            **kwargs,
        )
