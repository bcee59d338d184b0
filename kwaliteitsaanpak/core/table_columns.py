"""Column attributes the lists share: which columns a narrow screen leaves out, and numbers aligned right.

At 390 px wide a list shows its key columns (the school, its phase or status, the figure the list is about) and
leaves the others to wider screens and to the export: give those columns `attrs=WIDE_ONLY` (or
`wide_only(NUMBER_ATTRS)`). The columns keep their order; the key ones come first because the others are hidden.
"""

# Below Bootstrap's md breakpoint (768 px) the column is not displayed; the CSV/XLSX export keeps it.
WIDE_ONLY_CLASS = "d-none d-md-table-cell"
WIDE_ONLY = {
    "th": {"class": WIDE_ONLY_CLASS},
    "td": {"class": WIDE_ONLY_CLASS},
    "tf": {"class": WIDE_ONLY_CLASS},
}
NUMBER_ATTRS = {"th": {"class": "num"}, "td": {"class": "num"}}


def wide_only(attrs: dict | None = None) -> dict:
    """`attrs` of a column with the wide-only class added to its header, cells and footer."""
    merged = {part: dict(values) for part, values in (attrs or {}).items()}
    for part in ("th", "td", "tf"):
        classes = merged.setdefault(part, {}).get("class", "")
        merged[part]["class"] = f"{classes} {WIDE_ONLY_CLASS}".strip()
    return merged
