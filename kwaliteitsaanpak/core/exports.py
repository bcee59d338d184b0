"""Every table's download, CSV and XLSX, written once: `TableExport` replaces django-tables2's (which builds the
whole file in tablib first) for the list pages (`FilteredTableView`) and the pages with several tables.

- CSV is streamed row by row (StreamingHttpResponse): the first bytes leave before the last row is read.
- XLSX is written by openpyxl in write-only mode and formatted: a bold, frozen header row, amounts as euros,
  percentages as percentages, dates as dates, and the table's totals row (`export_totals()`) where the page shows
  one (the CSV holds the rows only: it is read by programs).
- Formula injection is neutralised in both: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
  return is written as text (XLSX) or with a leading `'` (CSV). Numbers stay numbers, negative amounts too.

A column says how its values are formatted by its `export_format` attribute (`MONEY`, `PERCENTAGE`); a date is
recognised by its type. A percentage column's values are percents (12.5 for 12,5%).
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from io import BytesIO

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.text import get_valid_filename
from django.utils.translation import gettext
from django_tables2.columns.base import Column
from django_tables2.export import TableExport as BaseTableExport
from django_tables2.export.views import ExportMixin as BaseExportMixin
from django_tables2.utils import Accessor, signature

MONEY = "money"
PERCENTAGE = "percentage"
# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EURO_FORMAT = '"€" #,##0.00;"€" -#,##0.00'
PERCENTAGE_FORMAT = "0.0%"
DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value):
    """A cell of a CSV file: text that a spreadsheet would run as a formula gets a leading `'`."""
    if value is None:
        return ""
    if is_formula_like(value):
        return f"'{value}"
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
            if value.tzinfo
            else value.strftime("%d-%m-%Y %H:%M")
        )
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return value


class _Echo:
    """The file-like object csv.writer writes one row to, handing it straight back."""

    def write(self, value: str) -> str:
        return value


class TableExport(BaseTableExport):
    """django-tables2's TableExport with streamed CSV and formatted, safe XLSX (see the module's docstring). Other
    formats fall back to tablib."""

    def __init__(self, export_format, table, exclude_columns=None, dataset_kwargs=None):
        if not self.is_valid_format(export_format):
            raise TypeError(f'Export format "{export_format}" is not supported.')
        self.format = export_format
        self.table = table
        self.exclude_columns = exclude_columns or ()
        self.title = (dataset_kwargs or {}).get("title") or self._default_title(table)

    @staticmethod
    def _default_title(table) -> str:
        try:
            return str(table.Meta.model._meta.verbose_name_plural).capitalize()
        except AttributeError:
            return gettext("Export")

    @property
    def dataset(self):
        """tablib's Dataset, built only for the formats this class does not write itself."""
        return self.table_to_dataset(self.table, self.exclude_columns, {"title": self.title})

    def columns(self) -> list:
        return [
            column
            for column in self.table.columns.iterall()
            if not (column.column.exclude_from_export or column.name in self.exclude_columns)
        ]

    def rows(self) -> Iterator[list]:
        """The header, then every row's values: what `Table.as_values` gives (a `value_<name>` method, else the
        rendered value), but a date column without a `value_` method gives the date itself. The XLSX adds the
        totals row (`totals`)."""
        columns = self.columns()
        readers = [_CellReader(self.table, column) for column in columns]
        yield [force_str(column.header, strings_only=True) for column in columns]
        for row in self.table.rows:
            yield [reader(row) for reader in readers]

    def totals(self, columns) -> list | None:
        """The table's totals row (`export_totals()`: column name → value), labelled in its first column."""
        export_totals = getattr(self.table, "export_totals", None)
        totals = export_totals() if export_totals else None
        if not totals:
            return None
        row = [totals.get(column.name) for column in columns]
        if columns and row[0] in ("", None):
            row[0] = gettext("Total")
        return row

    def response(self, filename: str | None = None):
        if self.format == self.CSV:
            response = StreamingHttpResponse(self.csv_lines(), content_type=self.content_type())
        elif self.format == self.XLSX:
            response = HttpResponse(self.xlsx(), content_type=self.content_type())
        else:
            return super().response(filename=filename)
        if filename is not None:
            response["Content-Disposition"] = f'attachment; filename="{get_valid_filename(filename)}"'
        return response

    def csv_lines(self) -> Iterator[str]:
        writer = csv.writer(_Echo())
        for row in self.rows():
            yield writer.writerow([csv_safe(value) for value in row])

    def xlsx(self) -> bytes:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_sheet_title(self.title))
        sheet.freeze_panes = "A2"
        columns = self.columns()
        formats = [getattr(column.column, "export_format", None) for column in columns]
        bold = Font(bold=True)

        def cells(row, font=None):
            return [
                _cell(sheet, WriteOnlyCell, value, export_format, font=font)
                for value, export_format in zip(row, formats, strict=False)
            ]

        rows = self.rows()
        sheet.append(cells(next(rows), font=bold))
        for row in rows:
            sheet.append(cells(row))
        totals = self.totals(columns)
        if totals:
            sheet.append(cells(totals, font=bold))
        stream = BytesIO()
        workbook.save(stream)
        return stream.getvalue()


class _CellReader:
    """One column's export values, as django-tables2's `BoundRow.get_cell_value` gives them, with what it works out
    per cell worked out once per column: the signature of the value method (inspect.signature per cell took a third
    of a national export's time) and the labels of a field's choices (`get_FOO_display` per cell another sixth)."""

    def __init__(self, table, bound_column):
        self.name = bound_column.name
        self.bound_column = bound_column
        self.column = bound_column.column
        self.accessor = Accessor(bound_column.accessor)
        self.plain = (
            Accessor.LEGACY_SEPARATOR not in self.accessor and Accessor.SEPARATOR not in self.accessor
        )
        self.table = table
        self.is_date = isinstance(self.column, (tables.DateColumn, tables.DateTimeColumn)) and not hasattr(
            table, f"value_{self.name}"
        )
        function = bound_column.value
        if getattr(function, "__func__", None) is Column.value:
            # The column's default `value` only calls its `render`.
            function = self.column.render
        self.function = function
        self.arguments, self.catch_all = signature(function)
        self.choices: dict[type, dict | None] = {}

    def _labels(self, model_instance, remainder: str) -> dict | None:
        """{stored value: label} of the field at the end of the accessor, if it has choices (per model)."""
        model = type(model_instance)
        if model not in self.choices:
            labels = None
            try:
                field = model._meta.get_field(remainder)
                if getattr(field, "choices", None) and hasattr(model_instance, f"get_{remainder}_display"):
                    labels = {make_hashable(key): force_str(label) for key, label in field.flatchoices}
            except FieldDoesNotExist:
                pass
            self.choices[model] = labels
        return self.choices[model]

    def __call__(self, row):
        record = row.record
        if self.is_date:
            return self.accessor.resolve(record, quiet=True)
        value = None
        if self.plain:
            # A plain attribute of the record ("name"): what Accessor.penultimate gives, without splitting it.
            penultimate, remainder = record, self.accessor
        else:
            penultimate, remainder = self.accessor.penultimate(record)
        if isinstance(penultimate, models.Model) and remainder:
            labels = self._labels(penultimate, remainder)
            if labels is not None:
                stored = getattr(penultimate, remainder)
                value = force_str(labels.get(make_hashable(stored), stored), strings_only=True)
                remainder = None
        if remainder:
            try:
                value = self.accessor.resolve(record)
            except Exception:
                value = None
        if value in self.column.empty_values:
            return None
        arguments = {
            "value": value,
            "record": record,
            "column": self.column,
            "bound_column": self.bound_column,
            "bound_row": row,
            "table": self.table,
        }
        if not self.catch_all:
            if any(name not in arguments for name in self.arguments):
                return None
            arguments = {name: arguments[name] for name in self.arguments}
        return force_str(self.function(**arguments), strings_only=True)


def _sheet_title(title: str) -> str:
    for character in "[]:*?/\\":
        title = title.replace(character, "-")
    return title[:31] or "Export"


def _cell(sheet, cell_class, value, export_format, font=None):
    """One cell: text never as a formula, numbers and dates with their format."""
    cell = cell_class(sheet, value=value)
    if isinstance(value, str):
        # openpyxl reads a string starting with "=" as a formula: say it is text.
        cell.data_type = "s"
    elif isinstance(value, bool):
        pass
    elif isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            cell.value = timezone.localtime(value).replace(tzinfo=None)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, (int, float, Decimal)):
        if export_format == MONEY:
            cell.number_format = EURO_FORMAT
        elif export_format == PERCENTAGE:
            cell.value = Decimal(value) / 100
            cell.number_format = PERCENTAGE_FORMAT
    if font is not None:
        cell.font = font
    return cell


class ExportMixin(BaseExportMixin):
    """django-tables2's ExportMixin with this module's `TableExport`: `?_export=csv|xlsx` downloads the table.

    A list view (one with `get_queryset`) answers the download in `get`, before the page's context (its filter
    form, the paginated table, the figures) is built: the file needs none of it. Another view downloads the table
    its context builds (django-tables2's `render_to_response`).
    """

    export_class = TableExport

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get(self.export_trigger_param)
        if (
            self.export_class.is_valid_format(export_format)
            and export_format in self.export_formats
            and hasattr(self, "get_queryset")
        ):
            self.object_list = self.get_export_queryset()
            return self.create_export(export_format)
        return super().get(request, *args, **kwargs)

    def get_export_queryset(self):
        """The rows to download: the page's queryset through its filters (a FilterView), else the queryset."""
        queryset = self.get_queryset()
        filterset_class = getattr(self, "get_filterset_class", None)
        if filterset_class is None:
            return queryset
        self.filterset = self.get_filterset(filterset_class())
        if not self.filterset.is_bound or self.filterset.is_valid() or not self.get_strict():
            return self.filterset.qs
        return self.filterset.queryset.none()


def export_response(export_format: str, table, filename: str, title: str | None = None, exclude_columns=()):
    """The download of one table of a page with several (`?tabel=<name>&_export=xlsx`)."""
    exporter = TableExport(
        export_format, table, exclude_columns=exclude_columns, dataset_kwargs={"title": title}
    )
    return exporter.response(filename=filename)


def rows_of(table, exclude_columns: Iterable[str] = ()) -> list[list]:
    """The rows an export of `table` holds, header first (for tests and reports)."""
    return list(TableExport("csv", table, exclude_columns=tuple(exclude_columns)).rows())
