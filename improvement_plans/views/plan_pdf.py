"""The printable plan document: any version of a trajectory's improvement plan as a PDF, for the board and the
expert group. The document itself is built in `improvement_plans.documents`."""

from django.shortcuts import get_object_or_404
from django.views import View

from kwaliteitsaanpak.core.pdf import pdf_download

from ..documents import plan_pdf, plan_pdf_filename
from .base import TrajectoryMixin


class PlanPdfView(TrajectoryMixin, View):
    """The PDF of one plan version, downloaded under a name that says which school and version it is."""

    permission_required = "improvement_plans.view_trajectory"

    def get(self, request, *args, **kwargs):
        plan = get_object_or_404(self.trajectory.plans.all(), number=self.kwargs["number"])
        return pdf_download(plan_pdf(plan), plan_pdf_filename(plan))
