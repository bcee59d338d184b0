"""A stored field value as a user reads it, written once: the change history pages (`core.history`, ADR 15) and the
refusal of a stale save (`core.concurrency`, ADR 14) both show values through `display_value`, so a value reads the
same in both and the same as on the record's own page.

- a choice by its label, yes/no as "Ja"/"Nee";
- a date as dd-mm-jjjj, a moment as dd-mm-jjjj HH:MM (Amsterdam time);
- an amount (a field whose name ends in "(€)") as € 1.234,56, another number with a decimal comma and without
  trailing zeros (as the pages write it: 61,5, 80);
- a related record by its name (`str`), looked up for many values at once (`related_names`: one query per related
  model), or by its number when it no longer exists;
- a long text shortened, with the whole text kept beside it.

Public for every app: `DisplayValue`, `display_value`, `field_label`, `related_names` and `LONG_TEXT`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator
from django.utils.translation import gettext

from .money import format_money

# Characters: a longer text is shortened (on the history page the whole text is one click away).
LONG_TEXT = 120

# What an empty value reads as where nothing else is said: the dash of an empty table cell.
EMPTY = "–"

# Related records named by key: (related model, key) → its name.
Names = Mapping[tuple[Any, Any], str]


@dataclass(frozen=True)
class DisplayValue:
    """A value as a user reads it. `full` is the whole text when `text` is a shortened one; `typed` says the value is
    free text someone typed (a sentence quotes it), not a label, a number or a date."""

    text: str
    full: str = ""
    typed: bool = False


def field_label(field: models.Field) -> str:
    """A field's name as a user reads it before its value: the verbose name, capitalised, without the "(€)" that the
    value itself shows."""
    label = str(field.verbose_name).replace(" (€)", "").strip()
    return label[:1].upper() + label[1:]


def is_amount(field: models.Field) -> bool:
    """A field of euros: its verbose name says "(€)" (the convention of every money field's label)."""
    return "€" in str(field.verbose_name)


def related_names(values: Iterable[tuple[models.Field, Any]]) -> dict[tuple[Any, Any], str]:
    """The names of the related records that (field, stored key) pairs name: one query per related model."""
    wanted: dict[Any, set] = defaultdict(set)
    for field, value in values:
        if field.is_relation and value is not None:
            wanted[field.related_model].add(value)
    names = {}
    for related_model, keys in wanted.items():
        for key, instance in related_model._default_manager.in_bulk(list(keys)).items():
            names[related_model, key] = str(instance)
    return names


def display_value(field: models.Field, value: Any, names: Names, *, empty: str = EMPTY) -> DisplayValue:
    """`value`, as stored in `field` (a foreign key by its key: `field.attname`), as a user reads it (see the module
    docstring). `names` holds the related records' names (`related_names`); `empty` is what an empty value reads as
    (a sentence needs a word, a table cell has its dash)."""
    if value is None or value == "":
        return DisplayValue(str(empty))
    if field.is_relation:
        return DisplayValue(names.get((field.related_model, value), f"#{value}"))
    if field.choices:
        return DisplayValue(str(dict(field.flatchoices).get(value, value)))
    if isinstance(value, bool):
        return DisplayValue(gettext("Yes") if value else gettext("No"))
    if isinstance(value, datetime.datetime):
        return DisplayValue(date_format(timezone.localtime(value), "d-m-Y H:i"))
    if isinstance(value, datetime.date):
        return DisplayValue(date_format(value, "d-m-Y"))
    if isinstance(value, Decimal):
        if is_amount(field):
            return DisplayValue(format_money(value))
        return DisplayValue(number_format(value.normalize(), use_l10n=True))
    if isinstance(value, int):
        return DisplayValue(str(value))  # a count or a year: no thousands separator (2009, not 2.009)
    text = str(value)
    if len(text) > LONG_TEXT:
        return DisplayValue(Truncator(text).chars(LONG_TEXT, truncate="…"), full=text, typed=True)
    return DisplayValue(text, typed=True)
