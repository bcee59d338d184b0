"""`{% load table_tags %}`, for the plain tables of a page (those that are not django-tables2 tables):
`{% column_heads _("Date") _("With whom") actions=can_work %}` writes the head row, one column per label, with a last
column "Actions" (for screen readers only) over the change links when `actions` is true. A column that needs classes
takes them with a filter: `{% translate "Summary" as summary %}{% column_heads … summary|column_class:"w-50" %}` (a
tag's argument cannot put a filter after `_("…")`)."""

from dataclasses import dataclass

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

register = template.Library()


@dataclass(frozen=True)
class ColumnHead:
    label: str
    classes: str = ""


@register.filter
def column_class(label: str, classes: str) -> ColumnHead:
    """The head of a column that needs classes (its width, `num` for amounts)."""
    return ColumnHead(label, classes)


@register.simple_tag
def column_heads(*labels: str | ColumnHead, actions: bool = False) -> str:
    heads = [label if isinstance(label, ColumnHead) else ColumnHead(label) for label in labels]
    cells = format_html_join(
        "",
        '<th scope="col"{}>{}</th>',
        ((format_html(' class="{}"', head.classes) if head.classes else "", head.label) for head in heads),
    )
    if actions:
        cells += format_html(
            '<th scope="col"><span class="visually-hidden">{}</span></th>', gettext("Actions")
        )
    return format_html("<thead><tr>{}</tr></thead>", cells)
