from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from finance.models import Budget
from finance.selectors import finance_overview, programme_totals
from improvement_plans.selectors import trajectory_overview_counts
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from schools.selectors import school_overview_counts


def finance_figures(user) -> dict | None:
    """The money on the start page: the programme's totals for those who read every budget's totals (the
    municipality, staff, the expert group), and how many budgets wait for the expert group's judgement."""
    if not user.has_perm("finance.view_finance_overview"):
        return None
    figures = {"awaiting_review": None, "totals": None}
    if user.has_perm("finance.view_finance_totals"):
        figures["totals"] = programme_totals(finance_overview(user))
    if user.has_perm("finance.review_budget"):
        figures["awaiting_review"] = (
            Budget.objects.visible_to(user).filter(status=SubmissionStatus.SUBMITTED).count()
        )
    return figures


class HomeView(LoginRequiredMixin, TemplateView):
    """The start page: who you are, what you can do here, and the register's headline numbers.

    It lives in monitoring, the app that may read every other app, as later issues add their numbers here.
    """

    template_name = "monitoring/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            counts=school_overview_counts(user),
            trajectory_counts=trajectory_overview_counts(user),
            finance=finance_figures(user),
            **kwargs,
        )
