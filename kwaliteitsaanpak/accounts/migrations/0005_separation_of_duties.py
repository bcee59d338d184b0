"""Separation of duties: the expert group decides on budgets and plan versions, so it no longer draws them up.

`finance/0002` gave the expert group `work_on_budget` and `improvement_plans/0005` gave it `start_plan_version`;
the role map (`kwaliteitsaanpak/accounts/roles.py`) no longer lists them, and because the map is add-only (ADR 2)
this migration takes them from the group. Reversing gives them back.
"""

from django.db import migrations

EXPERT_GROUP = "Expertgroep"
WITHDRAWN = {
    "finance": ["work_on_budget"],
    "improvement_plans": ["start_plan_version"],
}


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.none()
    for app_label, codenames in WITHDRAWN.items():
        found |= Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    return found


def withdraw_role_permissions(apps):
    """Take the drawing-up permissions from the expert group (when the group exists). Safe to run again."""
    for group in apps.get_model("auth", "Group").objects.filter(name=EXPERT_GROUP):
        group.permissions.remove(*_permissions(apps))


def forwards(apps, schema_editor):
    withdraw_role_permissions(apps)


def backwards(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=EXPERT_GROUP):
        group.permissions.add(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_director_school_calendar_token_sent_reminders"),
        ("finance", "0002_finance_role_permissions"),
        ("improvement_plans", "0005_plan_role_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
