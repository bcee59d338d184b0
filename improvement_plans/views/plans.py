"""Placeholder: being written now."""

from django.views import View


class PlanLatestView(View):
    pass


class PlanCreateView(View):
    pass


class PlanNewVersionView(View):
    pass


class PlanDetailView(View):
    pass


class PlanAgreementsView(View):
    pass


class GoalCreateView(View):
    pass


class GoalUpdateView(View):
    pass


class GoalRemoveView(View):
    pass


class MeasureCreateView(View):
    pass


class MeasureUpdateView(View):
    pass


class MeasureRemoveView(View):
    pass


class PlanSubmitView(View):
    pass


class PlanReviewView(View):
    pass


class PlanCompareView(View):
    pass
