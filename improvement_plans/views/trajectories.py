"""Placeholder: being written now."""

from django.views import View


class AssignExpertsView(View):
    pass


class IntakeOutcomeView(View):
    pass


class IntakeScheduleView(View):
    pass


class NoteCreateView(View):
    pass


class TrajectoryDetailView(View):
    pass


class TrajectoryListView(View):
    pass


class TrajectoryRegisterView(View):
    pass


class TrajectoryWithdrawView(View):
    pass
