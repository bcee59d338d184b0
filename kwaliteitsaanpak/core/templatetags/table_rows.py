"""`{% table_rows table %}`: the body rows of a django-tables2 table, written in Python.

The project's table template (templates/django_tables2/kwaliteitsaanpak.html) uses it instead of django-tables2's
loop of template tags per cell, which cost a quarter of a millisecond per cell: for every cell the column's HTML
attributes were built anew, the render method's and link function's signatures inspected again and the accessor split
and looked up in the model's fields again. Here that is done once per column and table; the cells themselves are
still made by django-tables2 (accessors, `get_FOO_display`, `render_FOO`, `linkify`, empty values), so the output is
the same as the library's own template (tests/kwaliteitsaanpak/test_table_rows.py compares them on every kind of
list).

A column whose cell attributes are computed per record (a callable in `attrs`) gets them per cell, as before.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.template.base import render_value_in_context
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2.columns.base import LinkTransform
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.utils import Accessor, AttributeDict, signature

register = template.Library()


def _has_callables(attrs) -> bool:
    return any(
        callable(value) or (isinstance(value, dict) and _has_callables(value)) for value in attrs.values()
    )


class _Column:
    """What a column's cells share: its `<td>` attributes (unless they depend on the record) and the parameters
    its render method takes."""

    def __init__(self, table, bound_column):
        self.bound = bound_column
        self.name = bound_column.name
        self.default = bound_column.default
        self.localize = bound_column.localize
        attrs = {**table.attrs, **bound_column.column.attrs}
        per_record = _has_callables(attrs.get("td", attrs.get("cell", {})))
        self.td_attrs = None if per_record else bound_column.attrs["td"].as_html()
        self.params, self.takes_any = signature(bound_column.render)

        # What `BoundRow._get_and_render_with` works out per cell, once per column: the accessor split at its last
        # "__", the model field it ends in (per model: a list shows one), the empty values.
        self.accessor = Accessor(bound_column.accessor)
        path, _separator, self.remainder = self.accessor.rpartition(self.accessor.SEPARATOR)
        self.path = Accessor(path)
        column = bound_column.column
        self.empty_values = column.empty_values
        self.many_to_many = isinstance(column, ManyToManyColumn)
        self.link_text = isinstance(column, BaseLinkColumn) and column.text is not None
        self.fields: dict[type, object] = {}
        # A link made by a function (`linkify=lambda record: ...`) without attributes per record: the function's
        # parameters, once (`LinkTransform.compose_url` inspects them per cell).
        link = bound_column.link
        self.url_params = None
        if type(link) is LinkTransform and callable(link.url) and not _has_callables(link.attrs or {}):
            self.url_params = signature(link.url)
            self.link_attrs = dict(link.attrs or {})

    def link(self, content, arguments):
        """As `LinkTransform.__call__(content, **arguments)`."""
        if self.url_params is None:
            return self.bound.link(content, **arguments)
        params, takes_any = self.url_params
        if takes_any:
            href = self.bound.link.url(**arguments)
        elif all(param in arguments for param in params):
            href = self.bound.link.url(**{param: arguments[param] for param in params})
        else:
            href = None
        if href is None:
            return content
        attrs = AttributeDict(self.link_attrs)
        attrs["href"] = href
        return format_html("<a {}>{}</a>", attrs.as_html(), content)

    def render(self, row, value=None):
        """As `BoundRow._call_render`, with the render method's parameters known in advance."""
        arguments = row._optional_cell_arguments(self.bound, value)
        if self.takes_any:
            content = self.bound.render(**arguments)
        elif all(param in arguments for param in self.params):
            content = self.bound.render(**{param: arguments[param] for param in self.params})
        else:
            content = None
        return self.link(content, arguments) if self.bound.link else content

    def cell(self, row):
        """As `BoundRow._get_and_render_with(bound_column, render_func=_call_render, default=...)`."""
        record = row.record
        value: Any = None
        remainder = self.remainder
        penultimate = self.path.resolve(record, quiet=True)
        # A field with choices shows get_FOO_display().
        if isinstance(penultimate, models.Model):
            model = type(record)
            if model not in self.fields:
                self.fields[model] = self.accessor.get_field(record)
            display = getattr(penultimate, f"get_{remainder}_display", None)
            if getattr(self.fields[model], "choices", ()) and display:
                value = display()
                remainder = None
        if remainder:
            try:
                value = self.accessor.resolve(record)
            except Exception:
                # A column that is not a field (django-tables2's issue #257).
                if self.link_text:
                    return self.render(row)
        if value in self.empty_values or (self.many_to_many and not value.exists()):
            return self.default
        return self.render(row, value)

    def cell_html(self, row, context) -> str:
        cell = self.cell(row)
        if self.td_attrs is None:
            self.bound.current_value = cell
            self.bound.current_record = row.record
            td_attrs = self.bound.attrs["td"].as_html()
        else:
            td_attrs = self.td_attrs
        if self.localize is None:
            content = render_value_in_context(cell, context)
        else:
            content = conditional_escape(str(formats.localize(cell, use_l10n=bool(self.localize))))
        return f"<td {td_attrs}>{content}</td>"


@register.simple_tag(takes_context=True)
def table_rows(context, table) -> SafeString:
    columns = [_Column(table, bound_column) for bound_column in table.columns]
    rows = []
    for row in table.paginated_rows:
        cells = "".join(column.cell_html(row, context) for column in columns)
        rows.append(f"<tr {row.attrs.as_html()}>{cells}</tr>")
    if not rows and table.empty_text:
        return format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), table.empty_text)
    return mark_safe("\n".join(rows))  # noqa: S308 — every part is escaped or already safe HTML above
