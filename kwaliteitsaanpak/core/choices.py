"""`get_FOO_display` without translating every choice on every call (ADR 18).

Django's `Model._get_FIELD_display` builds a dictionary of all the field's choices on every call; hashing a lazily
translated label translates it, so a field with seven choices costs seven translations per cell, and a list of 25
rows with a few such columns a few milliseconds per page. `speed_up_display_methods` (called once, from
`CoreConfig.ready`) gives every model's `get_FOO_display` a version that keeps the value → label dictionary per
field and translates only the label asked for: the same answer (tests/kwaliteitsaanpak/test_choices_display.py
compares them for every field with choices, in Dutch and English). A model's own `get_FOO_display` and choices
given as a callable (evaluated anew each time) are left as Django made them.
"""

from __future__ import annotations

from functools import partialmethod

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_DJANGO_DISPLAY = models.Model._get_FIELD_display  # type: ignore[attr-defined]  # Django's private method


def _labels(field) -> dict | None:
    """The field's value → (lazy) label, kept on the field while its choices are the same list."""
    choices = field.choices
    if not isinstance(choices, list | tuple):
        return None
    cached = field.__dict__.get("_display_labels")
    if cached is None or cached[0] is not choices:
        cached = (choices, {make_hashable(value): label for value, label in field.flatchoices})
        field._display_labels = cached
    return cached[1]


def get_field_display(self, field):
    """As `Model._get_FIELD_display`."""
    labels = _labels(field)
    if labels is None:
        return _DJANGO_DISPLAY(self, field)
    value = getattr(self, field.attname)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


def speed_up_display_methods() -> int:
    """Every installed model's `get_FOO_display` that Django made: our version. The number replaced."""
    replaced = 0
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            name = f"get_{field.name}_display"
            method = model.__dict__.get(name)
            if isinstance(method, partialmethod) and method.func is _DJANGO_DISPLAY:
                setattr(model, name, partialmethod(get_field_display, field=field))
                replaced += 1
    return replaced
