"""The pages of the audits: one audit of a trajectory (read, start drawing it up, change, submit, adopt or return,
its PDF) and the overview of every audit for programme staff and the expert group.

The school board, its director and the financial expert read an audit once the expert group has adopted it; before
that its page says when it is planned and who draws it up (see `selectors.audits.sees_audit_drafts`).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from improvement_plans.constants import Phase
from improvement_plans.views.base import TrajectoryMixin
from kwaliteitsaanpak.core.pdf import pdf_download
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

from ..documents import audit_pdf, audit_pdf_filename
from ..filters_audits import AuditFilter, AuditFilterFormHelper
from ..forms.audits import AuditForm, AuditReviewForm, AuditSubmitForm
from ..models import Audit
from ..selectors import audits as selectors
from ..services import audits as services
from ..tables_audits import AuditTable


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


class AuditMixin(TrajectoryMixin, SubmissionPageMixin):
    """`self.audit` is the audit of the URL's `audit_pk` of the URL's trajectory; 404 otherwise."""

    submission_context_name = "audit"

    @cached_property
    def audit(self) -> Audit:
        return get_object_or_404(self.trajectory.audits.select_related("plan"), pk=self.kwargs["audit_pk"])

    @property
    def submission(self) -> Audit:
        return self.audit

    @cached_property
    def full_audit(self) -> Audit:
        return selectors.audit_with_everything(self.audit)

    def numbered_lines(self) -> list:
        return list(enumerate(self.full_audit.goal_judgements.all(), start=1))


def audit_can_change(trajectory, audit: Audit) -> bool:
    return trajectory.phase == Phase.EXECUTION and audit.is_editable and audit.plan_id is not None


def _not_editable_message(trajectory, audit: Audit) -> str:
    if audit.is_submitted:
        return _(
            "The audit has been submitted and is waiting for the expert group; it cannot be changed now."
        )
    if audit.is_approved:
        return _("The expert group has adopted this audit; it can no longer be changed.")
    if audit.plan_id is None:
        return _("Start drawing up the audit first.")
    return _("The audit cannot be changed in this phase of the trajectory.")


class EditableAuditMixin(EditableGuardMixin):
    def submission_can_change(self) -> bool:
        return audit_can_change(self.trajectory, self.audit)

    def not_editable_message(self) -> str:
        return _not_editable_message(self.trajectory, self.audit)


class AuditDetailView(AuditMixin, TemplateView):
    permission_required = "improvement_plans.view_trajectory"
    template_name = "audits/audit_detail.html"

    def get_context_data(self, **kwargs):
        user, trajectory, audit = self.request.user, self.trajectory, self.full_audit
        today = timezone.localdate()
        readable = selectors.readable_audit(audit, user)
        reviews = list(audit.reviews.all())
        decided = [review for review in reviews if review.decision]
        last = decided[0] if decided else None
        editable = audit_can_change(trajectory, audit)
        return super().get_context_data(
            readable=readable,
            lines=self.numbered_lines() if readable else [],
            reviews=reviews if readable else [],
            returned_review=last if last and last.decision == ReviewDecision.RETURNED else None,
            pending_review=next((review for review in reviews if not review.decision), None),
            state=selectors.audit_state_label(audit),
            overdue=selectors.is_overdue(audit, today),
            opens_on=services.audit_opens_on(audit),
            effect=selectors.decision_effect(audit),
            can_start=audit.plan_id is None
            and audit.is_editable
            and trajectory.phase == Phase.EXECUTION
            and services.audit_opens_on(audit) <= today
            and user.has_perm("audits.work_on_audit", trajectory),
            can_work=editable and user.has_perm("audits.work_on_audit", trajectory),
            can_submit=editable and user.has_perm("audits.submit_audit", trajectory),
            can_review=audit.is_submitted
            and trajectory.phase == Phase.EXECUTION
            and user.has_perm("audits.decide_audit", trajectory),
            **kwargs,
        ) | {"audit": audit}


class AuditStartView(AuditMixin, View):
    """Start drawing up the audit (a POST from the audit's page): the audited plan version is fixed."""

    permission_required = "audits.work_on_audit"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.audit_start(user=request.user, audit=self.audit)
        except ValidationError as error:
            messages.warning(request, _message(error))
            return HttpResponseRedirect(self.audit.get_absolute_url())
        messages.success(
            request, _("The audit has been started. Judge each goal of the plan and propose a decision.")
        )
        return HttpResponseRedirect(reverse("audits:audit_edit", args=[self.trajectory.pk, self.audit.pk]))


class AuditEditView(AuditMixin, EditableAuditMixin, ServiceFormMixin, FormView):
    permission_required = "audits.work_on_audit"
    form_class = AuditForm
    template_name = "audits/audit_edit.html"
    page_title = gettext_lazy("Draw up the audit")
    success_message = gettext_lazy("The audit has been saved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "lines": self.numbered_lines(),
            "decisions": services.allowed_decisions(self.audit),
        }

    def get_initial(self):
        audit = self.audit
        return {
            "version": audit.version,
            "held_on": audit.held_on,
            "overall_judgement": audit.overall_judgement,
            "conclusion": audit.conclusion,
            "decision": audit.decision,
            "decision_justification": audit.decision_justification,
        }

    def call_service(self, form):
        data = form.cleaned_data
        return services.audit_update(
            user=self.request.user,
            audit=self.audit,
            expected_version=data["version"],
            held_on=data["held_on"],
            goal_judgements=form.goal_judgements(),
            overall_judgement=data["overall_judgement"],
            conclusion=data["conclusion"],
            decision=data["decision"],
            decision_justification=data.get("decision_justification", ""),
        )


class AuditSubmitView(AuditMixin, EditableAuditMixin, SubmitViewMixin, FormView):
    """Check and confirm: what will be sent, what is still missing, and what happens next."""

    permission_required = "audits.submit_audit"
    form_class = AuditSubmitForm
    template_name = "audits/audit_submit.html"
    page_title = gettext_lazy("Submit the audit")
    success_message = gettext_lazy(
        "The audit has been submitted to the expert group. The expert group adopts it, and with it the decision, "
        "or returns it with comments."
    )

    def submit(self, expected_version: int) -> None:
        services.audit_submit(user=self.request.user, audit=self.audit, expected_version=expected_version)

    def missing_parts(self) -> list:
        edit = reverse("audits:audit_edit", args=[self.trajectory.pk, self.audit.pk])
        return [(item, edit) for item in services.audit_missing_parts(self.full_audit)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lines=self.numbered_lines(), effect=selectors.decision_effect(self.audit), **kwargs
        ) | {"audit": self.full_audit}


class AuditReviewView(AuditMixin, PendingReviewMixin, ServiceFormMixin, FormView):
    """The expert group adopts the audit (and with it its decision) or returns it with comments."""

    permission_required = "audits.decide_audit"
    form_class = AuditReviewForm
    template_name = "audits/audit_review.html"
    page_title = gettext_lazy("Adopt the audit")
    nothing_to_review_message = gettext_lazy("There is no submitted audit to decide on.")
    decision_help = (
        gettext_lazy("Adopt: the audit is fixed and its decision is carried out at once."),
        gettext_lazy(
            "Return with comments: the education experts change the audit and submit it again. Write what has to "
            "change."
        ),
    )
    cancel_label = gettext_lazy("Cancel and go back to the audit")

    def call_service(self, form):
        decision, comments = form.cleaned_data["decision"], form.cleaned_data["comments"]
        if decision == ReviewDecision.APPROVED:
            audit = services.audit_adopt(user=self.request.user, audit=self.audit, comments=comments)
            self.success_message = _("The audit has been adopted. %(effect)s") % {
                "effect": selectors.decision_effect(audit)
            }
            return audit
        self.success_message = _("The audit has been returned to the education experts.")
        return services.audit_return(user=self.request.user, audit=self.audit, comments=comments)

    def get_context_data(self, **kwargs):
        audit = self.full_audit
        return (
            super().get_context_data(
                lines=self.numbered_lines(), effect=selectors.decision_effect(audit), **kwargs
            )
            | self.review_context(audit)
            | {"audit": audit}
        )


class AuditPdfView(AuditMixin, View):
    """The audit report as a PDF, for whoever may read the audit."""

    permission_required = "improvement_plans.view_trajectory"

    def get(self, request, *args, **kwargs):
        if not selectors.readable_audit(self.audit, request.user):
            raise Http404(_("This audit has not been adopted yet."))
        return pdf_download(audit_pdf(self.full_audit), audit_pdf_filename(self.audit))


class AuditListView(ProtectedView, FilteredTableView):
    """Every audit, for programme staff and the expert group: what is planned, late, waiting for adoption."""

    permission_required = "improvement_plans.view_all_trajectories"
    filterset_class = AuditFilter
    table_class = AuditTable
    template_name = "audits/audit_list.html"
    export_name = "audits"

    def get_queryset(self):
        return selectors.audit_overview(self.request.user).order_by("planned_on", "trajectory__school__name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Audits"), filter_helper=AuditFilterFormHelper(), **kwargs
        )
