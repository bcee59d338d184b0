from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from improvement_plans.selectors import trajectory_overview_counts
from schools.selectors import school_overview_counts


class HomeView(LoginRequiredMixin, TemplateView):
    """The start page: who you are, what you can do here, and the register's headline numbers.

    It lives in monitoring, the app that may read every other app, as later issues add their numbers here.
    """

    template_name = "monitoring/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            counts=school_overview_counts(user), trajectory_counts=trajectory_overview_counts(user), **kwargs
        )
