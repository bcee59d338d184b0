"""`{% load school_monitor_tags %}`: `{% school_monitor_url school as url %}` gives the path of the school's monitor
when the signed-in user may open it (`monitoring.school_monitor.schools_on_monitor`), else "". For the links from the
school's and the trajectory's pages."""

from django import template
from django.urls import reverse

from ..school_monitor import may_open_monitor

register = template.Library()


@register.simple_tag(takes_context=True)
def school_monitor_url(context, school) -> str:
    request = context.get("request")
    if request is None or school is None or not may_open_monitor(request.user, school):
        return ""
    return reverse("monitoring:school_monitor", args=[school.pk])
