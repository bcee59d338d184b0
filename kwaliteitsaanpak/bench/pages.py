"""What the benchmark measures: the list pages beside the admin's list of the same model, the exports, the start page
per role, the detail pages and the PDFs.

A later part adds its page here. A page whose URL name does not resolve (yet) is reported as not available, not
as a failure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# The user a page is opened as, by the demo's e-mail address (`schools.demo.DEMO_USERS`).
STAFF = "dmo@kwaliteitsaanpak.example"
ROLES = [
    ("programme staff", STAFF),
    ("education expert", "expert@kwaliteitsaanpak.example"),
    ("financial expert", "financieel@kwaliteitsaanpak.example"),
    ("expert group", "expertgroep@kwaliteitsaanpak.example"),
    ("school board", "bestuur@kwaliteitsaanpak.example"),
    ("school director", "directeur@kwaliteitsaanpak.example"),
    ("inspection", "inspectie@kwaliteitsaanpak.example"),
    ("municipality", "gemeente@kwaliteitsaanpak.example"),
]


@dataclass(frozen=True)
class Page:
    """A page: its label, URL name and arguments (a function of the `Sample` of records), the query string, who
    opens it, and for a list the admin list of the same model ("app_label.model")."""

    label: str
    url_name: str
    args: Callable | None = None
    query: str = ""
    user: str = STAFF
    admin: str = ""
    group: str = "list"
    counts_queries: bool = True
    extra: dict = field(default_factory=dict)


def _school(sample):
    return [sample.school.pk]


def _board(sample):
    return [sample.largest_board.pk]


def _trajectory(sample):
    return [sample.trajectory.pk]


def _plan(sample):
    return [sample.plan.trajectory_id, sample.plan.number]


def _visit(sample):
    """The sample trajectory's latest visit (None, and the page is left out, when it has none)."""
    visit = sample.trajectory.expert_visits.order_by("-quarter").first()
    return [sample.trajectory.pk, visit.pk] if visit else None


def _inspection_review(sample):
    """The latest review of interim results of the sample school (None when it has none)."""
    review = sample.school.inspection_reviews.order_by("-school_year", "-pk").first()
    return [review.pk] if review else None


LISTS = [
    Page("schools", "schools:school_list", admin="schools.school"),
    Page("school boards", "schools:board_list", admin="schools.schoolboard"),
    Page("register imports", "schools:import_list", admin="schools.registerimport"),
    Page("trajectories", "improvement_plans:trajectory_list", admin="improvement_plans.trajectory"),
    Page("finances", "finance:overview", admin="finance.budget"),
    Page("audits", "audits:audit_list", admin="audits.audit"),
    Page("open actions", "audits:action_overview", admin="audits.stagnationaction"),
    Page("inspection reviews", "audits:inspection_review_list", admin="audits.inspectionreview"),
    Page(
        "supervision arrangements",
        "audits:inspection_arrangement_list",
        user="inspectie@kwaliteitsaanpak.example",
        admin="audits.supervisionarrangement",
    ),
    Page("indicator values", "monitoring:indicator_list", admin="monitoring.indicatorvalue"),
    Page("benchmarks", "monitoring:benchmark_list", admin="monitoring.benchmark"),
    Page("programme rounds", "monitoring:round_list", admin="improvement_plans.programmeround"),
    Page("monitor reports", "monitoring:report_list", admin="monitoring.monitorreport"),
    Page("my tasks", "monitoring:my_tasks"),
]

EXPORTS = [
    Page("schools CSV", "schools:school_list", query="_export=csv", group="export"),
    Page("schools XLSX", "schools:school_list", query="_export=xlsx", group="export"),
    Page("trajectories CSV", "improvement_plans:trajectory_list", query="_export=csv", group="export"),
    Page("trajectories XLSX", "improvement_plans:trajectory_list", query="_export=xlsx", group="export"),
    Page("finances XLSX", "finance:overview", query="_export=xlsx", group="export"),
    Page("indicator values CSV", "monitoring:indicator_list", query="_export=csv", group="export"),
]

DETAILS = [
    Page("school", "schools:school_detail", args=_school, group="detail"),
    Page("board of 700 schools", "schools:board_detail", args=_board, group="detail"),
    Page("trajectory", "improvement_plans:trajectory_detail", args=_trajectory, group="detail"),
    Page("plan", "improvement_plans:plan_detail", args=_plan, group="detail"),
    Page("plan PDF", "improvement_plans:plan_pdf", args=_plan, group="detail"),
    Page("plan history", "improvement_plans:plan_history", args=_plan, group="detail"),
    Page("visit history", "audits:visit_history", args=_visit, group="detail"),
    Page(
        "interim results history", "audits:inspection_review_history", args=_inspection_review, group="detail"
    ),
    Page("dashboard", "monitoring:dashboard", group="detail"),
    Page("school monitor", "monitoring:school_monitor", args=_school, group="detail"),
]

START_PAGES = [Page(f"start page, {role}", "home", user=email, group="start") for role, email in ROLES]

PAGES = [*LISTS, *EXPORTS, *DETAILS, *START_PAGES]
