import copy

from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.concurrency import VersionedForm
from kwaliteitsaanpak.core.forms import DutchDateField, form_helper

from . import services
from .constants import ImportKind, Stadsdeel
from .models import InspectionVerdict, School, SchoolBoard


class SchoolBoardForm(forms.ModelForm):
    class Meta:
        model = SchoolBoard
        fields = ["name", "number", "contact_name", "contact_email", "contact_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save school board"))
        self.helper.layout = Layout(
            Field("name"),
            Field("number", css_class="w-auto", inputmode="numeric"),
            Fieldset(_("Contact"), "contact_name", "contact_email", "contact_phone"),
        )


class SchoolForm(VersionedForm, forms.ModelForm):
    """A school's register data. A change carries the school's edit version (`VersionedForm`, ADR 14)."""

    class Meta:
        model = School
        fields = [
            "name",
            "brin",
            "location_code",
            "board",
            "kind",
            "denomination",
            "street_address",
            "postcode",
            "city",
            "stadsdeel",
            "pupil_count",
        ]
        labels = {"street_address": _("Street and house number")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = SchoolBoard.objects.order_by("name")
        self.fields["board"].empty_label = _("Choose a school board")
        self.fields["board"].error_messages["required"] = _(
            "Choose the school board of the school: a school always belongs to a board."
        )
        self.fields["stadsdeel"].choices = [("", _("Not known")), *Stadsdeel.choices]
        self.helper = form_helper(_("Save school"))
        self.helper.layout = Layout(
            "version",
            Field("name"),
            Div(
                Div(Field("brin", css_class="text-uppercase"), css_class="col-sm-4"),
                Div(Field("location_code"), css_class="col-sm-4"),
                css_class="row",
            ),
            Field("board"),
            Div(
                Div("kind", css_class="col-sm-6"), Div("denomination", css_class="col-sm-6"), css_class="row"
            ),
            Fieldset(
                _("Address"),
                "street_address",
                Div(
                    Div("postcode", css_class="col-sm-4"), Div("city", css_class="col-sm-8"), css_class="row"
                ),
                "stadsdeel",
            ),
            Field("pupil_count", css_class="w-auto"),
        )

    def clean_brin(self) -> str:
        return self.cleaned_data["brin"].strip().upper()

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip().upper().replace(" ", "")
        return f"{postcode[:4]} {postcode[4:]}" if len(postcode) == 6 else postcode


class InspectionVerdictForm(forms.ModelForm):
    date = DutchDateField(label=_("Date of the verdict"), help_text=_("The date of the inspection report."))

    class Meta:
        model = InspectionVerdict
        fields = ["date", "verdict", "supervision_arrangement", "report_reference", "reference_list"]
        widgets = {"verdict": forms.RadioSelect, "supervision_arrangement": forms.RadioSelect}

    def __init__(self, *args, submit_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = self.fields["verdict"].choices[1:]
        self.fields["supervision_arrangement"].choices = self.fields["supervision_arrangement"].choices[1:]
        self.helper = form_helper(submit_label)
        self.helper.layout = Layout(
            Field("date", css_class="w-auto"),
            "verdict",
            "supervision_arrangement",
            "report_reference",
            "reference_list",
        )

    def clean(self):
        cleaned_data = super().clean()
        candidate = copy.copy(self.instance)
        for name, value in cleaned_data.items():
            setattr(candidate, name, value)
        try:
            services.inspection_verdict_validate(candidate)
        except ValidationError as error:
            # Attached to its field, which also keeps the database constraint from repeating it.
            self.add_error(None, error)
        return cleaned_data


class RegisterImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Which file"),
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
        initial=ImportKind.PUPILS_PER_LOCATION,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "DUO's file as you downloaded it: the CSV “Leerlingen po per vestiging” (with board numbers) "
            "or the GeoJSON of all school locations."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Import file"))
        self.helper.attrs["enctype"] = "multipart/form-data"
