"""Give the roles their permissions on trajectories and analyses (see accounts/0003_create_role_groups)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Programmastaf (DMO)": [
        "view_trajectory",
        "view_all_trajectories",
        "add_trajectory",
        "manage_trajectory",
        "work_on_analysis",
        "submit_analysis",
        "write_internal_note",
    ],
    "Onderwijsexpert": ["view_trajectory", "work_on_analysis", "write_internal_note", "act_as_education_expert"],
    "Financieel expert": ["view_trajectory", "write_internal_note", "act_as_financial_expert"],
    "Expertgroep": ["view_trajectory", "view_all_trajectories", "review_analysis", "write_internal_note"],
    "Schoolbestuur": ["view_trajectory", "add_trajectory", "work_on_analysis", "submit_analysis"],
}


def create_role_permissions(apps, schema_editor):
    app_config = apps.get_app_config("improvement_plans")
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
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="improvement_plans", codename__in=codenames)
        )


def remove_role_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="improvement_plans"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_create_role_groups"),
        ("improvement_plans", "0002_trajectory_intake_experts_analysis"),
    ]

    operations = [migrations.RunPython(create_role_permissions, remove_role_permissions)]
