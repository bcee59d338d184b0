"""The form of a programme round: its name, reference date, years, indicators and reference, and the changes to its
reference list (every school (very) weak on the reference date, or single schools by BRIN and location code)."""

from __future__ import annotations

from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from improvement_plans.constants import DEFAULT_FOLLOW_UP_YEARS, Indicator, Reference
from improvement_plans.forms.plans import legend
from improvement_plans.models import ProgrammeRound
from kwaliteitsaanpak.core.concurrency import VersionedForm
from kwaliteitsaanpak.core.forms import DutchDateField, ServerValidatedForm, form_helper

from . import services_rounds

ROUND_FIELDS = services_rounds.ROUND_FIELDS


def _year_field(label, help_text, required) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        error_messages={"required": required, "invalid": _("Enter a year, for example 2027.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "w-auto", "size": 6}),
    )


class ProgrammeRoundForm(VersionedForm, ServerValidatedForm):
    """A round's settings and the changes to its reference list. A change carries the round's edit version
    (`VersionedForm`, ADR 14); a new round has none."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("As the programme calls it, for example “Kwaliteitsaanpak 2026–2028”."),
        error_messages={"required": _("Enter the name of the round.")},
    )
    reference_date = DutchDateField(
        label=_("Date of the reference list"),
        help_text=_(
            "The day the round's list of (very) weak schools was drawn up, as dd-mm-yyyy, for example 31-01-2026. "
            "Schools registered from this day on join the round."
        ),
        error_messages={"required": _("Enter the date of the reference list.")},
    )
    target_year = _year_field(
        _("Target year"),
        _("By the end of this year no school of the round is judged (very) weak any more."),
        _("Enter the target year."),
    )
    exception_year = _year_field(
        _("Latest year for exceptions"),
        _(
            "A very weak school may, with a written justification in its plan, get until the end of this year."
        ),
        _("Enter the latest year for exceptions."),
    )
    follow_up_years = forms.IntegerField(
        label=_("Years of sustaining on the monitor"),
        initial=DEFAULT_FOLLOW_UP_YEARS,
        help_text=_("How many years a school stays on the monitor after its trajectory completed."),
        error_messages={
            "required": _("Enter the number of years of sustaining."),
            "invalid": _("Enter a whole number of years, for example 2."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "w-auto", "size": 4}),
    )
    indicators = forms.MultipleChoiceField(
        label=_("Agreed indicators"),
        choices=Indicator.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The indicators of success the round's agreement names."),
        error_messages={"required": _("Choose at least one indicator the round agreed on.")},
    )
    reference = forms.ChoiceField(
        label=_("Compared with"),
        choices=Reference.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the average the round compares with.")},
    )
    add_weak_schools = forms.BooleanField(
        label=_(
            "Put every school whose latest verdict on the date of the reference list was weak or very weak on the list"
        ),
        required=False,
    )
    add_codes = forms.CharField(
        label=_("Add schools"),
        required=False,
        help_text=_(
            "BRIN numbers with their location code, separated by commas, for example 18WD00, 20XK01."
        ),
    )
    remove_codes = forms.CharField(
        label=_("Remove schools"),
        required=False,
        help_text=_("BRIN numbers with their location code of schools on the list, for example 18WD00."),
    )

    def __init__(self, *args, instance: ProgrammeRound | None = None, submit_label: str = "", **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs["initial"] = {
                **{name: getattr(instance, name) for name in ROUND_FIELDS},
                "version": instance.version,
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        if instance is None:
            del self.fields["version"]  # a new round: there is no version to carry
            del self.fields["remove_codes"]
            self.fields["indicators"].initial = [Indicator.FINAL_TEST.value, Indicator.LWOO.value]
            self.fields["reference"].initial = Reference.G4.value
        else:
            # A round that exists fills its list from the verdicts on its own page (check and confirm).
            del self.fields["add_weak_schools"]
        self.helper = form_helper(submit_label)
        self.helper.layout = Layout(
            *(["version"] if "version" in self.fields else []),
            Field("name"),
            Field("reference_date", css_class="w-auto"),
            Div(
                Div(Field("target_year"), css_class="col-sm-4"),
                Div(Field("exception_year"), css_class="col-sm-4"),
                Div(Field("follow_up_years"), css_class="col-sm-4"),
                css_class="row",
            ),
            "indicators",
            "reference",
            Fieldset(
                legend(_("Reference list")),
                *(["add_weak_schools"] if "add_weak_schools" in self.fields else []),
                Field("add_codes"),
                *(["remove_codes"] if "remove_codes" in self.fields else []),
                css_class="mb-3",
            ),
        )

    def clean(self):
        cleaned_data = super().clean()
        values = {name: cleaned_data.get(name) for name in ROUND_FIELDS}
        # A field with its own error is not checked again; every other rule is, in this same round.
        for name in ROUND_FIELDS:
            if name in self.errors:
                values[name] = None
        errors = services_rounds.round_check(programme_round=self.instance, **values)
        on_list = list(self.instance.reference_schools.values_list("pk", flat=True)) if self.instance else []
        for name, removing in (("add_codes", False), ("remove_codes", True)):
            if name in self.fields:
                check = services_rounds.reference_codes_check(
                    cleaned_data.get(name, ""), on_list=on_list, removing=removing
                )
                if check.errors:
                    self.add_error(name, check.errors)
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned_data

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["add_codes"] = data.get("add_codes") or ""
        if "version" in data:
            data["expected_version"] = data.pop("version")
        for name in ("remove_codes", "add_weak_schools"):
            if name not in self.fields:
                data.pop(name, None)
        return data
