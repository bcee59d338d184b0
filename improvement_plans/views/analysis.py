"""The pages of the quality analysis: read it, change its text and findings, add class visits, interviews and
attachments, submit it to the expert group and (for the expert group) approve or return it.

Pages that change the analysis refuse while it is submitted or approved: they send the user back to the analysis
page with a message that says why (the services refuse as well).
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from kwaliteitsaanpak.core.views import (
    EditableGuardMixin,
    PendingReviewMixin,
    RemoveConfirmMixin,
    ServiceFormMixin,
    SubmissionPageMixin,
    SubmitViewMixin,
)
from kwaliteitsaanpak.core.workflow import ReviewDecision, SubmissionStatus

from .. import selectors, services
from ..constants import ANALYSIS_QUESTIONS, CORE_THEMES, ObservationPoint, Phase
from ..forms.analysis import (
    AnalysisForm,
    AnalysisReviewForm,
    AnalysisSubmitForm,
    AttachmentForm,
    ClassVisitForm,
    InterviewForm,
)
from ..models import (
    Analysis,
    AnalysisAttachment,
    ClassVisit,
    Interview,
    Trajectory,
)
from .base import TrajectoryMixin


class AnalysisMixin(TrajectoryMixin, SubmissionPageMixin):
    """`self.analysis` is the analysis of the URL's trajectory; 404 while the trajectory has none yet."""

    submission_context_name = "analysis"

    @cached_property
    def analysis(self) -> Analysis:
        analysis = selectors.analysis_of(self.trajectory)
        if analysis is None:
            raise Http404(_("This trajectory has no quality analysis yet."))
        return analysis

    @property
    def submission(self) -> Analysis:
        return self.analysis


def analysis_can_change(trajectory: Trajectory, analysis: Analysis) -> bool:
    return trajectory.phase == Phase.ANALYSIS and analysis.is_editable


def _not_editable_message(analysis: Analysis) -> str:
    if analysis.status == SubmissionStatus.SUBMITTED:
        return _(
            "The analysis has been submitted and is waiting for the expert group's decision; it cannot be changed now."
        )
    if analysis.status == SubmissionStatus.APPROVED:
        return _("This analysis has been approved and can no longer be changed.")
    return _("The analysis cannot be changed in this phase of the trajectory.")


class EditableAnalysisMixin(EditableGuardMixin):
    """For pages that change the analysis: while it cannot be changed, back to the analysis page with a message."""

    def submission_can_change(self) -> bool:
        return analysis_can_change(self.trajectory, self.analysis)

    def not_editable_message(self) -> str:
        return _not_editable_message(self.analysis)


def _ordered_findings(analysis: Analysis) -> tuple[list, list]:
    by_topic = {finding.topic: finding for finding in analysis.findings.all()}
    questions = [by_topic[topic] for topic in ANALYSIS_QUESTIONS if topic in by_topic]
    themes = [by_topic[topic] for topic in CORE_THEMES if topic in by_topic]
    return questions, themes


def _analysis_summary(analysis: Analysis, questions: list, themes: list) -> dict:
    findings = questions + themes
    return {
        "findings_answered": sum(finding.is_answered for finding in findings),
        "findings_total": len(findings),
        "visit_count": len(analysis.class_visits.all()),
        "interview_count": len(analysis.interviews.all()),
        "attachment_count": len(analysis.attachments.all()),
    }


class AnalysisDetailView(AnalysisMixin, TemplateView):
    permission_required = "improvement_plans.view_trajectory"
    template_name = "improvement_plans/analysis_detail.html"

    def get_context_data(self, **kwargs):
        user, trajectory = self.request.user, self.trajectory
        analysis = selectors.analysis_with_everything(self.analysis)
        questions, themes = _ordered_findings(analysis)
        editable = analysis_can_change(trajectory, analysis)
        visits = []
        for visit in analysis.class_visits.all():
            by_point = {observation.point: observation for observation in visit.observations.all()}
            scores = [by_point.get(point) for point in ObservationPoint]
            has_remarks = bool(visit.remarks) or any(score and score.remark for score in scores)
            visits.append({"visit": visit, "scores": scores, "has_remarks": has_remarks})
        reviews = list(analysis.reviews.all())
        decided = [review for review in reviews if review.decision]
        can_work = editable and user.has_perm("improvement_plans.work_on_analysis", trajectory)
        return super().get_context_data(
            questions=questions,
            themes=themes,
            visits=visits,
            observation_points=list(ObservationPoint),
            interviews=analysis.interviews.all(),
            attachments=analysis.attachments.all(),
            reviews=reviews,
            last_decision=decided[0] if decided else None,
            pending_review=next((review for review in reviews if not review.decision), None),
            summary=_analysis_summary(analysis, questions, themes),
            can_work=can_work,
            can_submit=editable and user.has_perm("improvement_plans.submit_analysis", trajectory),
            can_review=analysis.status == SubmissionStatus.SUBMITTED
            and user.has_perm("improvement_plans.review_analysis", trajectory),
            **kwargs,
        ) | {"analysis": analysis}


class AnalysisFormMixin(AnalysisMixin, EditableAnalysisMixin, ServiceFormMixin):
    """A page that changes the analysis while it can still be changed."""

    permission_required = "improvement_plans.work_on_analysis"


class AnalysisEditView(AnalysisFormMixin, FormView):
    form_class = AnalysisForm
    template_name = "improvement_plans/analysis_edit.html"
    page_title = gettext_lazy("Change the quality analysis")
    success_message = gettext_lazy("The analysis has been saved.")

    def get_initial(self):
        analysis = Analysis.objects.prefetch_related("findings").get(pk=self.analysis.pk)
        return AnalysisForm.initial_for(analysis)

    def call_service(self, form):
        data = form.cleaned_data
        return services.analysis_update(
            user=self.request.user,
            trajectory=self.trajectory,
            expected_version=data["version"],
            data_used=data["data_used"].strip(),
            strengths=data["strengths"].strip(),
            weaknesses=data["weaknesses"].strip(),
            findings=form.findings(),
        )


class ClassVisitFormMixin(AnalysisFormMixin):
    form_class = ClassVisitForm
    template_name = "improvement_plans/class_visit_form.html"
    visit = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "visit": self.visit}

    def call_service(self, form):
        return services.class_visit_save(
            user=self.request.user, trajectory=self.trajectory, visit=self.visit, **form.service_arguments()
        )


class ClassVisitCreateView(ClassVisitFormMixin, FormView):
    page_title = gettext_lazy("Add a class visit")
    success_message = gettext_lazy("The class visit has been added.")

    def get_initial(self):
        # An education expert usually records their own visit.
        if selectors.education_experts().filter(pk=self.request.user.pk).exists():
            return {"observer": self.request.user.pk}
        return {}


class ClassVisitUpdateView(ClassVisitFormMixin, FormView):
    page_title = gettext_lazy("Change a class visit")
    success_message = gettext_lazy("The class visit has been changed.")

    @cached_property
    def visit(self) -> ClassVisit:
        return get_object_or_404(
            ClassVisit.objects.filter(analysis=self.analysis)
            .select_related("observer")
            .prefetch_related("observations"),
            pk=self.kwargs["visit_pk"],
        )

    def get_initial(self):
        return ClassVisitForm.initial_for(self.visit)


class InterviewFormMixin(AnalysisFormMixin):
    form_class = InterviewForm
    template_name = "improvement_plans/interview_form.html"
    interview = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "interview": self.interview}

    def call_service(self, form):
        return services.interview_save(
            user=self.request.user, trajectory=self.trajectory, interview=self.interview, **form.cleaned_data
        )


class InterviewCreateView(InterviewFormMixin, FormView):
    page_title = gettext_lazy("Add an interview")
    success_message = gettext_lazy("The interview has been added.")

    def get_initial(self):
        if selectors.education_experts().filter(pk=self.request.user.pk).exists():
            return {"interviewer": self.request.user.pk}
        return {}


class InterviewUpdateView(InterviewFormMixin, FormView):
    page_title = gettext_lazy("Change an interview")
    success_message = gettext_lazy("The interview has been changed.")

    @cached_property
    def interview(self) -> Interview:
        return get_object_or_404(
            Interview.objects.filter(analysis=self.analysis).select_related("interviewer"),
            pk=self.kwargs["interview_pk"],
        )

    def get_initial(self):
        return InterviewForm.initial_for(self.interview)


class AttachmentCreateView(AnalysisFormMixin, FormView):
    form_class = AttachmentForm
    template_name = "improvement_plans/attachment_form.html"
    page_title = gettext_lazy("Add an attachment")
    success_message = gettext_lazy("The attachment has been added.")

    def call_service(self, form):
        return services.attachment_add(
            user=self.request.user, trajectory=self.trajectory, **form.cleaned_data
        )


class AttachmentDownloadView(AnalysisMixin, View):
    """The stored file, under its original name. Files live in private storage; only this page serves them."""

    permission_required = "improvement_plans.view_trajectory"

    def get(self, request, *args, **kwargs):
        attachment = get_object_or_404(self.analysis.attachments.all(), pk=self.kwargs["attachment_pk"])
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("The file of this attachment cannot be found.")) from error
        return FileResponse(handle, as_attachment=True, filename=attachment.original_filename)


class AttachmentRemoveView(AnalysisMixin, EditableAnalysisMixin, RemoveConfirmMixin, FormView):
    """Remove an attachment added by mistake, after a confirmation; only its uploader may, while the analysis can
    still change (the editable guard sends everyone else back to the analysis)."""

    permission_required = "improvement_plans.work_on_analysis"
    template_name = "improvement_plans/attachment_remove.html"
    page_title = gettext_lazy("Remove an attachment")
    success_message = gettext_lazy("The attachment has been removed from the analysis.")
    button = gettext_lazy("Remove attachment")

    @cached_property
    def attachment(self) -> AnalysisAttachment:
        return get_object_or_404(
            self.analysis.attachments.select_related("uploaded_by"), pk=self.kwargs["attachment_pk"]
        )

    def refuse(self):
        if self.attachment.uploaded_by_id != self.request.user.pk:
            messages.warning(self.request, _("Only the person who added this attachment can remove it."))
            return HttpResponseRedirect(self.submission_url)
        return None

    def call_service(self, form):
        services.attachment_remove(user=self.request.user, attachment=self.attachment)
        return self.analysis

    def get_success_url(self) -> str:
        return self.submission_url + "#attachments-heading"

    def get_context_data(self, **kwargs):
        return super().get_context_data(attachment=self.attachment, **kwargs)


class AnalysisSubmitView(AnalysisMixin, EditableAnalysisMixin, SubmitViewMixin, FormView):
    """Check and confirm: what will be sent, what is still missing, and what happens next."""

    permission_required = "improvement_plans.submit_analysis"
    form_class = AnalysisSubmitForm
    template_name = "improvement_plans/analysis_submit.html"
    page_title = gettext_lazy("Submit the quality analysis")
    success_message = gettext_lazy(
        "The analysis has been submitted to the expert group. The expert group approves it or returns it to you "
        "with comments."
    )

    @cached_property
    def full_analysis(self) -> Analysis:
        return selectors.analysis_with_everything(self.analysis)

    def submit(self, expected_version: int) -> None:
        services.analysis_submit(
            user=self.request.user, trajectory=self.trajectory, expected_version=expected_version
        )

    def missing_parts(self) -> list:
        """(what, link) pairs: the unanswered findings lead to the analysis form, the joint work that is missing
        to the form that records it."""
        pk = self.trajectory.pk
        edit_url = reverse("improvement_plans:analysis_edit", args=[pk])
        missing = [
            (_("a finding and a rating for %(topic)s") % {"topic": topic}, edit_url)
            for topic in services.analysis_missing_answers(self.full_analysis)
        ]
        links = {
            "class_visit": reverse("improvement_plans:class_visit_create", args=[pk]),
            "interview": reverse("improvement_plans:interview_create", args=[pk]),
        }
        missing += [
            (what, links[where]) for what, where in services.analysis_missing_joint_work(self.full_analysis)
        ]
        return missing

    def get_context_data(self, **kwargs):
        questions, themes = _ordered_findings(self.full_analysis)
        summary = _analysis_summary(self.full_analysis, questions, themes)
        return super().get_context_data(summary=summary, **kwargs)


class AnalysisReviewView(AnalysisMixin, PendingReviewMixin, ServiceFormMixin, FormView):
    """The expert group's decision on a submitted analysis."""

    permission_required = "improvement_plans.review_analysis"
    form_class = AnalysisReviewForm
    template_name = "improvement_plans/analysis_review.html"
    page_title = gettext_lazy("Review the quality analysis")
    nothing_to_review_message = gettext_lazy("There is no submitted analysis to judge.")
    decision_help = (
        gettext_lazy("Approve: the analysis is frozen and the trajectory moves on to the improvement plan."),
        gettext_lazy(
            "Return with comments: the school board changes the analysis and submits it again. Your comments stay visible on the analysis."
        ),
    )
    cancel_label = gettext_lazy("Cancel and go back to the analysis")

    def call_service(self, form):
        decision, comments = form.cleaned_data["decision"], form.cleaned_data["comments"]
        if decision == ReviewDecision.APPROVED:
            self.success_message = _(
                "The analysis has been approved. The trajectory moves on to the improvement plan."
            )
            return services.analysis_approve(
                user=self.request.user, trajectory=self.trajectory, comments=comments
            )
        self.success_message = _("The analysis has been returned to the school board.")
        return services.analysis_return(user=self.request.user, trajectory=self.trajectory, comments=comments)

    def get_context_data(self, **kwargs):
        analysis = selectors.analysis_with_everything(self.analysis)
        questions, themes = _ordered_findings(analysis)
        return (
            super().get_context_data(
                questions=questions,
                themes=themes,
                summary=_analysis_summary(analysis, questions, themes),
                **kwargs,
            )
            | self.review_context(analysis)
            | {"analysis": analysis}
        )
