from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The main navigation: label, URL name, the permission that shows it (None: every logged-in user).
NAVIGATION = [
    (_("Start"), "home", None),
    (_("Schools"), "schools:school_list", "schools.view_school"),
    (_("School boards"), "schools:board_list", "schools.view_schoolboard"),
    (_("Trajectories"), "improvement_plans:trajectory_list", "improvement_plans.view_trajectory"),
    (_("Finances"), "finance:overview", "finance.view_finance_overview"),
    (_("Audits"), "audits:audit_list", "improvement_plans.view_all_trajectories"),
    (_("Open actions"), "audits:action_overview", "audits.manage_actions"),
    (_("Interim results"), "audits:inspection_review_list", "audits.view_inspectionreview"),
    (_("Indicators"), "monitoring:indicator_list", "monitoring.view_indicatorvalue"),
    (_("Import register"), "schools:import_list", "schools.import_register"),
]


def navigation(request) -> dict:
    """The navigation items this user may see, with the current one marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for label, url_name, permission in NAVIGATION:
        if permission and not user.has_perm(permission):
            continue
        url = reverse(url_name)
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    if user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "current": False})
    return {"navigation": items}
