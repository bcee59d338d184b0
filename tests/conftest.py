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
    groups come from a data migration, which does not run again. This assigns them again as that migration does.
    """
    if not _is_transactional(request):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps
    from django.contrib.auth.models import Group

    if not Group.objects.exists():
        migration = importlib.import_module("kwaliteitsaanpak.accounts.migrations.0003_create_role_groups")
        migration.assign_role_permissions(apps)
