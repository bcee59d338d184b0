"""What every trajectory page shares: the trajectory from the URL, found within the user's scope.

`TrajectoryMixin` is this app's public view API: the pages of a higher app's step of a trajectory (finance's budget
pages, later the audits') start from it, so that every such page finds its trajectory, checks permissions and
answers 404 outside the user's scope the same way (ADR 7). Nothing else in `improvement_plans.views` is for other
apps."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from kwaliteitsaanpak.core.views import ProtectedView

from ..models import Trajectory


class TrajectoryMixin(ProtectedView):
    """`self.trajectory` is the trajectory of the URL's `pk`, or a 404 when the user may not see it (also when
    guessing). Permissions are checked against the trajectory; a role that lacks them altogether gets a 403."""

    @cached_property
    def trajectory(self) -> Trajectory:
        # The assigned experts are prefetched: every permission check on the page reads them.
        trajectories = (
            Trajectory.objects.visible_to(self.request.user)
            .select_related("school__board", "financial_expert", "analysis", "programme_round")
            .prefetch_related("education_experts")
        )
        return get_object_or_404(trajectories, pk=self.kwargs["pk"])

    def has_permission(self) -> bool:
        # A role without the permission at all gets a 403 before the trajectory is looked up; a role with it gets
        # a 404 for a trajectory outside its scope (from `self.trajectory`), and then the check on the object.
        user = self.request.user
        if not all(user.has_perm(permission) for permission in self.get_permission_required()):
            return False
        return super().has_permission()

    def get_permission_object(self):
        return self.trajectory

    def get_context_data(self, **kwargs):
        return super().get_context_data(trajectory=self.trajectory, **kwargs)
