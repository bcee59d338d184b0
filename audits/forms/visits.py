"""The forms of the expert visits and the actions agreed after a stagnating visit. Each hands its cleaned values
to a service in `audits.services.visits`; dates are typed the Dutch way (dd-mm-jjjj)."""

from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.forms import CarriesVersion, DutchDateField, ServiceForm, form_helper, textarea

YES, NO = "ja", "nee"


class VersionedForm(CarriesVersion, ServiceForm):
    """Carries the visit's edit version the user saw, so that a save based on an older version is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def service_arguments(self) -> dict:
        arguments = dict(self.cleaned_data)
        arguments["expected_version"] = arguments.pop("version")
        return arguments


class VisitRecordForm(VersionedForm):
    object_fields = ("version", "visited_on", "spoken_with", "classes_visited", "findings")

    visited_on = DutchDateField(
        label=_("Date of the school visit"),
        required=False,
        help_text=_("For example 12-03-2009."),
    )
    spoken_with = forms.CharField(
        label=_("Spoken with"),
        required=False,
        widget=textarea(2),
        help_text=_("For example the director, the IB and the teachers of groups 3 and 4."),
    )
    classes_visited = forms.CharField(
        label=_("Classes visited"),
        required=False,
        max_length=200,
        help_text=_("Optional. For example groups 3, 5 and 7."),
    )
    findings = forms.CharField(
        label=_("Findings"),
        required=False,
        widget=textarea(6),
        help_text=_("What you saw and heard, and how execution of the plan is going."),
    )
    # Not required here: the service says so, together with everything else that is missing.
    stagnating = forms.ChoiceField(
        label=_("Does execution stagnate?"),
        choices=[
            (NO, _("No, execution is on its way")),
            (YES, _("Yes: actions must be agreed with the school")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Record visit"))
        self.helper.layout = Layout(
            "version",
            Field("visited_on", css_class="w-auto"),
            "spoken_with",
            "classes_visited",
            "findings",
            "stagnating",
        )

    @classmethod
    def initial_for(cls, visit) -> dict:
        initial = super().initial_for(visit)
        if visit.visited_on:
            initial["stagnating"] = YES if visit.stagnating else NO
        return initial

    def service_arguments(self) -> dict:
        arguments = super().service_arguments()
        arguments["stagnating"] = {YES: True, NO: False}.get(arguments["stagnating"])
        return arguments


class VisitRescheduleForm(VersionedForm):
    object_fields = ("version", "planned_on")

    planned_on = DutchDateField(label=_("New date"), required=False, help_text=_("For example 12-03-2009."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Move visit"))
        self.helper.layout = Layout("version", Field("planned_on", css_class="w-auto"))


class VisitCancelForm(VersionedForm):
    object_fields = ("version",)

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=textarea(3),
        help_text=_("Why the visit does not take place, for example: the school is closed this quarter."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Cancel visit"))
        self.helper.inputs[0].field_classes = "btn btn-danger"


class ActionForm(ServiceForm):
    description = forms.CharField(
        label=_("What was agreed"),
        required=False,
        widget=textarea(3),
        help_text=_("For example: the IB observes the arithmetic lessons of groups 5 to 8 every two weeks."),
    )
    responsible = forms.CharField(
        label=_("Who does it"),
        required=False,
        max_length=200,
        help_text=_("A person or role at the school, for example the director."),
    )
    due_on = DutchDateField(label=_("By when"), required=False, help_text=_("For example 30-06-2009."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Add action"))
        self.helper.layout = Layout("description", "responsible", Field("due_on", css_class="w-auto"))


class ActionCloseForm(ServiceForm):
    closing_note = forms.CharField(
        label=_("How it was done"),
        required=False,
        widget=textarea(3),
        help_text=_("What the school did, and what you saw of it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Close action"))
