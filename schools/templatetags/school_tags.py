from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from ..constants import ParticipationReason, Verdict

register = template.Library()

_VERDICT_COLOURS = {
    Verdict.VERY_WEAK: "red",
    Verdict.WEAK: "orange",
    Verdict.INSUFFICIENT: "orange",
    Verdict.SUFFICIENT: "green",
    Verdict.GOOD: "green",
}


@register.simple_tag
def verdict_tag(verdict: str | None) -> str:
    """A verdict as a tag with its word (never colour alone); a dash when there is none."""
    if not verdict:
        return "–"
    return format_html(
        '<span class="tag tag-{}">{}</span>', _VERDICT_COLOURS.get(verdict, "grey"), Verdict(verdict).label
    )


@register.simple_tag
def participation_tag(reason: str | None) -> str:
    """Whether a school takes part; an at-risk school (which takes part as such) is marked wherever it is listed."""
    if not reason:
        return "–"
    if reason == ParticipationReason.AT_RISK:
        return format_html('<span class="tag tag-orange">{}</span>', ParticipationReason.AT_RISK.label)
    return format_html('<span class="tag tag-blue">{}</span>', gettext("Taking part"))
