"""Starting Django from the environment alone, in a subprocess with a clean environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Ignore a developer's .env: these tests are about the process environment only.
STARTUP = """
import json, environ
environ.Env.read_env = staticmethod(lambda *args, **kwargs: None)
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("check", verbosity=0)
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": settings.DATABASES["default"]["ENGINE"],
    "NAME": str(settings.DATABASES["default"]["NAME"]),
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
}))
"""


def start_django(**env: str) -> subprocess.CompletedProcess:
    clean_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "kwaliteitsaanpak.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", STARTUP],
        cwd=REPO_ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_start_without_secret_key_fails_loudly():
    result = start_django(DEBUG="0")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_start_without_secret_key_works_with_sqlite_default():
    result = start_django(DEBUG="1")

    assert result.returncode == 0, result.stderr
    started = json.loads(result.stdout.strip().splitlines()[-1])
    assert started["DEBUG"] is True
    assert started["ENGINE"] == "django.db.backends.sqlite3"
    assert started["NAME"] == str(REPO_ROOT / "db.sqlite3")
    assert started["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert started["EAGER"] is True  # no broker: tasks run in the request


def test_production_start_reads_database_and_broker_from_environment():
    result = start_django(
        DEBUG="0",
        SECRET_KEY="a-test-secret",
        ALLOWED_HOSTS="kwaliteitsaanpak.example.nl",
        DATABASE_URL="postgres://user:pw@db.example.nl:5432/kwaliteitsaanpak",
        CELERY_BROKER_URL="redis://redis.example.nl:6379/0",
    )

    assert result.returncode == 0, result.stderr
    started = json.loads(result.stdout.strip().splitlines()[-1])
    assert started["DEBUG"] is False
    assert started["ENGINE"] == "django.db.backends.postgresql"
    assert started["NAME"] == "kwaliteitsaanpak"
    assert started["ALLOWED_HOSTS"] == ["kwaliteitsaanpak.example.nl"]
    assert started["EAGER"] is False


def test_env_example_values_start_django():
    lines = (REPO_ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    example = dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    example.pop("POSTGRES_PASSWORD")  # only for docker compose

    result = start_django(**example)

    assert result.returncode == 0, result.stderr
    started = json.loads(result.stdout.strip().splitlines()[-1])
    assert started["DEBUG"] is True
    assert started["ENGINE"] == "django.db.backends.sqlite3"
    assert started["EAGER"] is True
