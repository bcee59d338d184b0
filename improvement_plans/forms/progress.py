"""The forms of the quarterly progress report: one form to fill in the whole report (summary, every goal and every
measure, and a document), submitting it, the education expert's assessment with comments per goal, and adding a
document. Plain forms: the views hand their cleaned data to `improvement_plans.services.progress`."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.forms import (
    CarriesVersion,
    DocumentField,
    DutchDecimalField,
    ServerValidatedForm,
    SubmitForm,
    form_helper,
    format_dutch_decimal,
    textarea,
)
from kwaliteitsaanpak.core.uploads import OFFICE_KINDS
from kwaliteitsaanpak.core.workflow import ReviewDecision

from ..constants import GoalProgressStatus, MeasureProgressStatus
from .plans import GoalCommentsReviewForm, legend


def _goal_hint(goal) -> str:
    return _("%(indicator)s, in %(unit)s: from %(baseline)s to %(target)s by %(deadline)s.") % {
        "indicator": goal.indicator,
        "unit": goal.unit,
        "baseline": format_dutch_decimal(goal.baseline),
        "target": format_dutch_decimal(goal.target),
        "deadline": date_format(goal.deadline, "j F Y"),
    }


class ProgressReportForm(CarriesVersion, ServerValidatedForm):
    """The whole report in one form: `goal_lines` and `measure_lines` are the report's lines (with their goal or
    measure), numbered as the report page numbers them. `can_submit` adds the button that saves and goes on to the
    check before submitting."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label=_("Summary of the quarter"),
        required=False,
        widget=textarea(4),
        help_text=_("In a few sentences: how did execution go this quarter, and what comes next?"),
    )
    # Reports and their supporting documents: PDF, Word, Excel or OpenDocument, recognised by their content.
    document = DocumentField(label=_("Add a document (optional)"), required=False, kinds=OFFICE_KINDS)
    document_description = forms.CharField(
        label=_("Description of the document"),
        max_length=200,
        required=False,
        help_text=_("For example “Trend analysis of the mid-year tests”."),
    )

    def __init__(self, *args, goal_lines, measure_lines, can_submit=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal_lines, self.measure_lines = list(goal_lines), list(measure_lines)
        layout: list = ["version", "summary"]
        for number, line in enumerate(self.goal_lines, start=1):
            prefix = f"goal_{line.goal_id}"
            self.fields[f"{prefix}_status"] = forms.ChoiceField(
                label=_("Status of goal %(number)s") % {"number": number},
                choices=GoalProgressStatus.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{prefix}_current_value"] = DutchDecimalField(
                label=_("Current value of goal %(number)s (%(unit)s)")
                % {"number": number, "unit": line.goal.unit},
                required=False,
                max_digits=10,
                decimal_places=2,
            )
            self.fields[f"{prefix}_explanation"] = forms.CharField(
                label=_("Explanation for goal %(number)s") % {"number": number},
                required=False,
                widget=textarea(2),
                help_text=_(
                    "Required when the goal is at risk or behind schedule: why, and what you do about it."
                ),
            )
            layout.append(
                Fieldset(
                    legend(
                        _("Goal %(number)s: %(goal)s")
                        % {"number": number, "goal": Truncator(line.goal.description).words(14)},
                        _goal_hint(line.goal),
                    ),
                    InlineRadios(f"{prefix}_status"),
                    f"{prefix}_current_value",
                    f"{prefix}_explanation",
                    css_id=f"doel-{line.goal_id}",
                )
            )
        measure_fields = []
        for number, line in enumerate(self.measure_lines, start=1):
            prefix = f"measure_{line.measure_id}"
            self.fields[f"{prefix}_status"] = forms.ChoiceField(
                label=_("Measure %(number)s: %(measure)s")
                % {"number": number, "measure": Truncator(str(line.measure)).words(14)},
                choices=[("", _("Choose")), *MeasureProgressStatus.choices],
                required=False,
            )
            self.fields[f"{prefix}_explanation"] = forms.CharField(
                label=_("Explanation for measure %(number)s") % {"number": number},
                required=False,
                widget=textarea(2),
                help_text=_("Required when the measure is delayed or stopped."),
            )
            measure_fields += [f"{prefix}_status", f"{prefix}_explanation"]
        if measure_fields:
            layout.append(
                Fieldset(
                    legend(_("Measures"), _("Does each measure run as planned this quarter?")),
                    *measure_fields,
                )
            )
        layout.append(
            Fieldset(
                legend(_("Documents"), _("For example test results, a trend analysis or minutes.")),
                "document",
                "document_description",
            )
        )
        # The board goes on to the check before submitting; who may not submit (the director) only saves.
        self.helper = form_helper(_("Save and check before submitting") if can_submit else _("Save report"))
        if can_submit:
            self.helper.inputs[0].name = "check"
            self.helper.add_input(Submit("save", _("Save report")))
            self.helper.inputs[1].field_classes = "btn btn-outline-primary"
        self.helper.layout = Layout(*layout)
        self.helper.attrs["enctype"] = "multipart/form-data"

    @classmethod
    def initial_for(cls, report, goal_lines, measure_lines) -> dict:
        initial: dict = {"version": report.version, "summary": report.summary}
        for line in goal_lines:
            initial[f"goal_{line.goal_id}_status"] = line.status
            initial[f"goal_{line.goal_id}_current_value"] = line.current_value
            initial[f"goal_{line.goal_id}_explanation"] = line.explanation
        for line in measure_lines:
            initial[f"measure_{line.measure_id}_status"] = line.status
            initial[f"measure_{line.measure_id}_explanation"] = line.explanation
        return initial

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "expected_version": data["version"],
            "summary": data.get("summary", ""),
            "goal_lines": {
                line.goal_id: {
                    name: data.get(f"goal_{line.goal_id}_{name}")
                    for name in ("status", "current_value", "explanation")
                }
                for line in self.goal_lines
            },
            "measure_lines": {
                line.measure_id: {
                    name: data.get(f"measure_{line.measure_id}_{name}") for name in ("status", "explanation")
                }
                for line in self.measure_lines
            },
            "document": data.get("document") or None,
            "document_description": data.get("document_description", ""),
        }


class ProgressSubmitForm(SubmitForm):
    button = _("Submit report")


class ProgressAssessForm(GoalCommentsReviewForm):
    """The education expert's assessment: sufficient, or returned with general comments and comments per goal."""

    decision_required = _("Choose whether the report is sufficient or goes back to the school board.")
    comments_help = _("The school board reads them. Required when you return the report.")
    comments_label = _("General comments")
    goal_comments_hint = _(
        "When you return the report: what has to change for this goal. Leave empty when it is fine."
    )
    button = _("Record assessment")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (ReviewDecision.APPROVED.value, _("Sufficient")),
            (ReviewDecision.RETURNED.value, _("Return with comments")),
        ]

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("decision") == ReviewDecision.RETURNED and not cleaned_data.get("comments"):
            self.add_error(
                "comments",
                _("Write down what has to change before the report can be assessed as sufficient."),
            )
        return cleaned_data
