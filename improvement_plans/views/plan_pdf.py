"""Placeholder: being written now."""

from django.views import View


class PlanPdfView(View):
    pass
