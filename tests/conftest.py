import pytest
from django.test.utils import override_settings

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


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """A quick password hash for the whole session, also for the worlds that module-scoped fixtures build before
    any test's own fixtures run (PBKDF2's million rounds cost about a third of a second per user made)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def second_factor_not_required(settings):
    """Two-step verification is not required in the suite (ADR 13); its own tests turn it on."""
    settings.TWO_FACTOR_REQUIRED = False


# The order the modules are handed out to the pytest-xdist workers in (`--dist loadscope --no-loadscope-reorder`,
# see the Makefile): a worker takes a whole module at a time, so the long ones go first and the many short ones fill
# up the end, and both workers finish at about the same time. Longest first: the browser walks (a test takes 10 to
# 60 s) and the modules marked `slow` (a real worker, a subprocess, a scratch database); then by number of tests.
LONG_RUNNING_MARKERS = ("e2e", "slow", "celery_worker")


def pytest_collection_modifyitems(config, items):
    modules: dict[str, list] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::", 1)[0], []).append(item)

    def long_running(module_items) -> bool:
        return any(
            item.get_closest_marker(marker) for item in module_items for marker in LONG_RUNNING_MARKERS
        )

    ordered = sorted(
        modules.values(), key=lambda module_items: (not long_running(module_items), -len(module_items))
    )
    items[:] = [item for module_items in ordered for item in module_items]
