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
    (_("Monitor"), "monitoring:dashboard", "monitoring.view_monitor"),
    (_("Indicators"), "monitoring:indicator_list", "monitoring.view_indicatorvalue"),
    (_("Import register"), "schools:import_list", "schools.import_register"),
]

# An item left out for whoever has the permission given: the monitor leads to the indicators, so who reads the
# monitor gets it in the indicators' place (the staff menu has no room for both).
REPLACED_FOR = {"monitoring:indicator_list": "monitoring.view_monitor"}


def navigation(request) -> dict:
    """The navigation items this user may see, with the current one marked; worked out once per request (a page
    renders more than one template with the request's context processors: django-tables2's table is one)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    cached = getattr(request, "_navigation", None)
    if cached is not None and cached[0] is user:
        return {"navigation": cached[1]}
    items = _items(request, user)
    request._navigation = (user, items)
    return {"navigation": items}


def _items(request, user) -> list[dict]:
    items = []
    for label, url_name, permission in NAVIGATION:
        if permission and not user.has_perm(permission):
            continue
        if url_name in REPLACED_FOR and user.has_perm(REPLACED_FOR[url_name]):
            continue
        url = reverse(url_name)
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    if user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "current": False})
    return items
