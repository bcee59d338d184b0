"""Abstract models that several apps share."""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import EDITABLE_STATUSES, ReviewDecision, SubmissionStatus


def user_field(
    verbose_name, *, optional: bool = False, related_name: str = "+", **kwargs
) -> models.ForeignKey:
    """A user who did something to the record or is assigned to it: kept while the record refers to them (PROTECT),
    with no way back from the user unless `related_name` gives one; `optional` where it may be empty."""
    if optional:
        kwargs.update(null=True, blank=True)
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name=related_name,
        **kwargs,
    )


class PrivateDocument(models.Model):
    """An uploaded document kept in private storage under a random name (each subclass declares `file` with its
    own `upload_to`); the original name is kept on the record, and only a view that checks permission serves it."""

    original_filename = models.CharField(_("file name"), max_length=255)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = user_field(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_filename


class Submission(models.Model):
    """A record that goes through the review workflow (`core.workflow`): its status, its edit version for
    optimistic locking, and when it was approved. A subclass has a `reviews` relation to its `Review` subclass and
    names itself for the stale-record message (`this_record`, `the_record`)."""

    status = models.CharField(
        _("status"), max_length=15, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    version = models.PositiveIntegerField(
        _("edit version"), default=1, help_text=_("For optimistic locking.")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    this_record = _("this record")
    the_record = _("the record")

    if TYPE_CHECKING:
        # Declared by each subclass's Review subclass (a foreign key with related_name="reviews").
        reviews: models.Manager[Any]

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_submitted(self) -> bool:
        return self.status == SubmissionStatus.SUBMITTED

    @property
    def is_approved(self) -> bool:
        return self.status == SubmissionStatus.APPROVED

    @property
    def is_returned(self) -> bool:
        return self.status == SubmissionStatus.RETURNED

    @property
    def is_superseded(self) -> bool:
        return self.status == SubmissionStatus.SUPERSEDED


class Review(models.Model):
    """One submission of a `Submission` to the expert group and its decision (an abstract base: every step has one,
    with a foreign key named after its record and `related_name="reviews"`). Appended, and never changed after the
    decision (`core.workflow.decide`), so earlier submissions and their comments stay readable."""

    submitted_by = user_field(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decision = models.CharField(_("decision"), max_length=15, choices=ReviewDecision.choices, blank=True)
    decided_by = user_field(_("decided by"), optional=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-submitted_at", "-id"]

    @property
    def is_approved(self) -> bool:
        return self.decision == ReviewDecision.APPROVED

    @staticmethod
    def returned_has_comments(name: str) -> models.CheckConstraint:
        """The database's rule that a return always says what has to change."""
        return models.CheckConstraint(
            condition=~models.Q(decision=ReviewDecision.RETURNED) | ~models.Q(comments=""), name=name
        )

    @staticmethod
    def one_pending(field: str, name: str) -> models.UniqueConstraint:
        """The database's rule that a record has at most one submission waiting for a decision."""
        return models.UniqueConstraint(fields=[field], condition=models.Q(decision=""), name=name)


def copied_fields(instance: models.Model, *, exclude: set[str]) -> dict[str, object]:
    """The concrete field values of `instance` for a copy of it in a new version, leaving out the primary key and
    the fields in `exclude` (given by name: what the copy sets itself, or must start empty). A field added to the
    model later is copied unless it is excluded, never silently dropped."""
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if not field.primary_key and field.name not in exclude
    }


class HistoryAccess(models.Model):
    """No table and no rows: the holder of the permission to read the change history of records
    (`core.view_history`, `kwaliteitsaanpak.core.history`), which belongs to no one domain model."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_history", _("Can read the change history of records"))]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
