import importlib

import pytest

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def user_in_role(db):
    """Make a user in a role: `user_in_role(Role.INSPECTION)`."""

    def make(role: Role | None, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def staff_user(user_in_role):
    return user_in_role(Role.PROGRAMME_STAFF)


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests run with DEBUG off but without `collectstatic`: serve static files without the manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Uploaded files of a test go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def role_groups_after_flush(request):
    """Give transactional tests (browser, worker) the role groups back.

    Such a test ends by emptying every table; Django then recreates content types and permissions, but the role
    groups and their permissions come from data migrations, which do not run again. Every migration that defines
    `assign_role_permissions(apps)` is run once more, in migration order.
    """
    if not _is_transactional(request):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps
    from django.contrib.auth.models import Group

    if Group.objects.exists():
        return
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection)
    in_order: list[tuple[str, str]] = []
    for leaf in loader.graph.leaf_nodes():
        in_order += [key for key in loader.graph.forwards_plan(leaf) if key not in in_order]
    for key in in_order:
        module = (
            importlib.import_module(loader.disk_migrations[key].__module__)
            if key in loader.disk_migrations
            else None
        )
        if module is not None and hasattr(module, "assign_role_permissions"):
            module.assign_role_permissions(apps)
