"""The forms of the quality analysis: its text and findings, class visits, interviews, attachments, submitting
and reviewing. Plain forms: the views hand their cleaned data to `improvement_plans.services`."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.concurrency import VersionedForm
from kwaliteitsaanpak.core.forms import (
    DocumentForm,
    DutchDateField,
    ReviewForm,
    ServiceForm,
    SubmitForm,
    form_helper,
    radio_choice_field,
    textarea,
)
from kwaliteitsaanpak.core.workflow import ReviewDecision

from .. import selectors
from ..constants import (
    ANALYSIS_QUESTIONS,
    CORE_THEMES,
    InterviewPartner,
    ObservationPoint,
    Rating,
    TeacherRole,
)

GROUPS = range(1, 9)


def _label(visible, hidden) -> str:
    """A label that reads the same as its neighbours but tells screen readers (and the error summary) which
    topic it belongs to."""
    return format_html('{}<span class="visually-hidden"> – {}</span>', visible, hidden)


def _legend(text, size: str = "fs-4") -> str:
    """A fieldset legend sized for its level: a group of topics reads like a heading, a topic below it."""
    return format_html('<span class="d-block {} fw-semibold mt-2">{}</span>', size, text)


def _experts(*also):
    """The users who can be chosen as observer or interviewer: the education experts, plus whoever was chosen
    before (so an old record keeps its person when they left the role)."""
    experts = selectors.education_experts()
    extra = [user.pk for user in also if user is not None]
    if extra:
        return experts.model.objects.filter(Q(pk__in=experts.values("pk")) | Q(pk__in=extra)).order_by(
            "first_name", "last_name", "email"
        )
    return experts


class AnalysisForm(VersionedForm, ServiceForm):
    """The analysis text and, for each of the twelve questions and themes, a finding and a rating. Ratings may
    stay open while drafting; submitting asks for all of them. It carries the analysis's edit version
    (`VersionedForm`, ADR 14)."""

    object_fields = ("version", "data_used", "strengths", "weaknesses")
    data_used = forms.CharField(
        label=_("Data used"),
        required=False,
        widget=textarea(),
        help_text=_(
            "Which school data the analysis is based on: test results, pupil counts, inspection reports."
        ),
    )
    strengths = forms.CharField(label=_("Strengths"), required=False, widget=textarea())
    weaknesses = forms.CharField(label=_("Weaknesses"), required=False, widget=textarea())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rating_choices = [*Rating.choices, ("", _("Not rated yet"))]
        for topic in [*ANALYSIS_QUESTIONS, *CORE_THEMES]:
            self.fields[f"finding_{topic}"] = forms.CharField(
                label=_label(_("Finding"), topic.label), required=False, widget=textarea(3)
            )
            self.fields[f"rating_{topic}"] = forms.TypedChoiceField(
                label=_label(_("Rating"), topic.label),
                choices=rating_choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

        def topic_fieldset(topic):
            return Fieldset(
                _legend(topic.label, "fs-5"),
                Field(f"finding_{topic}"),
                InlineRadios(f"rating_{topic}"),
                css_class="topic border-start border-3 ps-3 mb-4",
            )

        self.helper = form_helper(_("Save analysis"))
        self.helper.layout = Layout(
            "version",
            Fieldset(_legend(_("The analysis")), "data_used", "strengths", "weaknesses", css_class="mb-4"),
            Fieldset(
                _legend(_("The six questions of the analysis")),
                *[topic_fieldset(topic) for topic in ANALYSIS_QUESTIONS],
                css_class="mb-4",
            ),
            Fieldset(
                _legend(_("Core themes")), *[topic_fieldset(topic) for topic in CORE_THEMES], css_class="mb-4"
            ),
        )

    @classmethod
    def initial_for(cls, analysis) -> dict:
        initial = super().initial_for(analysis)
        for finding in analysis.findings.all():
            initial[f"finding_{finding.topic}"] = finding.finding
            initial[f"rating_{finding.topic}"] = finding.rating if finding.rating is not None else ""
        return initial

    def findings(self) -> dict[str, tuple[str, int | None]]:
        data = self.cleaned_data
        return {
            topic.value: (data[f"finding_{topic}"].strip(), data[f"rating_{topic}"])
            for topic in [*ANALYSIS_QUESTIONS, *CORE_THEMES]
        }


class ClassVisitForm(ServiceForm):
    """A class visit, scored on every observation point."""

    object_fields = ("date", "group", "teacher_role", "remarks")

    date = DutchDateField(label=_("Date of the visit"))
    group = forms.TypedChoiceField(
        label=_("Group"),
        coerce=int,
        error_messages={"required": _("Choose the group that was visited.")},
    )
    teacher_role = forms.ChoiceField(
        label=_("Teacher"),
        choices=[("", _("Choose who taught the lesson")), *TeacherRole.choices],
        error_messages={"required": _("Choose who taught the lesson.")},
    )
    observer = forms.ModelChoiceField(
        label=_("Observer"),
        queryset=None,
        empty_label=_("Choose the observer"),
        error_messages={"required": _("Choose who observed the lesson.")},
        help_text=_("The education expert who observed the lesson."),
    )
    remarks = forms.CharField(label=_("General remarks"), required=False, widget=textarea())

    def __init__(self, *args, visit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observer"].queryset = _experts(visit.observer if visit else None)
        self.fields["group"].choices = [
            ("", _("Choose a group")),
            *[(group, _("Group %(number)s") % {"number": group}) for group in GROUPS],
        ]
        point_blocks = []
        for point in ObservationPoint:
            self.fields[f"score_{point}"] = forms.TypedChoiceField(
                label=point.label,
                choices=Rating.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a score from 1 to 4.")},
            )
            self.fields[f"remark_{point}"] = forms.CharField(
                label=_label(_("Remark"), point.label), required=False, widget=textarea(2)
            )
            point_blocks.append(
                Div(
                    InlineRadios(f"score_{point}"),
                    Field(f"remark_{point}"),
                    css_class="border-start border-3 ps-3 mb-3",
                )
            )
        self.helper = form_helper(_("Save class visit"))
        self.helper.layout = Layout(
            Field("date", css_class="w-auto"),
            Div(
                Div(Field("group"), css_class="col-sm-4"),
                Div(Field("teacher_role"), css_class="col-sm-8"),
                css_class="row",
            ),
            Field("observer"),
            Fieldset(
                _legend(_("Observations")),
                HTML(
                    format_html(
                        '<p class="form-text mt-0">{}</p>',
                        _("Score every point from 1 (poor) to 4 (good); add a remark where it helps."),
                    )
                ),
                *point_blocks,
            ),
            Field("remarks"),
        )

    @classmethod
    def initial_for(cls, visit) -> dict:
        initial = {**super().initial_for(visit), "observer": visit.observer_id}
        for observation in visit.observations.all():
            initial[f"score_{observation.point}"] = observation.score
            initial[f"remark_{observation.point}"] = observation.remark
        return initial

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "group": data["group"],
            "teacher_role": data["teacher_role"],
            "observer": data["observer"],
            "remarks": data["remarks"].strip(),
            "observations": {
                point.value: (data[f"score_{point}"], data[f"remark_{point}"].strip())
                for point in ObservationPoint
            },
        }


class InterviewForm(ServiceForm):
    object_fields = ("date", "partner", "summary")

    date = DutchDateField(label=_("Date of the interview"))
    partner = radio_choice_field(
        _("With whom"), InterviewPartner.choices, required=_("Choose with whom the interview was held.")
    )
    interviewer = forms.ModelChoiceField(
        label=_("Education expert"),
        queryset=None,
        empty_label=_("Choose the education expert"),
        help_text=_(
            "The education expert who held the interview with the school: the analysis is made together."
        ),
        error_messages={"required": _("Choose the education expert who held the interview.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=textarea(6),
        error_messages={"required": _("Write a short summary of the interview.")},
    )

    def __init__(self, *args, interview=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewer"].queryset = _experts(interview.interviewer if interview else None)
        self.helper = form_helper(_("Save interview"))
        self.helper.layout = Layout(Field("date", css_class="w-auto"), "partner", "interviewer", "summary")

    @classmethod
    def initial_for(cls, interview) -> dict:
        return {**super().initial_for(interview), "interviewer": interview.interviewer_id}

    def clean_summary(self) -> str:
        summary = self.cleaned_data["summary"].strip()
        if not summary:
            raise forms.ValidationError(_("Write a short summary of the interview."))
        return summary


class AttachmentForm(DocumentForm):
    description_hint = _("What the file holds, for example “Test results 2005–2008”.")
    button = _("Add attachment")


class AnalysisSubmitForm(SubmitForm):
    button = _("Submit analysis")


class AnalysisReviewForm(ReviewForm):
    decision_required = _("Choose whether you approve the analysis or return it.")
    comments_help = _(
        "Required when you return the analysis: what has to change. The school board reads them."
    )
    comments_rows = 6

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("decision") == ReviewDecision.RETURNED and not cleaned_data["comments"]:
            self.add_error(
                "comments", _("Write down what has to change before the analysis can be approved.")
            )
        return cleaned_data
