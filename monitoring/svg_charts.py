"""Bar charts as SVG made on the server, for the PDF monitoring reports (WeasyPrint draws inline SVG; no
JavaScript in a PDF).

A chart is drawn from the same `ChartRow`s that its table of figures lists under it, so the two cannot disagree. Each
bar carries its value as text at its end: the chart reads without colour, and a screen reader gets the table.
Built with `format_html` only: every label and value is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# The house colours: dark blue for the bars, grey and a lighter blue for a second and third series.
SERIES_COLOURS = ("#004699", "#7c7c7c", "#58a6dd")
TEXT_COLOUR = "#000000"
AXIS_COLOUR = "#767676"

WIDTH = 480  # user units; the chart scales to the width of the page
LABEL_WIDTH = 150
VALUE_WIDTH = 90
BAR_HEIGHT = 14
BAR_GAP = 4
GROUP_GAP = 10
FONT_SIZE = 9


@dataclass(frozen=True)
class ChartRow:
    """One category of a chart: its label, its values (one per series) and those values as the report prints them
    ("12", "€ 1.234,56")."""

    label: str
    values: tuple[Decimal | int, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    """A chart and its figures: `svg` to draw, `series` (the names of the values) and `rows` for the table."""

    title: str
    series: tuple[str, ...]
    rows: tuple[ChartRow, ...]
    svg: SafeString

    @property
    def is_empty(self) -> bool:
        return not any(value for row in self.rows for value in row.values)


def _label(text: str, limit: int = 26) -> str:
    """A label short enough for the space left of the bars (the table under the chart has it in full)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(title: str, series: tuple[str, ...], rows: list[ChartRow]) -> Chart:
    """Horizontal bars, one group per row and one bar per series, scaled to the largest value.

    With more than one series, a legend above the bars names them; the value at each bar's end says the figure.
    """
    rows = tuple(rows)
    largest = max((value for row in rows for value in row.values), default=0) or 1
    bars_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    legend_height = (FONT_SIZE + 8) if len(series) > 1 else 0
    group_height = len(series) * BAR_HEIGHT + (len(series) - 1) * BAR_GAP
    height = legend_height + len(rows) * (group_height + GROUP_GAP) + GROUP_GAP

    parts: list[SafeString] = []
    if len(series) > 1:
        x = LABEL_WIDTH
        for index, name in enumerate(series):
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            parts.append(
                format_html(
                    '<rect x="{}" y="2" width="10" height="10" fill="{}"/>'
                    '<text x="{}" y="11" font-size="{}" fill="{}">{}</text>',
                    x,
                    colour,
                    x + 14,
                    FONT_SIZE,
                    TEXT_COLOUR,
                    name,
                )
            )
            x += 24 + len(name) * 5.5
    y = legend_height + GROUP_GAP
    for row in rows:
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" text-anchor="end" fill="{}">{}</text>',
                LABEL_WIDTH - 6,
                y + group_height / 2 + FONT_SIZE / 3,
                FONT_SIZE,
                TEXT_COLOUR,
                _label(row.label),
            )
        )
        for index, (value, text) in enumerate(zip(row.values, row.texts, strict=True)):
            bar_y = y + index * (BAR_HEIGHT + BAR_GAP)
            length = round(float(value) / float(largest) * bars_width, 1) if value else 0
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                    '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>',
                    LABEL_WIDTH,
                    bar_y,
                    max(length, 0.5),
                    BAR_HEIGHT,
                    SERIES_COLOURS[index % len(SERIES_COLOURS)],
                    LABEL_WIDTH + max(length, 0.5) + 4,
                    bar_y + BAR_HEIGHT / 2 + FONT_SIZE / 3,
                    FONT_SIZE,
                    TEXT_COLOUR,
                    text,
                )
            )
        y += group_height + GROUP_GAP
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
            LABEL_WIDTH,
            legend_height + GROUP_GAP / 2,
            LABEL_WIDTH,
            height - GROUP_GAP / 2,
            AXIS_COLOUR,
        )
    )
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-label="{}" font-family="DejaVu Sans, sans-serif"><title>{}</title>{}</svg>',
        WIDTH,
        height,
        title,
        title,
        format_html_join("", "{}", ((part,) for part in parts)),
    )
    return Chart(title=title, series=tuple(series), rows=rows, svg=svg)
