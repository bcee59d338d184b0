"""Placeholder: being written now."""

from django.views import View


class AnalysisDetailView(View):
    pass


class AnalysisEditView(View):
    pass


class AnalysisReviewView(View):
    pass


class AnalysisSubmitView(View):
    pass


class AttachmentCreateView(View):
    pass


class AttachmentDownloadView(View):
    pass


class ClassVisitCreateView(View):
    pass


class ClassVisitUpdateView(View):
    pass


class InterviewCreateView(View):
    pass


class InterviewUpdateView(View):
    pass
