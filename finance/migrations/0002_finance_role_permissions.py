"""Give the roles their permissions on budgets, spending and the experts' costs (see accounts/0003).

Only the financial expert, programme staff and the expert group change budgets; the board reads its own and records
what it spent; the municipality reads the totals of every budget (the finance overview), nothing more.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Programmastaf (DMO)": [
        "view_budget",
        "work_on_budget",
        "submit_budget",
        "record_grant_decision",
        "record_realisation",
        "view_expert_costs",
        "record_expert_costs",
        "view_finance_totals",
    ],
    "Onderwijsexpert": ["view_budget"],
    "Financieel expert": ["view_budget", "work_on_budget", "submit_budget", "record_realisation", "view_expert_costs"],
    "Expertgroep": ["view_budget", "work_on_budget", "review_budget", "view_expert_costs", "view_finance_totals"],
    "Schoolbestuur": ["view_budget", "record_realisation"],
    "Gemeente (monitor)": ["view_finance_totals"],
}


def create_role_permissions(apps, schema_editor):
    app_config = apps.get_app_config("finance")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    assign_role_permissions(apps)


def assign_role_permissions(apps):
    """Add the permissions to the role groups (which must exist). Safe to run again."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="finance", codename__in=codenames))


def remove_role_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="finance"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_create_role_groups"),
        ("finance", "0001_budgets_grants_realisation_expert_costs"),
    ]

    operations = [migrations.RunPython(create_role_permissions, remove_role_permissions)]
