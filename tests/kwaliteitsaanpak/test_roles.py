"""The role groups are `ROLE_PERMISSIONS` of `kwaliteitsaanpak/accounts/roles.py`, after migrate and flush."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext

from kwaliteitsaanpak.accounts.role_groups import apply_role_permissions
from kwaliteitsaanpak.accounts.roles import ROLE_PERMISSIONS, Role

THE_MAP = {role.value: set(names) for role, names in ROLE_PERMISSIONS.items()}


def role_groups() -> dict[str, set[str]]:
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }


def test_every_role_is_in_the_map():
    assert set(ROLE_PERMISSIONS) == set(Role)


def test_the_map_names_only_permissions_that_exist(db):
    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    for role, names in ROLE_PERMISSIONS.items():
        assert names <= existing, (role, names - existing)


def test_the_groups_are_the_map(db):
    assert role_groups() == THE_MAP


def test_the_role_data_migrations_grant_nothing_beyond_the_map(db):
    """The old data migrations still run on a fresh database: what they grant must be in the map too."""
    loader = MigrationLoader(connection)
    ran = 0
    for migration in loader.disk_migrations.values():
        module = importlib.import_module(migration.__module__)
        if hasattr(module, "assign_role_permissions"):
            module.assign_role_permissions(apps)
            ran += 1
    assert ran >= 4
    # A permission taken from a role later is taken by a migration of its own (add-only map, ADR 2).
    for migration in loader.disk_migrations.values():
        module = importlib.import_module(migration.__module__)
        if hasattr(module, "withdraw_role_permissions"):
            module.withdraw_role_permissions(apps)
    assert role_groups() == THE_MAP


def test_applying_the_map_twice_changes_nothing(db):
    apply_role_permissions()
    before = role_groups()
    with CaptureQueriesContext(connection) as queries:
        apply_role_permissions()
    assert role_groups() == before == THE_MAP
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []


def test_missing_groups_and_permissions_are_added_and_nothing_is_removed(db):
    Group.objects.get(name=Role.INSPECTION).delete()
    staff = Group.objects.get(name=Role.PROGRAMME_STAFF)
    staff.permissions.remove(Permission.objects.get(codename="import_register"))
    municipality = Group.objects.get(name=Role.MUNICIPALITY)
    extra = Permission.objects.get(content_type__app_label="schools", codename="change_school")
    municipality.permissions.add(extra)

    apply_role_permissions()

    assert role_groups() == {
        **THE_MAP,
        Role.MUNICIPALITY.value: THE_MAP[Role.MUNICIPALITY] | {"schools.change_school"},
    }


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_groups_are_back():
    Group.objects.all().delete()

    call_command("flush", interactive=False, verbosity=0)

    assert role_groups() == THE_MAP
