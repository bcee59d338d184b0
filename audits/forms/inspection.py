"""The forms of the inspection reviews: the grid of interim results (one form, every subject × grade), submitting
them, the Inspectie's judgement and the supervision arrangement. Plain forms: the views hand their cleaned data to
`audits.services.inspection`. Percentages are typed the Dutch way ("72,5")."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.dates import school_year_label
from kwaliteitsaanpak.core.forms import (
    CarriesVersion,
    DutchDecimalField,
    ServerValidatedForm,
    SubmitForm,
    form_helper,
    radio_choice_field,
    textarea,
)
from kwaliteitsaanpak.core.workflow import ReviewDecision

from ..constants import Arrangement, Grade, InterimJudgement, Subject
from ..services.inspection import result_field


def _percentage_field(label: str) -> DutchDecimalField:
    field = DutchDecimalField(label=label, required=False, max_digits=6, decimal_places=3)
    field.widget.attrs.update({"class": "form-control text-end", "size": "5", "autocomplete": "off"})
    return field


class InterimResultsForm(CarriesVersion, ServerValidatedForm):
    """The whole grid at once: per subject and grade the share at or above the norm and the norm, both optional (a
    grade the school does not test stays empty); the service checks each pair."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    school_remarks = forms.CharField(
        label=_("Explanation by the school"),
        required=False,
        widget=textarea(4),
        help_text=_("For example which tests were used, or why a grade was not tested."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for subject, subject_label in Subject.choices:
            for grade, grade_label in Grade.choices:
                where = {"subject": subject_label, "grade": str(grade_label).lower()}
                self.fields[result_field(subject, grade, "share")] = _percentage_field(
                    _("%(subject)s, %(grade)s: pupils at or above the norm (%%)") % where
                )
                self.fields[result_field(subject, grade, "norm")] = _percentage_field(
                    _("%(subject)s, %(grade)s: norm (%%)") % where
                )

    @staticmethod
    def initial_for(review) -> dict:
        initial = {"version": review.version, "school_remarks": review.school_remarks}
        for result in review.results.all():
            initial[result_field(result.subject, result.grade, "share")] = result.share_at_norm
            initial[result_field(result.subject, result.grade, "norm")] = result.norm
        return initial

    def rows(self) -> list[tuple[str, list[tuple[int, tuple[forms.BoundField, forms.BoundField]]]]]:
        """The grid for the template: per subject its label and, per grade, the two bound fields."""
        return [
            (
                label,
                [
                    (
                        grade,
                        (
                            self[result_field(subject, grade, "share")],
                            self[result_field(subject, grade, "norm")],
                        ),
                    )
                    for grade in Grade.values
                ],
            )
            for subject, label in Subject.choices
        ]

    def grid(self) -> dict:
        return {
            (subject, grade): (
                self.cleaned_data.get(result_field(subject, grade, "share")),
                self.cleaned_data.get(result_field(subject, grade, "norm")),
            )
            for subject in Subject.values
            for grade in Grade.values
        }


class InterimResultsSubmitForm(SubmitForm):
    button = _("Submit interim results to the Inspectie")


class JudgementForm(ServerValidatedForm):
    """The Inspectie's decision: judge the interim results (sufficient or insufficient, with a note) or return them
    as incomplete, saying what is missing."""

    decision = radio_choice_field(
        _("Decision"),
        [
            (ReviewDecision.APPROVED.value, _("Judge the interim results")),
            (ReviewDecision.RETURNED.value, _("Return as incomplete")),
        ],
        _("Choose whether you judge the interim results or return them as incomplete."),
    )
    judgement = forms.ChoiceField(
        label=_("Judgement"),
        choices=InterimJudgement.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Only when you judge the results."),
    )
    note = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=textarea(5),
        help_text=_(
            "With a judgement: the note the school, its board and the municipality read (required when "
            "insufficient). When returning: what is missing or has to change."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Record decision"))
        self.helper.layout = Layout(InlineRadios("decision"), InlineRadios("judgement"), "note")

    def clean(self):
        cleaned_data = super().clean()
        cleaned_data["note"] = cleaned_data.get("note", "").strip()
        if cleaned_data.get("decision") == ReviewDecision.APPROVED and not cleaned_data.get("judgement"):
            self.add_error(
                "judgement", _("Choose whether the interim results are sufficient or insufficient.")
            )
        return cleaned_data


class ArrangementForm(ServerValidatedForm):
    """The supervision arrangement of a school for a school year. On a change, the school and year are fixed and
    the form carries when the arrangement the user saw was recorded."""

    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=None,
        empty_label=_("Choose the school"),
        error_messages={"required": _("Choose the school."), "invalid_choice": _("Choose the school.")},
    )
    school_year = forms.TypedChoiceField(
        label=_("School year"),
        coerce=int,
        error_messages={"required": _("Choose the school year.")},
    )
    arrangement = radio_choice_field(
        _("Supervision arrangement"), Arrangement.choices, _("Choose the supervision arrangement.")
    )
    extra_supervision = forms.CharField(
        label=_("Extra supervision"),
        required=False,
        widget=textarea(3),
        help_text=_(
            "Where needed: the extra supervision, such as extra visits or a follow-up investigation."
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=textarea(3))
    recorded_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, schools, school_years, fixed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["school_year"].choices = [(year, school_year_label(year)) for year in school_years]
        if fixed:
            del self.fields["school"]
            del self.fields["school_year"]
        self.helper = form_helper(_("Record arrangement"))
