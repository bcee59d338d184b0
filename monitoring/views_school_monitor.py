"""The school monitor's page: one school, everything the programme knows of it (`monitoring.school_monitor`)."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from kwaliteitsaanpak.core.views import ProtectedView

from .school_monitor import school_monitor, schools_on_monitor


class SchoolMonitorView(ProtectedView, TemplateView):
    """Staff, the expert group and the municipality open any school; a board its own schools, a director their
    school, an education expert the schools of its trajectories: any other school is a 404, never a 403."""

    permission_required = "monitoring.view_school_monitor"
    template_name = "monitoring/school_monitor/detail.html"

    @cached_property
    def school(self):
        schools = schools_on_monitor(self.request.user).select_related("board")
        return get_object_or_404(schools, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            school=self.school,
            monitor=school_monitor(user, self.school),
            may_open_school=user.has_perm("schools.view_school"),
            **kwargs,
        )
