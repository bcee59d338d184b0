"""The spending pages of a trajectory: the approved budget against what was spent (per line, school year, funder
and quarter, each downloadable), the recorded quarters with their supporting documents, and the forms to record
a quarter, change it and add a document.

Spending is recorded against the approved budget while the school carries out its plan (execution and sustaining):
outside that, the recording pages send the user back to the spending page with a message that says why (the
services refuse as well).
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

from kwaliteitsaanpak.core.views import RemoveConfirmMixin, ServiceFormMixin

from .. import selectors, services
from ..constants import Quarter, quarters_between
from ..forms.realisation import RealisationDocumentForm, RealisationForm
from ..models import RealisationDocument, RealisationQuarter
from ..tables.realisation import (
    RealisationFunderTable,
    RealisationLineTable,
    RealisationQuarterTable,
    RealisationYearTable,
    funder_rows,
    line_rows,
    quarter_rows,
    year_rows,
)
from .base import FinanceMixin, TableExportMixin


class RealisationMixin(FinanceMixin):
    tab = "realisation"

    @cached_property
    def budget(self):
        """The approved budget, which spending is recorded against; None before the first approval."""
        return selectors.approved_budget(self.trajectory)

    @property
    def realisation_url(self) -> str:
        return reverse("finance:realisation", args=[self.trajectory.pk])

    def can_record(self) -> bool:
        return (
            self.trajectory.phase in services.SPENDING_PHASES
            and self.budget is not None
            and self.request.user.has_perm("finance.record_realisation", self.trajectory)
        )


class RealisationView(RealisationMixin, TableExportMixin, TemplateView):
    permission_required = "finance.view_budget"
    template_name = "finance/realisation.html"
    export_prefix = "besteding"

    @cached_property
    def overview(self):
        return selectors.realisation_overview(self.budget) if self.budget is not None else None

    def export_tables(self) -> dict:
        overview = self.overview
        if overview is None:
            return {}
        return {
            "regels": RealisationLineTable(line_rows(overview)),
            "schooljaren": RealisationYearTable(year_rows(overview)),
            "financiers": RealisationFunderTable(funder_rows(overview)),
            "kwartalen": RealisationQuarterTable(quarter_rows(overview)),
        }

    def get_context_data(self, **kwargs):
        context = {"heading": _("Spending"), "budget": self.budget, "can_record": self.can_record()}
        overview = self.overview
        if overview is not None:
            spent = dict(overview.per_quarter)
            quarters = selectors.realisation_quarters(self.trajectory)
            context.update(
                overview=overview,
                tables=self.export_tables(),
                quarters=[{"record": record, "spent": spent.get(record.period)} for record in quarters],
            )
        return super().get_context_data(**context, **kwargs)


class RecordingMixin:
    """For the pages that record spending (after a RealisationMixin): while it cannot be recorded, back to the
    spending page with a message that says why. Runs after the login and permission checks."""

    needs_budget = True

    def dispatch(self, request, *args, **kwargs):
        trajectory = self.trajectory
        message = None
        if trajectory.phase not in services.SPENDING_PHASES:
            message = _(
                "Spending is recorded while the school carries out its plan; this trajectory is in the phase "
                "“%(phase)s”."
            ) % {"phase": trajectory.get_phase_display()}
        elif self.needs_budget and self.budget is None:
            message = _(
                "Spending is recorded against the approved budget, and this trajectory has no approved budget yet."
            )
        if message:
            messages.warning(request, message)
            return HttpResponseRedirect(self.realisation_url)
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self) -> str:
        return f"{self.realisation_url}#kwartaal-{self.object.year}-{self.object.quarter}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.realisation_url, **kwargs)


class RealisationFormMixin(RealisationMixin, RecordingMixin, ServiceFormMixin):
    permission_required = "finance.record_realisation"
    form_class = RealisationForm
    template_name = "finance/realisation_form.html"
    record = None

    @cached_property
    def lines(self) -> list:
        return selectors.budget_lines(self.budget)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "lines": self.lines}

    def call_service(self, form):
        return services.realisation_save(
            user=self.request.user,
            trajectory=self.trajectory,
            quarter=self.quarter_of(form),
            amounts=form.amounts(),
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data.get("version"),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(budget=self.budget, record=self.record, **kwargs)


class RealisationCreateView(RealisationFormMixin, FormView):
    page_title = gettext_lazy("Record a quarter's spending")

    @cached_property
    def open_quarters(self) -> list[Quarter]:
        """The quarters that have begun within the trajectory and are not recorded yet, newest first."""
        first, last = services.reporting_quarters(self.trajectory)
        recorded = set(
            RealisationQuarter.objects.filter(trajectory=self.trajectory).values_list("year", "quarter")
        )
        return [
            quarter
            for quarter in reversed(quarters_between(first, last))
            if (quarter.year, quarter.number) not in recorded
        ]

    def get(self, request, *args, **kwargs):
        if not self.open_quarters:
            messages.info(
                request,
                _(
                    "The spending of every quarter so far has been recorded. To correct a quarter, choose "
                    "“Change” at that quarter."
                ),
            )
            return HttpResponseRedirect(self.realisation_url)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "quarters": self.open_quarters}

    def quarter_of(self, form) -> Quarter | None:
        return form.cleaned_data["quarter"]

    @property
    def success_message(self) -> str:
        return _(
            "The spending of %(quarter)s has been recorded. Add the invoices and statements that support it "
            "with “Add document”."
        ) % {"quarter": self.object.period}


class RealisationQuarterMixin:
    """`self.record` is the recorded quarter of the URL's year and quarter of this trajectory; 404 otherwise."""

    @cached_property
    def record(self) -> RealisationQuarter:
        quarters = self.trajectory.realisation_quarters.prefetch_related("entries")
        return get_object_or_404(quarters, year=self.kwargs["year"], quarter=self.kwargs["quarter"])


class RealisationUpdateView(RealisationQuarterMixin, RealisationFormMixin, FormView):
    @property
    def page_title(self) -> str:
        return _("Change the spending of %(quarter)s") % {"quarter": self.record.period}

    def get_initial(self):
        return RealisationForm.initial_for(self.record, self.lines)

    def quarter_of(self, form) -> Quarter:
        return self.record.period

    @property
    def success_message(self) -> str:
        return _("The spending of %(quarter)s has been changed.") % {"quarter": self.record.period}


class RealisationDocumentCreateView(
    RealisationQuarterMixin, RealisationMixin, RecordingMixin, ServiceFormMixin, FormView
):
    permission_required = "finance.record_realisation"
    form_class = RealisationDocumentForm
    template_name = "finance/realisation_document_form.html"
    needs_budget = False

    @property
    def page_title(self) -> str:
        return _("Add a document to %(quarter)s") % {"quarter": self.record.period}

    @property
    def success_message(self) -> str:
        return _("The document has been added to %(quarter)s.") % {"quarter": self.record.period}

    def call_service(self, form):
        services.realisation_document_add(
            user=self.request.user,
            realisation=self.record,
            file=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
        return self.record

    def get_context_data(self, **kwargs):
        return super().get_context_data(record=self.record, **kwargs)


class RealisationDocumentRemoveView(RealisationMixin, RecordingMixin, RemoveConfirmMixin, FormView):
    """Remove a supporting document added by mistake, after a confirmation; only its uploader may, while the
    quarter can still be corrected (the recording guard sends everyone back otherwise)."""

    permission_required = "finance.record_realisation"
    template_name = "finance/realisation_document_remove.html"
    page_title = gettext_lazy("Remove a supporting document")
    button = gettext_lazy("Remove document")
    needs_budget = False

    @cached_property
    def document(self) -> RealisationDocument:
        return get_object_or_404(
            RealisationDocument.objects.filter(realisation__trajectory=self.trajectory).select_related(
                "realisation", "uploaded_by"
            ),
            pk=self.kwargs["document_pk"],
        )

    def refuse(self):
        if self.document.uploaded_by_id != self.request.user.pk:
            messages.warning(self.request, _("Only the person who added this document can remove it."))
            return HttpResponseRedirect(self.realisation_url)
        return None

    @property
    def success_message(self) -> str:
        return _("The document has been removed from %(quarter)s.") % {
            "quarter": self.document.realisation.period
        }

    def call_service(self, form):
        services.realisation_document_remove(user=self.request.user, document=self.document)
        return self.document.realisation

    def get_context_data(self, **kwargs):
        return super().get_context_data(document=self.document, record=self.document.realisation, **kwargs)


class RealisationDocumentDownloadView(RealisationMixin, View):
    """A supporting document of this trajectory under its original name. Files live in private storage; only this
    page serves them."""

    permission_required = "finance.view_budget"

    def get(self, request, *args, **kwargs):
        document = get_object_or_404(
            RealisationDocument.objects.filter(realisation__trajectory=self.trajectory),
            pk=self.kwargs["document_pk"],
        )
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("The file of this document cannot be found.")) from error
        return FileResponse(handle, as_attachment=True, filename=document.original_filename)
