"""Abstract models that several apps share."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PrivateDocument(models.Model):
    """An uploaded document kept in private storage under a random name (each subclass declares `file` with its
    own `upload_to`); the original name is kept on the record, and only a view that checks permission serves it."""

    original_filename = models.CharField(_("file name"), max_length=255)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_filename
