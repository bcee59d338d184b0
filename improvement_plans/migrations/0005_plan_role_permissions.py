"""Give the roles their permissions on improvement plans (see accounts/0003_create_role_groups)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Programmastaf (DMO)": ["work_on_plan", "submit_plan", "start_plan_version"],
    "Onderwijsexpert": ["work_on_plan"],
    "Expertgroep": ["review_plan", "start_plan_version"],
    "Schoolbestuur": ["work_on_plan", "submit_plan"],
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
    codenames = {codename for codenames in ROLE_PERMISSIONS.values() for codename in codenames}
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="improvement_plans", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("improvement_plans", "0004_improvement_plans_goals_measures"),
        ("improvement_plans", "0003_trajectory_role_permissions"),
    ]

    operations = [migrations.RunPython(create_role_permissions, remove_role_permissions)]
