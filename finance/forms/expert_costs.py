"""The form of the experts' costs: who worked how many hours on the trajectory in a quarter, at which rate.
Hours and the rate are typed the Dutch way ("12,5", "95,00")."""

from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.concurrency import VersionedForm
from kwaliteitsaanpak.core.forms import DutchDecimalField, DutchMoneyField, ServiceForm, form_helper

from ..constants import MAX_EXPERT_HOURS_PER_QUARTER, Quarter
from .realisation import QuarterField


class ExpertChoiceField(forms.ChoiceField):
    """The expert, from a list grouped into the trajectory's own experts and the others; cleaned to the user."""

    default_error_messages = {
        "required": _("Choose the expert."),
        "invalid_choice": _("Choose an education or financial expert."),
    }

    def __init__(self, *, experts: list, own: set[int], **kwargs):
        self.experts = {str(expert.pk): expert for expert in experts}
        own_choices = [(str(expert.pk), str(expert)) for expert in experts if expert.pk in own]
        other_choices = [(str(expert.pk), str(expert)) for expert in experts if expert.pk not in own]
        choices = [("", _("Choose the expert"))]
        if own_choices:
            choices.append((_("Experts of this trajectory"), own_choices))
            if other_choices:
                choices.append((_("Other experts"), other_choices))
        else:
            choices += other_choices
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.experts.get(value)


class ExpertCostForm(VersionedForm, ServiceForm):
    """`experts`: the education and financial experts (and the expert of the record being changed); `own`: the ids
    of the trajectory's own experts, listed first; `quarters`: the quarters to choose from, newest first. A
    correction carries the record's edit version (`VersionedForm`)."""

    object_fields = ("version", "hours", "hourly_rate", "note")

    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("For example what the hours were spent on."),
    )

    def __init__(self, *args, experts: list, own: set[int], quarters: list[Quarter], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"] = ExpertChoiceField(label=_("Expert"), experts=experts, own=own)
        self.fields["quarter"] = QuarterField(quarters=quarters)
        self.fields["hours"] = DutchDecimalField(
            label=_("Hours"),
            max_digits=6,
            decimal_places=2,
            help_text=_(
                "The hours worked on this trajectory in the quarter, for example 12,5 (at most %(max)s)."
            )
            % {"max": MAX_EXPERT_HOURS_PER_QUARTER},
            error_messages={
                "required": _("Enter the number of hours."),
                "invalid": _("Enter the hours as a number, for example 12,5."),
            },
        )
        self.fields["hourly_rate"] = DutchMoneyField(
            label=_("Hourly rate (€)"),
            max_digits=8,
            help_text=_("What the municipality pays per hour, for example 95,00."),
            error_messages={"required": _("Enter the hourly rate.")},
        )
        self.order_fields(["version", "expert", "quarter", "hours", "hourly_rate", "note"])
        self.helper = form_helper(_("Save hours"))
        self.helper.layout = Layout(
            "version",
            Field("expert", css_class="w-auto"),
            Field("quarter", css_class="w-auto"),
            Div(
                Div(Field("hours"), css_class="col-sm-6"),
                Div(Field("hourly_rate"), css_class="col-sm-6"),
                css_class="row",
            ),
            "note",
        )

    @classmethod
    def initial_for(cls, cost) -> dict:
        return {**super().initial_for(cost), "expert": str(cost.expert_id), "quarter": cost.period.value}
