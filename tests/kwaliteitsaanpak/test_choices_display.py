"""`get_FOO_display` is our quicker version (`core/choices.py`) and answers as Django's own would: for every model's
fields with choices, every choice, a value that is not one of them, in Dutch and in English."""

from functools import partialmethod

import pytest
from django.apps import apps
from django.utils import translation

from improvement_plans.models import Trajectory
from kwaliteitsaanpak.core.choices import _DJANGO_DISPLAY, get_field_display
from monitoring.models import Benchmark

PROJECT_APPS = {"accounts", "audits", "core", "finance", "improvement_plans", "monitoring", "schools"}


def _fields_with_choices():
    """The project's own models' (and their history's) fields with choices."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_every_display_method_django_made_is_the_quick_one():
    found = list(_fields_with_choices())

    assert len(found) > 20
    for model, field in found:
        method = model.__dict__.get(f"get_{field.name}_display")
        if isinstance(method, partialmethod):
            assert method.func is get_field_display, (model, field.name)
    assert Benchmark.__dict__["get_indicator_display"].func is get_field_display


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_labels_are_djangos(db, language):
    with translation.override(language):
        for model, field in _fields_with_choices():
            record = model()
            for value in [choice for choice, _label in field.flatchoices] + ["not-a-choice", None]:
                setattr(record, field.attname, value)
                ours = getattr(record, f"get_{field.name}_display")()
                assert ours == _DJANGO_DISPLAY(record, field), (model, field.name, value)
                assert type(ours) is type(_DJANGO_DISPLAY(record, field))


def test_a_label_follows_the_language(db):
    trajectory = Trajectory(phase="plan")

    with translation.override("nl"):
        assert trajectory.get_phase_display() == "Verbeterplan"
    with translation.override("en"):
        assert trajectory.get_phase_display() == "Improvement plan"
    trajectory.phase = "analyse"
    with translation.override("nl"):
        assert trajectory.get_phase_display() == "Analyse"
