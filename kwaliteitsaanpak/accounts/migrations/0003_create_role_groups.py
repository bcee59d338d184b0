"""Create one group per role and give it its permissions.

Roles are data: this migration is their starting point; later migrations add permissions as apps grow. The mapping
is written out here on purpose (migrations do not import app code); `tests/kwaliteitsaanpak/test_roles.py` checks
that every role of `kwaliteitsaanpak.accounts.roles.Role` exists.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ_REGISTER = [
    "schools.view_school",
    "schools.view_schoolboard",
    "schools.view_inspectionverdict",
]
SEE_ALL = ["schools.view_all_schools"]

ROLE_PERMISSIONS = {
    "Programmastaf (DMO)": READ_REGISTER
    + SEE_ALL
    + [
        "schools.add_school",
        "schools.change_school",
        "schools.add_schoolboard",
        "schools.change_schoolboard",
        "schools.import_register",
        "schools.view_registerimport",
        "schools.add_registerimport",
        "improvement_plans.view_trajectory",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "django_celery_beat.view_periodictask",
        "django_celery_beat.change_periodictask",
    ],
    "Onderwijsexpert": READ_REGISTER + SEE_ALL,
    "Financieel expert": READ_REGISTER + SEE_ALL,
    "Expertgroep": READ_REGISTER + SEE_ALL,
    "Schoolbestuur": READ_REGISTER,
    "Inspectie": READ_REGISTER
    + SEE_ALL
    + ["schools.add_inspectionverdict", "schools.change_inspectionverdict"],
    "Gemeente (monitor)": READ_REGISTER + SEE_ALL,
}


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so they can be assigned.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    assign_role_permissions(apps)


def assign_role_permissions(apps):
    """Create the role groups and give them their permissions (which must exist). Safe to run again."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, permission_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        for permission_name in permission_names:
            app_label, codename = permission_name.split(".")
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            group.permissions.add(permission)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_school_board"),
        ("schools", "0001_initial"),
        ("improvement_plans", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
