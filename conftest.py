"""Root conftest: registers the test plugins (real Celery worker, browser). Fixtures live in tests/conftest.py."""

pytest_plugins = ["tests.celery_worker", "tests.e2e.browser"]
