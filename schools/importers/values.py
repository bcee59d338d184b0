"""Values shared by both files: codes, names, postcodes and places, checked and tidied the same way."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from ..models import School

BRIN_PATTERN = re.compile(r"[0-9]{2}[A-Z]{2}")
LOCATION_CODE_PATTERN = re.compile(r"[0-9]{2}")
POSTCODE_PATTERN = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")


class _RowError(Exception):
    """A problem with one row or feature; the message is the reason in the report."""


def _clean(value: Any) -> str:
    """A value as text with its whitespace tidied; None becomes empty."""
    return "" if value is None else " ".join(str(value).split())


def _text(value: Any, *, column: str, field_name: str) -> str:
    text = _clean(value)
    limit = School._meta.get_field(field_name).max_length
    if len(text) > limit:
        raise _RowError(_too_long(column, limit))
    return text


def _too_long(column: str, limit: int) -> str:
    return _("%(column)s is longer than %(limit)s characters.") % {"column": column, "limit": limit}


def _name(value: Any, *, column: str) -> str:
    name = _text(value, column=column, field_name="name")
    if not name:
        raise _RowError(_("The name of the location is missing."))
    return name


def _check_code(brin: str, location_code: str) -> None:
    if not BRIN_PATTERN.fullmatch(brin):
        message = _("The BRIN number '%(value)s' is not two digits and two capital letters.")
        raise _RowError(message % {"value": brin})
    if not LOCATION_CODE_PATTERN.fullmatch(location_code):
        raise _RowError(_("The location code '%(value)s' is not two digits.") % {"value": location_code})


def _postcode(value: Any) -> str:
    """A Dutch postcode written as the register's forms want it: "1063CW" becomes "1063 CW"."""
    compact = _clean(value).replace(" ", "").upper()
    if not POSTCODE_PATTERN.fullmatch(compact):
        raise _RowError(_("The postcode '%(value)s' is not a Dutch postcode.") % {"value": _clean(value)})
    return f"{compact[:4]} {compact[4:]}"


def _place_name(value: str) -> str:
    """DUO writes places in capitals: "AMSTERDAM" becomes "Amsterdam", "'S-GRAVENHAGE" "'s-Gravenhage"."""
    if not value.isupper():
        return value
    parts = re.split(r"([ -])", value.lower())
    return "".join(part if part == "'s" else part[:1].upper() + part[1:] for part in parts)
