"""`{{ row.history_change_reason|history_reason }}`: a history row's stored change reason as a reader reads it,
without the actor marker that `core.history.acting_as` writes, and with the task or command that did the work."""

from django import template
from django.utils.translation import gettext as _

from kwaliteitsaanpak.core.history import split_reason

register = template.Library()


@register.filter
def history_reason(stored: str | None) -> str:
    kind, name, reason = split_reason(stored)
    if not kind:
        return reason
    if kind == "task":
        actor = _("task %(name)s") % {"name": name}
    else:
        actor = _("management command %(name)s") % {"name": name}
    return f"{reason} ({actor})" if reason else actor
