"""The forms of the indicator values, the benchmarks and the final-score import."""

from __future__ import annotations

import copy

from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from improvement_plans.constants import FinalTest
from kwaliteitsaanpak.core.concurrency import VersionedForm
from kwaliteitsaanpak.core.forms import DutchDecimalField, ServerValidatedForm, form_helper
from schools.models import School

from . import services
from .constants import BENCHMARK_INDICATORS, Indicator, Reference, school_year_choices
from .models import Benchmark, IndicatorValue

VALUE_HELP = _(
    "A final-test result as the school's average score on that test's own scale (CITO: 501–550), with a comma: "
    "534,5. An LWOO percentage as a percentage of the pupils: 12,5. A number of pupils as a whole number."
)


class _ValueForm(VersionedForm, ServerValidatedForm):
    """The fields a school's value and a benchmark share, checked by the service's rules in one round. A change
    carries the record's edit version (`VersionedForm`, ADR 14); a new record has none."""

    school_year = forms.TypedChoiceField(
        label=_("School year"),
        coerce=int,
        choices=school_year_choices,
        error_messages={"required": _("Choose the school year.")},
    )
    final_test = forms.ChoiceField(
        label=_("Final test"),
        required=False,
        help_text=_("Only for a final-test result: each test has its own scale."),
    )
    value = DutchDecimalField(
        label=_("Value"),
        max_digits=7,
        decimal_places=2,
        help_text=VALUE_HELP,
        error_messages={"required": _("Enter the value.")},
    )
    model = IndicatorValue

    def __init__(self, *args, instance=None, submit_label: str = "", **kwargs):
        self.instance = instance or self.model()
        if instance is not None:
            from_instance = {name: getattr(instance, name) for name in self.base_fields}
            kwargs["initial"] = {**from_instance, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.fields["final_test"].choices = [("", _("Not a final test")), *FinalTest.choices]
        if instance is None:
            del self.fields["version"]  # a new record: there is no version to carry
        self.helper = form_helper(submit_label)

    def validate(self, candidate) -> None:
        raise NotImplementedError

    def layout(self, *fields) -> Layout:
        """The form's layout, with the hidden edit version when the form changes a record."""
        return Layout(*fields, *(["version"] if "version" in self.fields else []))

    def clean(self):
        cleaned_data = super().clean()
        candidate = copy.copy(self.instance)
        for name in set(self.fields) - {"version"}:
            setattr(candidate, name, cleaned_data.get(name, getattr(candidate, name, None)))
        candidate.final_test = candidate.final_test or ""
        try:
            self.validate(candidate)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, messages)
                elif name not in self.fields:
                    self.add_error(None, messages)
        return cleaned_data


class IndicatorValueForm(_ValueForm):
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.order_by("name", "brin", "location_code"),
        empty_label=_("Choose a school"),
        error_messages={"required": _("Choose the school.")},
    )
    indicator = forms.ChoiceField(
        label=_("Indicator"),
        choices=Indicator.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the value measures.")},
    )
    pupil_count = forms.IntegerField(
        label=_("Pupils tested"),
        required=False,
        min_value=0,
        help_text=_("Only for a final-test result: how many pupils took the test, if known."),
        error_messages={
            "invalid": _("Enter a whole number of pupils."),
            "min_value": _("Enter zero or more."),
        },
    )
    model = IndicatorValue
    field_order = ["school", "school_year", "indicator", "final_test", "value", "pupil_count"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = self.layout(
            Field("school"),
            Field("school_year", css_class="w-auto"),
            "indicator",
            Field("final_test", css_class="w-auto"),
            Div(
                Div(Field("value"), css_class="col-sm-6"),
                Div(Field("pupil_count", inputmode="numeric"), css_class="col-sm-6"),
                css_class="row",
            ),
        )

    def validate(self, candidate) -> None:
        services.indicator_value_validate(candidate)


class BenchmarkForm(_ValueForm):
    indicator = forms.ChoiceField(
        label=_("Indicator"),
        choices=[(indicator.value, indicator.label) for indicator in BENCHMARK_INDICATORS],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the average measures.")},
    )
    reference = forms.ChoiceField(
        label=_("Average of"),
        choices=Reference.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether this is the G4 or the national average.")},
    )
    model = Benchmark
    field_order = ["school_year", "reference", "indicator", "final_test", "value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].help_text = _(
            "The average final-test score on that test's own scale, or the LWOO percentage (12,5)."
        )
        self.helper.layout = self.layout(
            Field("school_year", css_class="w-auto"),
            "reference",
            "indicator",
            Field("final_test", css_class="w-auto"),
            Field("value", css_class="w-auto"),
        )

    def validate(self, candidate) -> None:
        services.benchmark_validate(candidate)


class FinalScoreImportForm(ServerValidatedForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "DUO's CSV file “Gemiddelde eindscores” of one school year, as you downloaded it (separated by "
            "semicolons)."
        ),
        error_messages={"required": _("Choose the file to import.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Import final scores"))
        self.helper.attrs["enctype"] = "multipart/form-data"
