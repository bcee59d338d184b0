"""The printable plan document: any version of a trajectory's improvement plan as a PDF, for the board and the
expert group. The document itself is built in `improvement_plans.documents`."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View

from ..documents import plan_pdf, plan_pdf_filename
from .base import TrajectoryMixin


class PlanPdfView(TrajectoryMixin, View):
    """The PDF of one plan version, opened in the browser (inline) under a name that says which school and
    version it is."""

    permission_required = "improvement_plans.view_trajectory"

    def get(self, request, *args, **kwargs):
        plan = get_object_or_404(self.trajectory.plans.all(), number=self.kwargs["number"])
        response = HttpResponse(plan_pdf(plan), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{plan_pdf_filename(plan)}"'
        return response
