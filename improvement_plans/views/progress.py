"""The pages of the quarterly progress reports: the reports of a trajectory per quarter, one report with its
earlier submissions and comments, the one form to fill it in (every goal and measure, and a document), a document's
download and removal, the check before submitting, and the education expert's assessment.

Pages that change a report refuse while it cannot be changed: they send the user back to the report's page with a
message that says why (the services refuse as well).
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
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

from ..forms.progress import ProgressAssessForm, ProgressReportForm, ProgressSubmitForm
from ..models import ProgressReport, ProgressReportDocument
from ..selectors.progress import quarter_rows, report_state, report_with_everything
from ..services import progress as services
from ..services.progress import REPORT_PHASES
from .base import TrajectoryMixin


class ProgressReportListView(TrajectoryMixin, TemplateView):
    """Every quarter of the execution with its report's state, due date and a link (at most twelve rows)."""

    permission_required = "improvement_plans.view_trajectory"
    template_name = "improvement_plans/progress_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Progress reports"), rows=quarter_rows(self.trajectory), **kwargs
        )


class ReportMixin(TrajectoryMixin, SubmissionPageMixin):
    """`self.report` is the report of the URL's quarter of the URL's trajectory; 404 otherwise."""

    submission_context_name = "report"

    @cached_property
    def report(self) -> ProgressReport:
        report = get_object_or_404(self.trajectory.progress_reports.all(), quarter=self.kwargs["quarter"])
        report.trajectory = self.trajectory  # the permission checks read its prefetched experts
        return report

    @property
    def submission(self) -> ProgressReport:
        return self.report

    @cached_property
    def full_report(self) -> ProgressReport:
        report = report_with_everything(self.report)
        report.trajectory = self.trajectory
        return report

    def numbered_goals(self) -> list:
        return [(number, line.goal) for number, line in enumerate(self.full_report.goal_lines.all(), start=1)]


def report_can_change(trajectory, report: ProgressReport) -> bool:
    return trajectory.phase in REPORT_PHASES and report.is_editable


class EditableReportMixin(EditableGuardMixin):
    def submission_can_change(self) -> bool:
        return report_can_change(self.trajectory, self.report)

    def not_editable_message(self) -> str:
        if self.report.status == SubmissionStatus.SUBMITTED:
            return _(
                "The report has been submitted and is waiting for the education expert's assessment; it cannot be "
                "changed now."
            )
        if self.report.status == SubmissionStatus.APPROVED:
            return _("This report has been assessed as sufficient and can no longer be changed.")
        return _("The report cannot be changed in this phase of the trajectory.")


def _earlier_submissions(report: ProgressReport) -> list[dict]:
    """The decided submissions, newest first, each with its snapshot and its comments per goal (numbered as in
    the snapshot)."""
    items = []
    for review in report.reviews.all():
        if not review.decision:
            continue
        goals = review.snapshot.get("goals", [])
        numbers = {goal["goal"]: number for number, goal in enumerate(goals, start=1)}
        comments = [(numbers.get(comment.goal_id), comment.text) for comment in review.goal_comments.all()]
        items.append({"review": review, "snapshot": review.snapshot, "goal_comments": comments})
    return items


class ProgressReportDetailView(ReportMixin, TemplateView):
    permission_required = "improvement_plans.view_trajectory"
    template_name = "improvement_plans/progress_detail.html"

    def get_context_data(self, **kwargs):
        user, trajectory, report = self.request.user, self.trajectory, self.full_report
        reviews = list(report.reviews.all())
        last_decided = next((review for review in reviews if review.decision), None)
        returned = last_decided if report.is_returned else None
        comments = (
            {comment.goal_id: comment.text for comment in returned.goal_comments.all()} if returned else {}
        )
        editable = report_can_change(trajectory, report)
        goal_rows = [
            (number, line, comments.get(line.goal_id))
            for number, line in enumerate(report.goal_lines.all(), start=1)
        ]
        return super().get_context_data(
            page_title=_("Progress report, quarter %(quarter)s") % {"quarter": report.quarter},
            state=report_state(report),
            goal_rows=goal_rows,
            measure_lines=list(report.measure_lines.all()),
            documents=list(report.documents.all()),
            pending_review=next((review for review in reviews if not review.decision), None),
            returned_review=returned,
            earlier=_earlier_submissions(report),
            can_work=editable and user.has_perm("improvement_plans.work_on_progress_report", trajectory),
            can_submit=editable and user.has_perm("improvement_plans.submit_progress_report", trajectory),
            can_review=report.is_submitted
            and user.has_perm("improvement_plans.assess_progress_report", trajectory),
            today=timezone.localdate(),
            **kwargs,
        ) | {"report": report}


class ProgressReportEditView(ReportMixin, EditableReportMixin, ServiceFormMixin, FormView):
    """The one form for the whole report."""

    permission_required = "improvement_plans.work_on_progress_report"
    form_class = ProgressReportForm
    template_name = "improvement_plans/progress_form.html"
    page_title = gettext_lazy("Fill in the progress report")
    success_message = gettext_lazy("The progress report has been saved.")

    def get_form_kwargs(self):
        report = self.full_report
        return {
            **super().get_form_kwargs(),
            "goal_lines": report.goal_lines.all(),
            "measure_lines": report.measure_lines.all(),
            "can_submit": self.request.user.has_perm(
                "improvement_plans.submit_progress_report", self.trajectory
            ),
        }

    def get_initial(self):
        report = self.full_report
        return ProgressReportForm.initial_for(report, report.goal_lines.all(), report.measure_lines.all())

    def call_service(self, form):
        return services.progress_report_update(
            user=self.request.user, report=self.report, **form.service_arguments()
        )

    def get_success_url(self) -> str:
        if "check" in self.request.POST:
            return reverse(
                "improvement_plans:progress_report_submit", args=[self.trajectory.pk, self.report.quarter]
            )
        return self.submission_url

    def get_context_data(self, **kwargs):
        return super().get_context_data(documents=list(self.full_report.documents.all()), **kwargs)


class DocumentMixin:
    @cached_property
    def document(self) -> ProgressReportDocument:
        return get_object_or_404(
            self.report.documents.select_related("uploaded_by"), pk=self.kwargs["document_pk"]
        )


class ProgressDocumentDownloadView(DocumentMixin, ReportMixin, View):
    """The stored file, under its original name. Files live in private storage; only this page serves them."""

    permission_required = "improvement_plans.view_trajectory"

    def get(self, request, *args, **kwargs):
        document = self.document
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("The file of this document cannot be found.")) from error
        return FileResponse(handle, as_attachment=True, filename=document.original_filename)


class ProgressDocumentRemoveView(
    DocumentMixin, ReportMixin, EditableReportMixin, RemoveConfirmMixin, FormView
):
    permission_required = "improvement_plans.work_on_progress_report"
    template_name = "improvement_plans/progress_document_remove.html"
    page_title = gettext_lazy("Remove a document")
    success_message = gettext_lazy("The document has been removed from the report.")
    button = gettext_lazy("Remove document")

    def refuse(self):
        if self.document.uploaded_by_id != self.request.user.pk:
            messages.warning(self.request, _("Only the person who added this document can remove it."))
            return HttpResponseRedirect(self.submission_url)
        return None

    def call_service(self, form):
        services.progress_document_remove(user=self.request.user, document=self.document)
        return self.report

    def get_context_data(self, **kwargs):
        return super().get_context_data(document=self.document, **kwargs)


class ProgressReportSubmitView(ReportMixin, EditableReportMixin, SubmitViewMixin, FormView):
    """Check and confirm: what will be sent, what is still missing, and what happens next."""

    permission_required = "improvement_plans.submit_progress_report"
    form_class = ProgressSubmitForm
    template_name = "improvement_plans/progress_submit.html"
    page_title = gettext_lazy("Submit the progress report")
    success_message = gettext_lazy(
        "The progress report has been submitted. The education expert assesses it as sufficient or returns it to "
        "you with comments."
    )

    def submit(self, expected_version: int) -> None:
        services.progress_report_submit(
            user=self.request.user, report=self.report, expected_version=expected_version
        )

    def missing_parts(self) -> list:
        edit_url = reverse(
            "improvement_plans:progress_report_edit", args=[self.trajectory.pk, self.report.quarter]
        )
        return [(item, edit_url) for item in services.progress_report_missing_parts(self.report)]

    def get_context_data(self, **kwargs):
        report = self.full_report
        return super().get_context_data(
            goal_rows=[(number, line, None) for number, line in enumerate(report.goal_lines.all(), start=1)],
            measure_lines=list(report.measure_lines.all()),
            documents=list(report.documents.all()),
            **kwargs,
        ) | {"report": report}


class ProgressReportAssessView(ReportMixin, PendingReviewMixin, ServiceFormMixin, FormView):
    """The assigned education expert's assessment, with comments per goal."""

    permission_required = "improvement_plans.assess_progress_report"
    form_class = ProgressAssessForm
    template_name = "improvement_plans/progress_assess.html"
    page_title = gettext_lazy("Assess the progress report")
    nothing_to_review_message = gettext_lazy("There is no submitted progress report to assess.")
    decision_help = (
        gettext_lazy("Sufficient: the report is fixed and counts as this quarter's progress."),
        gettext_lazy(
            "Return with comments: the school board revises the report and submits it again. Write what has to "
            "change, in general and with the goals it concerns."
        ),
    )
    cancel_label = gettext_lazy("Cancel and go back to the report")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "goals": self.numbered_goals()}

    def call_service(self, form):
        decision, comments = form.cleaned_data["decision"], form.cleaned_data["comments"]
        if decision == ReviewDecision.APPROVED:
            self.success_message = _("The progress report has been assessed as sufficient.")
            services.progress_report_assess(user=self.request.user, report=self.report, comments=comments)
        else:
            self.success_message = _("The progress report has been returned to the school board.")
            services.progress_report_return(
                user=self.request.user,
                report=self.report,
                comments=comments,
                goal_comments=form.goal_comments(),
            )
        return self.report

    def get_context_data(self, **kwargs):
        report = self.full_report
        return (
            super().get_context_data(
                goal_rows=[
                    (number, line, None) for number, line in enumerate(report.goal_lines.all(), start=1)
                ],
                measure_lines=list(report.measure_lines.all()),
                documents=list(report.documents.all()),
                earlier=_earlier_submissions(report),
                **kwargs,
            )
            | self.review_context(report)
            | {"report": report, "earlier_reviews": []}
        )
