"""The programme's roles and what each role may do.

A role is a Django group; what a role may do is the set of permissions of its group. `ROLE_PERMISSIONS` below
is the one place that says which permissions each role has: `kwaliteitsaanpak.accounts.role_groups` applies it
on every `post_migrate` (also after a test's flush), creating missing groups and adding missing permissions,
never removing one (ADR 2). The data migrations that created the groups (`accounts/0003_create_role_groups`
and its successors in improvement_plans and finance) are history; a new permission for a role is added here,
not in a new migration.

Code checks permissions, never these names; the names are used only to put users into groups (demo data,
factories) and to show a user's role.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROGRAMME_STAFF = "Programmastaf (DMO)", _("Programme staff (DMO)")
    EDUCATION_EXPERT = "Onderwijsexpert", _("Education expert")
    FINANCIAL_EXPERT = "Financieel expert", _("Financial expert")
    EXPERT_GROUP = "Expertgroep", _("Expert group")
    SCHOOL_BOARD = "Schoolbestuur", _("School board")
    SCHOOL_DIRECTOR = "Schooldirecteur", _("School director")
    INSPECTION = "Inspectie", _("Inspection")
    MUNICIPALITY = "Gemeente (monitor)", _("Municipality (monitor)")


# Every role reads the school register; all but the school board see every school (a board sees its own).
READ_REGISTER = ("schools.view_school", "schools.view_schoolboard", "schools.view_inspectionverdict")
SEE_ALL_SCHOOLS = ("schools.view_all_schools",)

# Role → its permissions, "app_label.codename". Add-only: a name removed here is not taken from a group.
ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.PROGRAMME_STAFF: frozenset(
        (
            "monitoring.view_monitor",
            "monitoring.view_school_monitor",
            "monitoring.request_monitor_report",
            "improvement_plans.view_programmeround",
            "improvement_plans.add_programmeround",
            "improvement_plans.change_programmeround",
            "improvement_plans.manage_programme_round",
            "monitoring.view_indicatorvalue",
            "monitoring.view_benchmark",
            "monitoring.add_indicatorvalue",
            "monitoring.change_indicatorvalue",
            "monitoring.import_indicators",
            "monitoring.view_finalscoreimport",
            "monitoring.add_benchmark",
            "monitoring.change_benchmark",
            *READ_REGISTER,
            *SEE_ALL_SCHOOLS,
            "schools.add_school",
            "schools.change_school",
            "schools.add_schoolboard",
            "schools.change_schoolboard",
            "schools.import_register",
            "schools.view_registerimport",
            "schools.add_registerimport",
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "accounts.requires_second_factor",
            "accounts.reset_second_factor",
            "django_celery_beat.view_periodictask",
            "django_celery_beat.change_periodictask",
            "improvement_plans.view_trajectory",
            "improvement_plans.view_all_trajectories",
            "improvement_plans.add_trajectory",
            "improvement_plans.manage_trajectory",
            "improvement_plans.work_on_analysis",
            "improvement_plans.submit_analysis",
            "improvement_plans.write_internal_note",
            "improvement_plans.work_on_plan",
            "improvement_plans.submit_plan",
            "improvement_plans.start_plan_version",
            "finance.view_budget",
            "finance.work_on_budget",
            "finance.submit_budget",
            "finance.record_grant_decision",
            "finance.record_realisation",
            "finance.view_expert_costs",
            "finance.record_expert_costs",
            "finance.view_finance_totals",
            "improvement_plans.work_on_progress_report",
            "improvement_plans.submit_progress_report",
            "audits.record_visit",
            "audits.manage_actions",
            "audits.view_inspectionreview",
            "audits.view_all_inspection_reviews",
            "audits.view_interim_results",
            # The change history of records (issue 13, audit trail): staff only.
            "core.view_history",
        )
    ),
    Role.EDUCATION_EXPERT: frozenset(
        (
            "monitoring.view_school_monitor",
            "monitoring.view_indicatorvalue",
            "monitoring.view_benchmark",
            *READ_REGISTER,
            *SEE_ALL_SCHOOLS,
            "improvement_plans.view_trajectory",
            "improvement_plans.work_on_analysis",
            "improvement_plans.write_internal_note",
            "improvement_plans.act_as_education_expert",
            "improvement_plans.work_on_plan",
            "finance.view_budget",
            "improvement_plans.assess_progress_report",
            "audits.record_visit",
            "audits.manage_actions",
            "audits.work_on_audit",
            "audits.submit_audit",
            "audits.view_inspectionreview",
            "audits.view_interim_results",
        )
    ),
    Role.FINANCIAL_EXPERT: frozenset(
        (
            *READ_REGISTER,
            *SEE_ALL_SCHOOLS,
            "improvement_plans.view_trajectory",
            "improvement_plans.write_internal_note",
            "improvement_plans.act_as_financial_expert",
            "finance.view_budget",
            "finance.work_on_budget",
            "finance.submit_budget",
            "finance.record_realisation",
            "finance.view_expert_costs",
            "audits.view_inspectionreview",
        )
    ),
    # Whoever decides does not draw up what it decides on (ADR 2, separation of duties): the expert group reads,
    # approves, returns and audits; it holds no right to write an analysis, a plan, a budget or a new plan version
    # (taken away by `accounts/0005_separation_of_duties`). Its adoption of an audit that adjusts the plan starts
    # the new version as part of the decision; the board and its experts write it.
    Role.EXPERT_GROUP: frozenset(
        (
            "monitoring.view_monitor",
            "monitoring.view_school_monitor",
            "monitoring.request_monitor_report",
            "improvement_plans.view_programmeround",
            "monitoring.view_indicatorvalue",
            "monitoring.view_benchmark",
            *READ_REGISTER,
            *SEE_ALL_SCHOOLS,
            "improvement_plans.view_trajectory",
            "improvement_plans.view_all_trajectories",
            "accounts.requires_second_factor",
            "improvement_plans.review_analysis",
            "improvement_plans.write_internal_note",
            "improvement_plans.review_plan",
            "finance.view_budget",
            "finance.review_budget",
            "finance.view_expert_costs",
            "finance.view_finance_totals",
            "audits.work_on_audit",
            "audits.submit_audit",
            "audits.decide_audit",
            "audits.view_inspectionreview",
            "audits.view_all_inspection_reviews",
            "audits.view_interim_results",
        )
    ),
    Role.SCHOOL_BOARD: frozenset(
        (
            "monitoring.view_school_monitor",
            *READ_REGISTER,
            "improvement_plans.view_trajectory",
            "improvement_plans.add_trajectory",
            "improvement_plans.work_on_analysis",
            "improvement_plans.submit_analysis",
            "improvement_plans.work_on_plan",
            "improvement_plans.submit_plan",
            "finance.view_budget",
            "finance.record_realisation",
            "improvement_plans.work_on_progress_report",
            "improvement_plans.submit_progress_report",
            "audits.view_inspectionreview",
            "audits.view_interim_results",
            "audits.supply_interim_results",
            "audits.submit_interim_results",
        )
    ),
    # A school director works on the analysis, plan and progress reports of the one school they lead and supplies
    # its interim results; the board submits and stays accountable (`User.school` links the director).
    Role.SCHOOL_DIRECTOR: frozenset(
        (
            "monitoring.view_school_monitor",
            *READ_REGISTER,
            "improvement_plans.view_trajectory",
            "improvement_plans.work_on_analysis",
            "improvement_plans.work_on_plan",
            "improvement_plans.work_on_progress_report",
            "finance.view_budget",
            "audits.view_inspectionreview",
            "audits.view_interim_results",
            "audits.supply_interim_results",
        )
    ),
    Role.INSPECTION: frozenset(
        (
            *READ_REGISTER,
            *SEE_ALL_SCHOOLS,
            "schools.add_inspectionverdict",
            "schools.change_inspectionverdict",
            "audits.view_inspectionreview",
            "audits.view_all_inspection_reviews",
            "audits.view_interim_results",
            "audits.judge_interim_results",
            "audits.record_arrangement",
        )
    ),
    Role.MUNICIPALITY: frozenset(
        (
            "monitoring.view_monitor",
            "monitoring.view_school_monitor",
            "monitoring.request_monitor_report",
            "improvement_plans.view_programmeround",
            "monitoring.view_indicatorvalue",
            "monitoring.view_benchmark",
            *READ_REGISTER,
            *SEE_ALL_SCHOOLS,
            "finance.view_finance_totals",
            "audits.view_inspectionreview",
            "audits.view_all_inspection_reviews",
        )
    ),
}
