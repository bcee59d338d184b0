"""The forms of the budget pages: starting a budget (or its revision), a budget line, submitting, the expert group's
decision with the board's waiver, and the municipality's grant decision. Plain forms: the views hand their cleaned
data to `finance.services`, whose messages land on the fields named here (the service's argument names)."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.concurrency import VersionedForm
from kwaliteitsaanpak.core.forms import (
    DutchDateField,
    DutchMoneyField,
    ReviewForm,
    ServerValidatedForm,
    ServiceForm,
    SubmitForm,
    form_helper,
    textarea,
)
from kwaliteitsaanpak.core.money import format_money

from ..constants import MONEY_DIGITS, CostCategory, school_year_label


def _money(label, required_message, **kwargs) -> DutchMoneyField:
    return DutchMoneyField(
        label=label,
        max_digits=MONEY_DIGITS,
        error_messages={"required": required_message},
        **kwargs,
    )


def measure_label(measure, goal_number: int) -> str:
    """A measure as a person tells it apart from the others: its goal and kind on the first line; its description,
    period and estimated cost on the second."""
    return format_html(
        '{}<span class="d-block small text-body-secondary">{}</span>',
        _("Goal %(number)s (%(theme)s) · %(kind)s")
        % {
            "number": goal_number,
            "theme": measure.goal.get_theme_display(),
            "kind": measure.get_kind_display(),
        },
        _("%(description)s · %(start)s – %(end)s · estimated %(cost)s")
        % {
            "description": Truncator(measure.description).words(16, truncate="…"),
            "start": date_format(measure.starts_on, "F Y"),
            "end": date_format(measure.ends_on, "F Y"),
            "cost": format_money(measure.estimated_cost),
        },
    )


class BudgetStartForm(ServerValidatedForm):
    """Starting the first budget needs nothing but the button; a revision needs its reason."""

    def __init__(self, *args, revision: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if revision:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the revision"),
                widget=textarea(5),
                help_text=_(
                    "Why the budget changes, for example the audit's conclusion. Everyone who reads the budget "
                    "sees this reason."
                ),
                error_messages={
                    "required": _("Give the reason for revising the budget, e.g. the audit's conclusion.")
                },
            )
        self.helper = form_helper(_("Start revision") if revision else _("Start budget"))

    def clean(self):
        cleaned_data = super().clean()
        cleaned_data["reason"] = cleaned_data.get("reason", "").strip()
        return cleaned_data


class BudgetLineForm(VersionedForm, ServiceForm):
    """One amount of the budget: for a measure of the plan version, in a school year and a cost category, split
    between the municipality and the school board. A change carries the line's edit version (`VersionedForm`)."""

    measure = forms.ChoiceField(
        label=_("Measure"),
        widget=forms.RadioSelect,
        help_text=_("The measures of this version of the improvement plan, with their estimated cost."),
        error_messages={
            "required": _("Choose the measure this amount is for."),
            "invalid_choice": _("Choose a measure of this version of the plan."),
        },
    )
    school_year = forms.TypedChoiceField(
        label=_("School year"),
        coerce=int,
        help_text=_("A school year runs from 1 August to 31 July."),
        error_messages={
            "required": _("Choose the school year."),
            "invalid_choice": _("Choose one of the school years in the list."),
        },
    )
    category = forms.ChoiceField(
        label=_("Cost category"),
        choices=[("", _("Choose the cost category")), *CostCategory.choices],
        error_messages={
            "required": _("Choose the cost category."),
            "invalid_choice": _("Choose one of the cost categories in the list."),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("Optional: what the money is for, for example “12 team meetings with a trainer”."),
    )
    amount = _money(_("Amount (€)"), _("Enter the amount of this line."))
    municipality_amount = _money(
        _("Municipality's share (€)"), _("Enter the municipality's share; 0 when it pays nothing.")
    )
    board_amount = _money(
        _("School board's share (€)"), _("Enter the board's share; 0 when it pays nothing.")
    )

    def __init__(self, *args, measures: list[tuple[object, str]], school_years: list[int], **kwargs):
        """`measures`: (measure, label) pairs of the plan version; `school_years`: the years a line can be for."""
        super().__init__(*args, **kwargs)
        self.measures = {str(measure.pk): measure for measure, _label in measures}
        self.fields["measure"].choices = [(str(measure.pk), label) for measure, label in measures]
        self.fields["school_year"].choices = [
            ("", _("Choose the school year")),
            *[(year, school_year_label(year)) for year in school_years],
        ]
        for name in ("amount", "municipality_amount", "board_amount"):
            self.fields[name].widget.attrs["class"] = "text-end"
        self.helper = form_helper(_("Save line"))
        self.helper.layout = Layout(
            "version",
            "measure",
            Div(
                Div(Field("school_year"), css_class="col-sm-5"),
                Div(Field("category"), css_class="col-sm-7"),
                css_class="row",
            ),
            "description",
            Fieldset(
                format_html(
                    '<span class="d-block fs-5 fw-semibold mt-2">{}</span>'
                    '<span class="d-block form-text fs-6 mt-0 fw-normal" id="shares-hint">{}</span>',
                    _("Amount and co-financing"),
                    _(
                        "The municipality's share and the school board's share add up to the amount. "
                        "Type amounts the Dutch way, for example 12.345,67."
                    ),
                ),
                Div(
                    Div(Field("amount"), css_class="col-md-4"),
                    Div(Field("municipality_amount"), css_class="col-md-4"),
                    Div(Field("board_amount"), css_class="col-md-4"),
                    css_class="row",
                ),
                css_class="mb-3",
            ),
        )

    @classmethod
    def initial_for(cls, line) -> dict:
        return {
            "measure": str(line.measure_id),
            "school_year": line.school_year,
            "category": line.category,
            "description": line.description,
            "amount": line.amount,
            "municipality_amount": line.municipality_amount,
            "board_amount": line.board_amount,
            "version": line.version,
        }

    def clean_measure(self):
        measure = self.measures.get(self.cleaned_data["measure"])
        if measure is None:
            raise forms.ValidationError(_("Choose a measure of this version of the plan."))
        return measure


class BudgetSubmitForm(SubmitForm):
    button = _("Submit budget")


class BudgetReviewForm(ReviewForm):
    """The expert group's decision on a submitted budget; approving records the board's waiver of financial
    equalisation."""

    decision_required = _("Choose whether you approve the budget or return it.")
    comments_help = _(
        "Required when you return the budget: what has to change. The financial expert reads them."
    )
    waiver_confirmed = forms.BooleanField(
        label=_("The school board has waived its claims to financial equalisation"),
        required=False,
        help_text=_("Required to approve: the agreement asks the board to waive them for this money."),
    )
    equalisation_waived_on = DutchDateField(
        label=_("Date of the waiver"),
        required=False,
        help_text=_("The date of the board's letter or signature, as dd-mm-yyyy."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            InlineRadios("decision"),
            "comments",
            Fieldset(
                format_html(
                    '<span class="d-block fs-6 fw-semibold mt-2">{}</span>',
                    _("When you approve: the board's waiver"),
                ),
                "waiver_confirmed",
                Field("equalisation_waived_on", css_class="w-auto"),
                css_class="mb-3",
            ),
        )


class GrantDecisionForm(ServerValidatedForm):
    """The municipality's grant decision (beschikking) on the approved budget."""

    date = DutchDateField(
        label=_("Date of the grant decision"),
        help_text=_("As dd-mm-yyyy; on or after the day the budget was approved."),
        error_messages={"required": _("Enter the date of the grant decision.")},
    )
    reference = forms.CharField(
        label=_("Reference"),
        max_length=100,
        help_text=_("The decision's reference, e.g. DMO/2008/1234."),
        error_messages={"required": _("Enter the reference of the grant decision.")},
    )
    amount = _money(_("Granted amount (€)"), _("Enter the granted amount."))

    def __init__(self, *args, share, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text = _(
            "At most the approved municipal share of %(share)s. Type it the Dutch way, for example 12.345,67."
        ) % {"share": format_money(share)}
        self.fields["amount"].widget.attrs["class"] = "text-end"
        self.helper = form_helper(_("Save correction") if correcting else _("Record grant decision"))
        self.helper.layout = Layout(
            Field("date", css_class="w-auto"),
            Field("reference", css_class="w-auto"),
            Field("amount", css_class="w-auto"),
        )

    def clean(self):
        cleaned_data = super().clean()
        if "reference" in cleaned_data:
            cleaned_data["reference"] = cleaned_data["reference"].strip()
        return cleaned_data
