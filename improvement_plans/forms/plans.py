"""The forms of the improvement plan: result agreements, SMART goals, measures, submitting, reviewing and starting
a new version. Plain forms: the views hand their cleaned data to `improvement_plans.services`.

Numbers are typed the Dutch way ("533,5", "12.345,67") and become `Decimal`s, never floats.
"""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.concurrency import VersionedForm
from kwaliteitsaanpak.core.forms import (
    DutchDateField,
    DutchDecimalField,
    DutchMoneyField,
    ReviewForm,
    ServerValidatedForm,
    ServiceForm,
    SubmitForm,
    form_helper,
    format_dutch_decimal,
    radio_choice_field,
    textarea,
)

from .. import services
from ..constants import (
    FINAL_TEST_SCALES,
    GOAL_THEMES,
    Direction,
    FinalTest,
    MeasureKind,
    TargetDate,
)


def legend(text, hint=None) -> str:
    """A fieldset's legend as a heading, with an optional hint under it."""
    if hint:
        return format_html(
            '<span class="d-block fs-5 fw-semibold mt-2">{}</span><span class="d-block form-text fs-6 mt-0 fw-normal">{}</span>',
            text,
            hint,
        )
    return format_html('<span class="d-block fs-5 fw-semibold mt-2">{}</span>', text)


def _period_text(period) -> str:
    first, last = period
    return _("Between %(first)s and %(last)s.") % {
        "first": date_format(first, "j F Y"),
        "last": date_format(last, "j F Y"),
    }


def _percentage_field(label, help_text) -> DutchDecimalField:
    return DutchDecimalField(
        label=label,
        max_digits=4,
        decimal_places=1,
        required=False,
        help_text=help_text,
        error_messages={
            "invalid": _("Enter a percentage, for example 18,5."),
            "max_whole_digits": _("A percentage lies between 0 and 100."),
            "max_digits": _("A percentage lies between 0 and 100."),
        },
    )


def _score_field(label) -> DutchDecimalField:
    return DutchDecimalField(label=label, max_digits=6, decimal_places=1, required=False)


class PlanAgreementsForm(VersionedForm, ServiceForm):
    """The school's result agreements in this plan version: each target beside the school's starting value, and
    the year (of the trajectory's programme round) by which the school must no longer be (very) weak. It carries
    the plan version's edit version (`VersionedForm`, ADR 14).

    `plan` is the version being changed: the form checks the service's rules with what it could read
    (`services.plan_agreements_check`), so that one submit reports every problem."""

    object_fields = (
        "version",
        "final_test",
        "final_test_baseline",
        "final_test_target",
        "lwoo_baseline",
        "lwoo_target",
        "target_date",
        "target_justification",
    )

    final_test = forms.ChoiceField(
        label=_("Final test"),
        choices=[("", _("Choose the final test")), *FinalTest.choices],
        required=False,
        help_text=_("The end-of-primary test the starting result and the target are measured on."),
    )
    final_test_baseline = _score_field(_("Starting final-test result"))
    final_test_target = _score_field(_("Target final-test result"))
    lwoo_baseline = _percentage_field(
        _("Starting LWOO percentage"),
        _(
            "The share of the school's pupils with an LWOO indication when the plan was made, for example 24,5."
        ),
    )
    lwoo_target = _percentage_field(
        _("Target LWOO percentage"),
        _(
            "The share of pupils with an LWOO indication the school aims for, for example 18,5. "
            "The G4 average is the norm."
        ),
    )
    target_date = radio_choice_field(
        _("No longer judged (very) weak by the Inspectie"),
        TargetDate.choices,
        required=_("Choose by when the school must no longer be (very) weak."),
    )
    target_justification = forms.CharField(
        label=_("Justification for the exception"), required=False, widget=textarea(5)
    )

    def __init__(self, *args, plan=None, programme_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        programme_round = programme_round or (plan.trajectory.programme_round if plan is not None else None)
        if programme_round is not None:
            self.set_round_years(programme_round)
        low, high = FINAL_TEST_SCALES[FinalTest.CITO]
        scale = {"low": low, "high": high}
        self.fields["final_test_baseline"].help_text = (
            _(
                "The school's average score on this test when the plan was made, on the test's own scale (CITO: "
                "%(low)s–%(high)s), for example 528,5."
            )
            % scale
        )
        self.fields["final_test_target"].help_text = (
            _(
                "The standard score the school aims for, for example 533 or 533,5. The CITO final test runs from "
                "%(low)s to %(high)s."
            )
            % scale
        )
        self.helper = form_helper(_("Save result agreements"))
        self.helper.layout = Layout(
            "version",
            Fieldset(
                legend(_("Final test")),
                Field("final_test", css_class="w-auto"),
                Div(
                    Div(Field("final_test_baseline", css_class="w-auto"), css_class="col-sm-6"),
                    Div(Field("final_test_target", css_class="w-auto"), css_class="col-sm-6"),
                    css_class="row",
                ),
                css_class="mb-3",
            ),
            Fieldset(
                legend(_("LWOO")),
                Div(
                    Div(Field("lwoo_baseline", css_class="w-auto"), css_class="col-sm-6"),
                    Div(Field("lwoo_target", css_class="w-auto"), css_class="col-sm-6"),
                    css_class="row",
                ),
                css_class="mb-3",
            ),
            Fieldset(
                legend(_("Inspection verdict")),
                "target_date",
                "target_justification",
                css_class="mb-3",
            ),
        )

    @classmethod
    def initial_for(cls, obj, baselines=None) -> dict:
        """The plan's agreements; an empty starting value (and, without a test chosen, the test) pre-filled from
        `baselines` (`improvement_plans.baselines.Baselines`) where the monitor knows it."""
        initial = super().initial_for(obj)
        if baselines is None:
            return initial
        found = baselines.final_test
        if (
            found is not None
            and initial["final_test_baseline"] is None
            and initial["final_test"] in ("", found.final_test)
        ):
            initial["final_test"] = found.final_test
            initial["final_test_baseline"] = found.value
        if baselines.lwoo is not None and initial["lwoo_baseline"] is None:
            initial["lwoo_baseline"] = baselines.lwoo.value
        return initial

    def set_round_years(self, programme_round) -> None:
        """Name the years of the trajectory's programme round (2010 and 2011 in the first round)."""
        years = {"target": programme_round.target_year, "exception": programme_round.exception_year}
        self.fields["target_date"].choices = [
            (TargetDate.TARGET, _("In %(target)s (the round's target)") % years),
            (
                TargetDate.EXCEPTION,
                _("In %(exception)s (only for a very weak school, with a justification)") % years,
            ),
        ]
        self.fields["target_justification"].label = _("Justification for %(exception)s") % years
        self.fields["target_justification"].help_text = (
            _(
                "Only a very weak school may get until %(exception)s, and only with a written justification: why "
                "does this school need the extra time?"
            )
            % years
        )

    def clean(self):
        cleaned_data = super().clean()
        cleaned_data["target_justification"] = cleaned_data.get("target_justification", "").strip()
        if self.plan is None:
            return cleaned_data
        # The service's rules on what could be read, beside the fields' own errors: every problem in one round.
        values = {name: cleaned_data.get(name) for name in self.object_fields if name != "version"}
        values["final_test"] = values["final_test"] or ""
        values["target_date"] = values["target_date"] or ""
        for name, message in services.plan_agreements_check(plan=self.plan, **values).items():
            if name == "target_date" and not values["target_date"]:
                continue  # the field's own "choose" message says it already
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned_data


class FindingCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that carry the finding's topic, so choosing a theme can tick its findings."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-topic"] = instance.topic
        return option


class FindingChoiceField(forms.ModelMultipleChoiceField):
    widget = FindingCheckboxes
    default_error_messages = {
        "invalid_choice": _("Choose only findings from the list."),
        "invalid_pk_value": _("Choose only findings from the list."),
    }

    def _check_values(self, value):
        # An id beyond what the database can hold (a tampered form) is not looked up: SQLite raises OverflowError.
        for pk in value:
            try:
                in_range = -(2**63) <= int(str(pk)) < 2**63
            except ValueError:
                in_range = True  # not a number: Django's own check refuses it
            if not in_range:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super()._check_values(value)

    def label_from_instance(self, finding) -> str:
        rating = finding.get_rating_display() if finding.rating else _("not rated")
        text = finding.finding or _("no finding written")
        return f"{finding.get_topic_display()} ({rating}): {text}"


class GoalForm(VersionedForm, ServiceForm):
    """A SMART goal. The fieldsets name the SMART elements, so a message says which one is missing. A change
    carries the goal's edit version (`VersionedForm`)."""

    theme = forms.ChoiceField(
        label=_("Core theme"),
        error_messages={"required": _("Choose the core theme of the goal.")},
    )
    findings = FindingChoiceField(
        label=_("Findings of the analysis this goal answers"),
        queryset=None,
        error_messages={"required": _("Choose the finding(s) of the analysis that this goal answers.")},
    )
    description = forms.CharField(
        label=_("Goal"),
        widget=textarea(3),
        help_text=_(
            "What will be different, and for whom? For example: “More pupils in groups 5 to 8 master "
            "the arithmetic skills of their year.”"
        ),
        error_messages={"required": _("Specific: describe what will be different.")},
    )
    indicator = forms.CharField(
        label=_("Indicator"),
        max_length=200,
        help_text=_("What is measured, for example “pupils with a pass on the M6 arithmetic test”."),
        error_messages={"required": _("Measurable: name the indicator that is measured.")},
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=50,
        help_text=_("For example “percentage of pupils”, “score”, “lessons”."),
        error_messages={"required": _("Measurable: give the unit of the indicator.")},
    )
    baseline = DutchDecimalField(
        label=_("Baseline"),
        max_digits=10,
        decimal_places=2,
        help_text=_("The value now, for example 55 or 55,5."),
        error_messages={"required": _("Achievable: give the baseline, the value now.")},
    )
    target = DutchDecimalField(
        label=_("Target value"),
        max_digits=10,
        decimal_places=2,
        help_text=_("The value the school wants to reach by the deadline."),
        error_messages={"required": _("Achievable: give the target value.")},
    )
    direction = radio_choice_field(
        _("Direction"), Direction.choices, required=_("Choose whether a higher or a lower value is better.")
    )
    deadline = DutchDateField(
        label=_("Deadline"),
        error_messages={"required": _("Time-bound: give the date by which the goal is reached.")},
    )
    owner = forms.CharField(
        label=_("Owner"),
        max_length=200,
        help_text=_("Who is responsible for reaching the goal, for example “the director”."),
        error_messages={"required": _("Name the owner who is responsible for the goal.")},
    )

    def __init__(self, *args, findings, period, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [
            ("", _("Choose a core theme")),
            *[(theme.value, theme.label) for theme in GOAL_THEMES],
        ]
        self.fields["findings"].queryset = findings
        self.fields["deadline"].help_text = _("The date by which the goal is reached. %(period)s") % {
            "period": _period_text(period)
        }
        for name in ("baseline", "target"):
            self.fields[name].widget.attrs["class"] = "w-auto"
        change_reason = []
        if previous is not None:
            self.fields["target_change_reason"] = forms.CharField(
                label=_("Reason for the changed target"),
                required=False,
                widget=textarea(3),
                help_text=_(
                    "Required when the target changes. In version %(number)s the target was %(target)s."
                )
                % {"number": previous.plan.number, "target": format_dutch_decimal(previous.target)},
            )
            change_reason = ["target_change_reason"]
        self.helper = form_helper(_("Save goal"))
        self.helper.layout = Layout(
            "version",
            Fieldset(
                legend(
                    _("Core theme and findings"), _("Which problem of the analysis does this goal solve?")
                ),
                Field("theme", css_class="w-auto"),
                "findings",
                css_class="mb-3",
            ),
            Fieldset(legend(_("Specific")), "description", css_class="mb-3"),
            Fieldset(
                legend(_("Measurable")),
                Div(
                    Div("indicator", css_class="col-md-7"), Div("unit", css_class="col-md-5"), css_class="row"
                ),
                css_class="mb-3",
            ),
            Fieldset(
                legend(
                    _("Achievable and realistic"),
                    _("From where to where: the target differs from the baseline in the right direction."),
                ),
                Div(
                    Div("baseline", css_class="col-sm-6"),
                    Div("target", css_class="col-sm-6"),
                    css_class="row",
                ),
                InlineRadios("direction"),
                *change_reason,
                css_class="mb-3",
            ),
            Fieldset(legend(_("Time-bound")), Field("deadline", css_class="w-auto"), css_class="mb-3"),
            Fieldset(legend(_("Owner")), "owner", css_class="mb-3"),
        )

    @classmethod
    def initial_for(cls, goal) -> dict:
        return {
            "theme": goal.theme,
            "findings": [finding.pk for finding in goal.findings.all()],
            "description": goal.description,
            "indicator": goal.indicator,
            "unit": goal.unit,
            "baseline": goal.baseline,
            "target": goal.target,
            "direction": goal.direction,
            "deadline": goal.deadline,
            "owner": goal.owner,
            "target_change_reason": goal.target_change_reason,
            "version": goal.version,
        }

    def service_arguments(self) -> dict:
        # The reason is asked only when there is a previous version to change the target of.
        return {
            **super().service_arguments(),
            "findings": list(self.cleaned_data["findings"]),
            "target_change_reason": self.cleaned_data.get("target_change_reason", ""),
        }


class MeasureForm(VersionedForm, ServiceForm):
    """A measure of a goal; a change carries the measure's edit version (`VersionedForm`)."""

    object_fields = (
        "version",
        "kind",
        "description",
        "responsible",
        "starts_on",
        "ends_on",
        "estimated_cost",
    )

    kind = forms.ChoiceField(
        label=_("Kind of measure"),
        choices=[("", _("Choose the kind of measure")), *MeasureKind.choices],
        error_messages={"required": _("Choose the kind of measure.")},
    )
    description = forms.CharField(
        label=_("Description"),
        widget=textarea(3),
        help_text=_("What will be done, with whom, how often."),
        error_messages={"required": _("Describe the measure.")},
    )
    responsible = forms.CharField(
        label=_("Responsible"),
        max_length=200,
        error_messages={"required": _("Name who is responsible for the measure.")},
    )
    starts_on = DutchDateField(label=_("Start"), error_messages={"required": _("Give the start date.")})
    ends_on = DutchDateField(label=_("End"), error_messages={"required": _("Give the end date.")})
    estimated_cost = DutchMoneyField(
        label=_("Estimated cost (€)"),
        help_text=_("In euros, for example 12.345,67. The budget is drawn up from these costs."),
        error_messages={"required": _("Give the estimated cost; enter 0 when the measure costs nothing.")},
    )

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        hint = _period_text(period)
        self.fields["starts_on"].help_text = hint
        self.fields["ends_on"].help_text = hint
        self.helper = form_helper(_("Save measure"))
        self.helper.layout = Layout(
            "version",
            Field("kind", css_class="w-auto"),
            "description",
            "responsible",
            Div(
                Div(Field("starts_on"), css_class="col-sm-6"),
                Div(Field("ends_on"), css_class="col-sm-6"),
                css_class="row",
            ),
            Field("estimated_cost", css_class="w-auto"),
        )


class PlanSubmitForm(SubmitForm):
    button = _("Submit plan")


class GoalCommentsReviewForm(ReviewForm):
    """A decision with general comments and a comment field per goal: the plan's review and the progress report's
    assessment. `goal_comments_hint` says what a goal's comment is for."""

    goal_comments_hint = ""

    def __init__(self, *args, goals, **kwargs):
        """`goals`: (number, goal) pairs in the order the page shows and numbers them."""
        super().__init__(*args, **kwargs)
        self.goals = [goal for _number, goal in goals]
        goal_fields = []
        for number, goal in goals:
            name = f"goal_{goal.pk}"
            self.fields[name] = forms.CharField(
                label=_("Goal %(number)s: %(goal)s")
                % {"number": number, "goal": Truncator(goal.description).words(12)},
                required=False,
                widget=textarea(2),
            )
            goal_fields.append(name)
        layout = [InlineRadios("decision"), "comments"]
        if goal_fields:
            layout.append(Fieldset(legend(_("Comments per goal"), self.goal_comments_hint), *goal_fields))
        self.helper.layout = Layout(*layout)

    def goal_comments(self) -> dict[int, str]:
        return {
            goal.pk: self.cleaned_data.get(f"goal_{goal.pk}", "").strip()
            for goal in self.goals
            if self.cleaned_data.get(f"goal_{goal.pk}", "").strip()
        }


class PlanReviewForm(GoalCommentsReviewForm):
    """The expert group's decision, with general comments and a comment field per goal."""

    decision_required = _("Choose whether you approve the plan or return it.")
    comments_help = _("For the plan as a whole. The school board reads them.")
    comments_label = _("General comments")
    goal_comments_hint = _(
        "When you return the plan: what has to change in this goal. Leave empty when it is fine."
    )


class PlanNewVersionForm(ServerValidatedForm):
    reason = forms.CharField(
        label=_("Reason for the new version"),
        widget=textarea(5),
        help_text=_("For example the conclusion of the audit. Everyone who reads the plan sees this reason."),
        error_messages={"required": _("Give the reason for a new version, e.g. the audit's conclusion.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Start new version"))
