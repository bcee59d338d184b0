"""Admin base classes: the programme's records are shown read-only, because every change runs through a service
that checks permissions, locks the trajectory and writes its timeline (ADR 5). The history stays browsable."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin with its history to read only: an earlier version is shown, never saved back.
    `SIMPLE_HISTORY_REVERT_DISABLED` hides the revert button; this also refuses the form's POST, which the library
    would still save (issue 13, audit trail)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdminMixin:
    """An admin that shows records and changes none: no add, change or delete."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    pass
