"""The pages of the Inspectie's half-yearly reviews of interim results and of the supervision arrangements, under
/inspectie/ (the Inspectie and the municipality do not open trajectory pages). A board sees its own schools' reviews
only (another board's is a 404); the municipality reads the judgements, never the figures per grade."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from kwaliteitsaanpak.core.dates import school_year_label, school_year_of
from kwaliteitsaanpak.core.forms import FilterFormHelper
from kwaliteitsaanpak.core.views import (
    EditableGuardMixin,
    FilteredTableView,
    PendingReviewMixin,
    ProtectedView,
    ServiceFormMixin,
    SubmissionPageMixin,
    SubmitViewMixin,
)
from kwaliteitsaanpak.core.workflow import ReviewDecision
from schools.models import School

from ..filters_inspection import ArrangementFilter, ReviewFilter
from ..forms.inspection import ArrangementForm, InterimResultsForm, InterimResultsSubmitForm, JudgementForm
from ..models import InspectionReview, SupervisionArrangement
from ..selectors import inspection as selectors
from ..services import inspection as services
from ..tables_inspection import ArrangementTable, ReviewTable


class ReviewListView(ProtectedView, FilteredTableView):
    permission_required = "audits.view_inspectionreview"
    filterset_class = ReviewFilter
    table_class = ReviewTable
    template_name = "audits/inspection_review_list.html"
    export_name = "tussenopbrengsten"

    def get_queryset(self):
        return selectors.reviews_for_list(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Interim results"), filter_helper=FilterFormHelper(), **kwargs
        )


class ReviewMixin(ProtectedView, SubmissionPageMixin):
    """`self.review` is the review of the URL's `pk` within the user's scope (404 otherwise). A role without the
    page's permission at all gets a 403 first; the permission's object is the review's trajectory, except for the
    review's own view permission."""

    submission_context_name = "review"

    @cached_property
    def review(self) -> InspectionReview:
        return get_object_or_404(selectors.review_for_page(self.request.user), pk=self.kwargs["pk"])

    @property
    def submission(self) -> InspectionReview:
        return self.review

    def has_permission(self) -> bool:
        user = self.request.user
        if not all(user.has_perm(permission) for permission in self.get_permission_required()):
            return False
        return super().has_permission()

    def get_permission_object(self):
        if self.get_permission_required() == ("audits.view_inspectionreview",):
            return self.review
        return self.review.trajectory

    def get_context_data(self, **kwargs):
        return super().get_context_data(trajectory=self.review.trajectory, **kwargs)


class ReviewDetailView(ReviewMixin, TemplateView):
    permission_required = "audits.view_inspectionreview"
    template_name = "audits/inspection_review_detail.html"

    def get_context_data(self, **kwargs):
        user, review = self.request.user, self.review
        trajectory = review.trajectory
        reviews = list(review.reviews.all())
        decided = [submission for submission in reviews if submission.decision]
        last = decided[0] if decided else None
        shows_figures = user.has_perm("audits.view_interim_results")
        editable = review.is_editable and trajectory.phase in services.REVIEW_PHASES
        return super().get_context_data(
            page_title=str(services.review_title(review)),
            shows_figures=shows_figures,
            grid=selectors.results_grid(review) if shows_figures else None,
            submissions=reviews,
            returned_review=last if last and last.decision == ReviewDecision.RETURNED else None,
            pending_review=next((submission for submission in reviews if not submission.decision), None),
            can_supply=editable and user.has_perm("audits.supply_interim_results", trajectory),
            can_submit=editable and user.has_perm("audits.submit_interim_results", trajectory),
            can_judge=review.is_submitted and user.has_perm("audits.judge_interim_results", trajectory),
            can_see_trajectory=user.has_perm("improvement_plans.view_trajectory", trajectory),
            overdue=editable and review.due_on < timezone.localdate(),
            **kwargs,
        )


def _not_editable_message(review: InspectionReview) -> str:
    if review.is_submitted:
        return _(
            "The interim results have been submitted and are waiting for the Inspectie; they cannot be changed now."
        )
    if review.is_approved:
        return _("The Inspectie has judged these interim results; they can no longer be changed.")
    return _("The interim results cannot be changed in this phase of the trajectory.")


class EditableReviewMixin(EditableGuardMixin):
    def submission_can_change(self) -> bool:
        return self.review.is_editable and self.review.trajectory.phase in services.REVIEW_PHASES

    def not_editable_message(self) -> str:
        return _not_editable_message(self.review)


class ResultsView(ReviewMixin, EditableReviewMixin, ServiceFormMixin, FormView):
    permission_required = "audits.supply_interim_results"
    form_class = InterimResultsForm
    template_name = "audits/inspection_results_form.html"
    page_title = gettext_lazy("Fill in the interim results")
    success_message = gettext_lazy("The interim results have been saved.")

    def get_initial(self):
        return InterimResultsForm.initial_for(self.review)

    def call_service(self, form):
        return services.interim_results_save(
            user=self.request.user,
            review=self.review,
            expected_version=form.cleaned_data["version"],
            results=form.grid(),
            school_remarks=form.cleaned_data["school_remarks"],
        )


class SubmitView(ReviewMixin, EditableReviewMixin, SubmitViewMixin, FormView):
    permission_required = "audits.submit_interim_results"
    form_class = InterimResultsSubmitForm
    template_name = "audits/inspection_submit.html"
    page_title = gettext_lazy("Submit the interim results")
    success_message = gettext_lazy(
        "The interim results have been submitted to the Inspectie. It judges them, or returns them when they are "
        "incomplete."
    )

    def submit(self, expected_version: int) -> None:
        services.interim_results_submit(
            user=self.request.user, review=self.review, expected_version=expected_version
        )

    def missing_parts(self) -> list:
        link = reverse("audits:inspection_results", args=[self.review.pk])
        return [(item, link) for item in services.interim_results_missing(self.review)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(grid=selectors.results_grid(self.review), **kwargs)


class JudgeView(ReviewMixin, PendingReviewMixin, ServiceFormMixin, FormView):
    permission_required = "audits.judge_interim_results"
    form_class = JudgementForm
    template_name = "audits/inspection_judge.html"
    page_title = gettext_lazy("Judge the interim results")
    nothing_to_review_message = gettext_lazy("There are no submitted interim results to judge.")
    decision_help = (
        gettext_lazy(
            "Judge: the results are sufficient or insufficient. The school, its board and the municipality read "
            "your judgement and note."
        ),
        gettext_lazy(
            "Return as incomplete: the school completes the results and its board submits them again."
        ),
    )
    cancel_label = gettext_lazy("Cancel and go back to the review")

    def call_service(self, form):
        data, user = form.cleaned_data, self.request.user
        if data["decision"] == ReviewDecision.APPROVED:
            review = services.interim_results_judge(
                user=user, review=self.review, judgement=data["judgement"], note=data["note"]
            )
            self.success_message = _("The interim results have been judged %(judgement)s.") % {
                "judgement": review.get_judgement_display().lower()
            }
            return review
        try:
            review = services.interim_results_return(user=user, review=self.review, comments=data["note"])
        except ValidationError as error:
            if hasattr(error, "error_dict") and "comments" in error.error_dict:
                raise ValidationError({"note": error.message_dict["comments"]}) from error
            raise
        self.success_message = _("The interim results have been returned to the school with your note.")
        return review

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            grid=selectors.results_grid(self.review), **kwargs
        ) | self.review_context(self.review)


# Supervision arrangements


class ArrangementListView(ProtectedView, FilteredTableView):
    permission_required = "audits.view_inspectionreview"
    filterset_class = ArrangementFilter
    table_class = ArrangementTable
    template_name = "audits/inspection_arrangement_list.html"
    export_name = "toezichtarrangementen"

    def get_queryset(self):
        return selectors.arrangements_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        school_year = school_year_of(timezone.localdate())
        can_record = self.request.user.has_perm("audits.record_arrangement")
        return super().get_context_data(
            page_title=_("Supervision arrangements"),
            filter_helper=FilterFormHelper(),
            can_record=can_record,
            current_year_label=school_year_label(school_year),
            without=list(selectors.schools_in_execution_without_arrangement(school_year))
            if can_record
            else [],
            **kwargs,
        )


class ArrangementMixin(ProtectedView):
    @cached_property
    def arrangement(self) -> SupervisionArrangement:
        return get_object_or_404(selectors.arrangements_visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_scope_object(self):
        return self.arrangement


class ArrangementDetailView(ArrangementMixin, TemplateView):
    permission_required = "audits.view_inspectionreview"
    template_name = "audits/inspection_arrangement_detail.html"

    def get_context_data(self, **kwargs):
        arrangement = self.arrangement
        history = list(arrangement.history.select_related("recorded_by").order_by("-history_date")[1:])
        return super().get_context_data(
            arrangement=arrangement,
            history=history,
            page_title=_("Supervision arrangement %(year)s")
            % {"year": school_year_label(arrangement.school_year)},
            can_record=self.request.user.has_perm("audits.record_arrangement"),
            **kwargs,
        )


class ArrangementFormMixin(ServiceFormMixin):
    form_class = ArrangementForm
    template_name = "audits/inspection_arrangement_form.html"
    success_message = gettext_lazy("The supervision arrangement has been recorded.")

    def call_service(self, form):
        data = form.cleaned_data
        return services.arrangement_record(
            user=self.request.user,
            school=data.get("school") or self.arrangement.school,
            school_year=data.get("school_year") or self.arrangement.school_year,
            arrangement=data["arrangement"],
            extra_supervision=data["extra_supervision"],
            note=data["note"],
            expected_recorded_at=data.get("recorded_at"),
        )

    def get_success_url(self) -> str:
        return reverse("audits:inspection_arrangement_detail", args=[self.object.pk])


class ArrangementCreateView(ProtectedView, ArrangementFormMixin, FormView):
    permission_required = "audits.record_arrangement"
    page_title = gettext_lazy("Record a supervision arrangement")

    def get_form_kwargs(self):
        schools = School.objects.filter(trajectories__ended_on__isnull=True).distinct().order_by("name")
        return {
            **super().get_form_kwargs(),
            "schools": schools,
            "school_years": services.arrangement_school_years(),
        }

    def get_initial(self):
        return {"school": self.request.GET.get("school"), "school_year": school_year_of(timezone.localdate())}

    def form_valid(self, form):
        existing = SupervisionArrangement.objects.filter(
            school=form.cleaned_data["school"], school_year=form.cleaned_data["school_year"]
        ).first()
        if existing is not None:
            form.add_error(
                None,
                _("This school already has an arrangement for this school year. Change that one instead."),
            )
            return self.form_invalid(form)
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("audits:inspection_arrangement_list"), **kwargs)


class ArrangementUpdateView(ArrangementMixin, ArrangementFormMixin, FormView):
    permission_required = "audits.record_arrangement"

    @property
    def page_title(self) -> str:
        return _("Change the supervision arrangement")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "schools": School.objects.none(),
            "school_years": [],
            "fixed": True,
        }

    def get_initial(self):
        arrangement = self.arrangement
        return {
            "arrangement": arrangement.arrangement,
            "extra_supervision": arrangement.extra_supervision,
            "note": arrangement.note,
            "recorded_at": arrangement.recorded_at,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            arrangement=self.arrangement,
            cancel_url=reverse("audits:inspection_arrangement_detail", args=[self.arrangement.pk]),
            **kwargs,
        )
