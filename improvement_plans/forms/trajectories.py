"""The forms of the trajectory pages: registration, intake, experts, withdrawal and notes. They only collect input;
the services in `improvement_plans.services` check the rules and save."""

from crispy_forms.layout import Field, Layout
from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.forms import DutchDateField, form_helper, radio_choice_field
from schools.models import School

from .. import selectors
from ..constants import IntakeOutcome, NoteVisibility, TrajectoryReason

REASON_HINTS = {
    TrajectoryReason.REFERENCE_LIST: _("The school is on the Inspectie's list of 31 January 2008."),
    TrajectoryReason.LATER_WEAK: _(
        "The Inspectie judged the school (very) weak after 31 January 2008; record that verdict on the school's "
        "page first."
    ),
    TrajectoryReason.AT_RISK: _("The school is at risk of becoming weak (risicoschool)."),
    TrajectoryReason.VOLUNTARY: _("The school takes part on its own initiative."),
}


def _reason_hint() -> str:
    items = format_html_join(
        "",
        "<li><strong>{}</strong>: {}</li>",
        ((reason.label, hint) for reason, hint in REASON_HINTS.items()),
    )
    return format_html('<ul class="mb-0 ps-3">{}</ul>', items)


class ExpertChoiceField(forms.ModelMultipleChoiceField):
    """Experts as checkboxes with their full name (and, with `with_roles`, their role: prefetch the groups)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, with_roles: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_roles = with_roles

    def label_from_instance(self, obj) -> str:
        if self.with_roles and obj.role_names:
            return f"{obj} ({', '.join(obj.role_names)})"
        return str(obj)


class TrajectoryRegisterForm(forms.Form):
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        empty_label=_("Choose a school"),
        help_text=_("Schools that already have an open trajectory are not in this list."),
        error_messages={
            "required": _("Choose the school that registers."),
            "invalid_choice": _(
                "Choose a school from the list; a school with an open trajectory is not in it."
            ),
        },
    )
    reason = radio_choice_field(
        _("Reason for taking part"),
        TrajectoryReason.choices,
        required=_("Choose the reason why the school takes part."),
    )
    registered_on = DutchDateField(
        label=_("Date of registration"),
        help_text=_("The day the school registered with DMO."),
        error_messages={"required": _("Enter the date on which the school registered, as dd-mm-yyyy.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        schools = selectors.schools_to_register(user)
        self.fields["school"].queryset = schools
        first_two = list(schools[:2])
        if len(first_two) == 1 and not self.initial.get("school"):
            self.initial["school"] = first_two[0].pk  # a board with one school need not choose it
        self.fields["reason"].help_text = _reason_hint()
        self.fields["registered_on"].initial = timezone.localdate
        self.helper = form_helper(_("Register school"))
        self.helper.layout = Layout("school", "reason", Field("registered_on", css_class="w-auto"))


class IntakeScheduleForm(forms.Form):
    intake_date = DutchDateField(
        label=_("Date of the intake"), error_messages={"required": _("Enter the date of the intake.")}
    )
    experts = ExpertChoiceField(
        label=_("Experts at the intake"),
        queryset=None,
        with_roles=True,
        help_text=_(
            "The education experts hold the conversation: choose at least one. A financial expert may join."
        ),
        error_messages={"required": _("Choose at least one expert who will be at the intake.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        experts = selectors.education_experts() | selectors.financial_experts()
        self.fields["experts"].queryset = experts.prefetch_related("groups")
        self.helper = form_helper(_("Schedule intake"))
        self.helper.layout = Layout(Field("intake_date", css_class="w-auto"), "experts")


class IntakeOutcomeForm(forms.Form):
    outcome = radio_choice_field(
        _("Outcome of the intake"), IntakeOutcome.choices, required=_("Choose whether the school takes part.")
    )
    remarks = forms.CharField(
        label=_("Remarks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the school does not take part: write down why."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Record outcome"))


class AssignExpertsForm(forms.Form):
    education_experts = ExpertChoiceField(
        label=_("Education experts"),
        queryset=None,
        help_text=_("One or more. They see this trajectory and work on its analysis with the school."),
        error_messages={"required": _("Choose at least one education expert.")},
    )
    financial_expert = forms.ModelChoiceField(
        label=_("Financial expert"),
        queryset=None,
        required=False,
        empty_label=_("No financial expert yet"),
        help_text=_("Draws up the budget of the improvement plan with the school."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["education_experts"].queryset = selectors.education_experts()
        self.fields["financial_expert"].queryset = selectors.financial_experts()
        self.helper = form_helper(_("Assign experts"))


class TrajectoryWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The reason is shown on the trajectory page and in its history."),
        error_messages={"required": _("Give the reason for withdrawing the trajectory.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Withdraw trajectory"))
        self.helper.inputs[0].field_classes = "btn btn-danger"


class NoteForm(forms.Form):
    """A message on the trajectory. Who may write internal messages chooses; a board user writes shared ones."""

    text = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a message.")},
    )
    visibility = forms.ChoiceField(
        label=_("Who can read this message"),
        choices=NoteVisibility.choices,
        initial=NoteVisibility.INTERNAL,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, can_write_internal: bool, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_write_internal:
            del self.fields["visibility"]
            self.fields["text"].help_text = _(
                "The programme staff and the experts of this trajectory read it."
            )
        self.helper = form_helper(_("Post message"))
        self.helper.form_action = action

    def clean(self):
        cleaned_data = super().clean()
        if "visibility" not in self.fields:
            cleaned_data["visibility"] = NoteVisibility.SHARED
        return cleaned_data
