"""The whole demo (`monitoring.demo.seed_demo`), seeded once for a test module inside a transaction that is rolled
back at the module's end; each test still runs in a savepoint of its own. Tests ask for `demo`."""

import time

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from monitoring.demo import seed_demo
from schools.demo import ensure_users


@pytest.fixture(scope="module")
def demo_media_root(tmp_path_factory):
    """The demo's uploaded files (progress report documents), kept for the whole module."""
    return tmp_path_factory.mktemp("demo") / "private-media"


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker, demo_media_root):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(MEDIA_ROOT=demo_media_root):
                started = time.monotonic()
                seed_demo()
                seconds = time.monotonic() - started
                users = ensure_users()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield {"seconds": seconds, "today": timezone.localdate(), "users": users}
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(seeded_demo, db, settings, demo_media_root):
    """The seeded demo inside this test's transaction: how long seeding took, today and the demo users by role."""
    settings.MEDIA_ROOT = demo_media_root
    return seeded_demo
