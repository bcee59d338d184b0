"""`{% load progress_tags %}`: `{% goal_status_tag line %}` writes a goal's progress status (a `GoalProgress`) as a tag
with its word, in the colour of that status."""

from django import template
from django.utils.html import format_html

from ..selectors.progress import GOAL_STATUS_COLOURS

register = template.Library()


@register.simple_tag
def goal_status_tag(line) -> str:
    return format_html(
        '<span class="tag tag-{}" data-testid="goal-status">{}</span>',
        GOAL_STATUS_COLOURS.get(line.status, "grey"),
        line.get_status_display(),
    )
