"""The submission/review workflow that every step of a trajectory shares (ADR 7).

A step's record (an analysis, a plan version, a budget; progress reports, audits and inspection reviews next) is
drawn up, submitted to the expert group, and returned with comments or approved; an approved record may later be
superseded by a newer version. The record is a `core.models.Submission` (status, edit version, approval time); each
submission is a row of a `core.models.Review` subclass reached as `record.reviews`, appended and never changed once
decided.

This module is that life, written once:

- the status and decision choices, and which statuses are open or editable;
- `bump_version` and `touch`, the one way an edit version moves (optimistic locking), refusing a stale save with
  one message that says what the other person changed (`core.concurrency`);
- `ensure_editable`, `submit`, `pending_review`, `decide`, `approve`, `return_with_comments` and `supersede_approved`.

A step's services call these inside their own transaction, after locking the trajectory row and checking the phase
(`improvement_plans.services.trajectory`); what a step writes itself is only its own rules: what must be filled in
before it can be submitted, who may decide, and what an approval sets in motion.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise

    from kwaliteitsaanpak.accounts.models import User

    from .models import Review, Submission


class SubmissionStatus(models.TextChoices):
    DRAFT = "concept", gettext_lazy("Draft")
    SUBMITTED = "ingediend", gettext_lazy("Submitted")
    RETURNED = "teruggestuurd", gettext_lazy("Returned")
    APPROVED = "goedgekeurd", gettext_lazy("Approved")
    SUPERSEDED = "vervangen", gettext_lazy("Superseded by a later version")


# A trajectory has at most one open record of a step (the database says so per step) and one approved one.
OPEN_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED)
EDITABLE_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class ReviewDecision(models.TextChoices):
    APPROVED = "goedgekeurd", gettext_lazy("Approved")
    RETURNED = "teruggestuurd", gettext_lazy("Returned with comments")


STALE_RECORD = gettext_lazy(
    "Someone else saved %(this_record)s while you were working on it. Your changes have not been saved; "
    "open %(the_record)s again to see the latest version."
)
ALREADY_DECIDED = gettext_lazy("The expert group has already decided on this submission.")


def stale_message(record: Submission) -> str:
    """The message for a save based on an older version of `record` when it is not known which version that was
    (a line removed meanwhile); with the version, `core.concurrency.stale_refusal` says what changed."""
    return str(STALE_RECORD % {"this_record": record.this_record, "the_record": record.the_record})


def bump_version(
    record: Any, expected_version: int | None = None, *, after: StrOrPromise | None = None
) -> None:
    """Move `record`'s edit version on (in memory; the caller saves). With `expected_version`, a save based on an
    older version is refused, never merged, with `core.concurrency.stale_refusal`: who saved it meanwhile, when,
    and what they changed; `after` says what became of the user's own action (by default: kept on the form)."""
    # Imported here: `concurrency` builds on `core.forms`, which imports this module.
    from .concurrency import KEPT_ON_FORM, ensure_current

    ensure_current(record, expected_version, after=after or KEPT_ON_FORM)
    record.version += 1


def touch(record: Any) -> None:
    """A part of `record` changed (a goal of a plan, a line of a budget): its edit version moves on and is saved,
    so a submit based on what the user saw before that change is refused."""
    bump_version(record)
    record.save(update_fields=["version"])


def ensure_editable(record: Submission, message: StrOrPromise) -> None:
    """Refuse a change to a record that is submitted, approved or superseded. `message` may use %(status)s."""
    if not record.is_editable:
        raise ValidationError(str(message) % {"status": record.get_status_display().lower()})


def submit(record: Submission, *, user: User, expected_version: int) -> Any:
    """Submit an editable record to the expert group: the version the user saw must still be the current one. The
    caller has checked that the record is complete. Returns the new row of the record's own `Review` subclass."""
    from .concurrency import NOT_SUBMITTED

    bump_version(record, expected_version, after=NOT_SUBMITTED)
    record.status = SubmissionStatus.SUBMITTED
    record.save()
    return record.reviews.create(submitted_by=user)


def pending_review(record: Submission, message: StrOrPromise) -> Any:
    """The submission of `record` waiting for a decision (a row of the record's own `Review` subclass);
    `message` when the record is not submitted."""
    if record.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(str(message))
    return record.reviews.get(decision="")


def decide(review: Review, *, decision: str, user: User, comments: str = "") -> None:
    """Record the expert group's decision on a pending submission. A decided review is never changed again: the
    stored row is checked, not only the object in hand."""
    if review.decision or type(review)._default_manager.filter(pk=review.pk).exclude(decision="").exists():
        raise ValidationError(str(ALREADY_DECIDED))
    review.decision, review.decided_by, review.decided_at = decision, user, timezone.now()
    review.comments = comments.strip()
    review.save()


def supersede_approved(records: QuerySet) -> None:
    """The approved record among `records` (the same step of the same trajectory) is superseded by a newer one.
    Saved one by one, not with update(), so the records' history shows it."""
    for earlier in records.filter(status=SubmissionStatus.APPROVED):
        earlier.status = SubmissionStatus.SUPERSEDED
        earlier.save(update_fields=["status"])


def approve(
    record: Submission, *, review: Review, user: User, comments: str = "", supersedes: QuerySet | None = None
) -> None:
    """Approve `record` on its pending `review`: decided, fixed, an earlier approved record among `supersedes`
    superseded. Fields the step sets on approval are set on `record` before the call; this saves them."""
    decide(review, decision=ReviewDecision.APPROVED, user=user, comments=comments)
    if supersedes is not None:
        supersede_approved(supersedes.exclude(pk=record.pk))
    record.status, record.approved_at = SubmissionStatus.APPROVED, timezone.now()
    bump_version(record)
    record.save()


def return_with_comments(record: Submission, *, review: Review, user: User, comments: str) -> None:
    """Return `record` with comments: it can be changed and submitted again. The caller has checked that there
    are comments (the database also refuses a return without them)."""
    decide(review, decision=ReviewDecision.RETURNED, user=user, comments=comments)
    record.status = SubmissionStatus.RETURNED
    bump_version(record)
    record.save()
