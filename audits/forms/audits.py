"""The forms of the audits: drawing one up (a judgement per goal, overall, conclusion and proposed decision),
submitting it, and the expert group's adoption or return. Plain forms: the views hand their cleaned data to
`audits.services.audits`."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.forms import (
    CarriesVersion,
    DutchDateField,
    ReviewForm,
    ServerValidatedForm,
    SubmitForm,
    form_helper,
    textarea,
)
from kwaliteitsaanpak.core.workflow import ReviewDecision

from ..constants import AuditDecision, GoalJudgement, OverallJudgement


def _legend(text, hint="") -> str:
    return format_html(
        '<span class="d-block fs-5 fw-semibold mt-2">{}</span><span class="d-block form-text fs-6 mt-0 fw-normal">{}</span>',
        text,
        hint,
    )


class AuditForm(CarriesVersion, ServerValidatedForm):
    """The audit as drawn up so far. `lines` are (number, judgement line) pairs in the plan's order; `decisions`
    the decisions that fit this audit."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    held_on = DutchDateField(
        label=_("Date the audit was held"),
        required=False,
        help_text=_("For example 15-09-2010. Not in the future."),
    )
    overall_judgement = forms.ChoiceField(
        label=_("Overall judgement"),
        choices=OverallJudgement.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    conclusion = forms.CharField(
        label=_("Conclusion"),
        widget=textarea(5),
        required=False,
        help_text=_(
            "How far has the school come, and what does it need now? When the plan is adjusted, this text is the "
            "reason of the new plan version."
        ),
    )
    decision = forms.ChoiceField(label=_("Proposed decision"), widget=forms.RadioSelect, required=False)
    decision_justification = forms.CharField(
        label=_("Justification of a third year"),
        widget=textarea(4),
        required=False,
        help_text=_("Required for a third year: why the school needs it and what it will reach with it."),
    )

    def __init__(self, *args, lines, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.fields["decision"].choices = [(value, AuditDecision(value).label) for value in decisions]
        goal_sets = []
        for number, line in lines:
            judgement, note = f"goal_{line.goal_id}", f"goal_{line.goal_id}_note"
            self.fields[judgement] = forms.ChoiceField(
                label=_("Judgement"), choices=GoalJudgement.choices, widget=forms.RadioSelect, required=False
            )
            self.fields[note] = forms.CharField(label=_("Explanation"), widget=textarea(2), required=False)
            self.initial.setdefault(judgement, line.judgement)
            self.initial.setdefault(note, line.note)
            goal_sets.append(
                Fieldset(
                    _legend(
                        _("Goal %(number)s: %(goal)s") % {"number": number, "goal": line.goal.description},
                        _("Indicator: %(indicator)s") % {"indicator": line.goal.indicator},
                    ),
                    InlineRadios(judgement),
                    note,
                )
            )
        decision_fields = ["decision"]
        if AuditDecision.EXTEND in decisions:
            decision_fields.append("decision_justification")
        else:  # only the audit after year 2 can extend execution
            del self.fields["decision_justification"]
        self.helper = form_helper(_("Save audit"))
        self.helper.layout = Layout(
            "version",
            Field("held_on", css_class="w-auto"),
            Fieldset(_legend(_("Judgement per goal")), *goal_sets) if goal_sets else Layout(),
            Fieldset(_legend(_("Overall")), "overall_judgement", "conclusion"),
            Fieldset(
                _legend(_("Decision"), _("The expert group adopts the audit and with it this decision.")),
                *decision_fields,
            ),
        )

    def goal_judgements(self) -> dict[int, tuple[str, str]]:
        return {
            line.goal_id: (
                self.cleaned_data.get(f"goal_{line.goal_id}", ""),
                self.cleaned_data.get(f"goal_{line.goal_id}_note", ""),
            )
            for _number, line in self.lines
        }


class AuditSubmitForm(SubmitForm):
    button = _("Submit audit")


class AuditReviewForm(ReviewForm):
    decision_required = _("Choose whether you adopt the audit or return it.")
    comments_help = _(
        "Required when you return the audit: what has to change. The education experts read them."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (ReviewDecision.APPROVED.value, _("Adopt the audit and carry out its decision")),
            (ReviewDecision.RETURNED.value, _("Return with comments")),
        ]
