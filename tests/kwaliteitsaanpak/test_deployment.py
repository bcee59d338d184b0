"""The deployment files agree with each other and with settings.py."""

import re
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "beat")
SHARED_SETTINGS = {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL", "DEBUG"}
COMPOSE_ONLY_VARIABLES = {"POSTGRES_PASSWORD"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def command_of(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def environment_of(service: dict) -> dict:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return environment


def settings_variables() -> set[str]:
    source = (REPO_ROOT / "kwaliteitsaanpak" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", source))


def env_example_variables() -> list[str]:
    lines = (REPO_ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    return [
        line.split("=", 1)[0].strip() for line in lines if line.strip() and not line.lstrip().startswith("#")
    ]


def test_compose_has_all_services(compose):
    assert set(compose["services"]) >= {"web", "worker", "beat", "db", "redis"}


def test_service_commands(compose):
    services = compose["services"]
    assert command_of(services["web"]).startswith("gunicorn kwaliteitsaanpak.wsgi:application")
    assert "--bind 0.0.0.0:8000" in command_of(services["web"])
    assert command_of(services["worker"]).startswith("celery -A kwaliteitsaanpak worker")
    beat = command_of(services["beat"])
    assert beat.startswith("celery -A kwaliteitsaanpak beat")
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert "healthcheck" in services["db"] and "healthcheck" in services["redis"]


def test_migrations_run_before_the_app_starts(compose):
    services = compose["services"]
    migrations = [name for name, service in services.items() if "manage.py migrate" in command_of(service)]
    assert migrations, "no service runs `manage.py migrate`"
    for name in APP_SERVICES:
        assert set(migrations) & set(services[name].get("depends_on", {})) or name in migrations


def test_app_services_share_one_environment(compose):
    services = compose["services"]
    environments = [environment_of(services[name]) for name in APP_SERVICES]
    for name, environment in zip(APP_SERVICES, environments, strict=True):
        assert environment.keys() >= SHARED_SETTINGS, f"{name} misses {SHARED_SETTINGS - environment.keys()}"
        assert environment == environments[0], f"{name}'s settings differ from web's"
    web = environments[0]
    assert str(web["DEBUG"]) in {"0", "False", "false"}
    assert web["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in web["DATABASE_URL"]
    assert web["CELERY_BROKER_URL"].startswith("redis://redis:6379/")


def test_app_services_depend_on_db_and_redis(compose):
    services = compose["services"]
    for name in APP_SERVICES:
        depends_on = services[name].get("depends_on", {})
        assert {"db", "redis"} <= set(depends_on), f"{name} does not wait for db and redis"


def test_web_and_worker_share_private_media(compose):
    services = compose["services"]
    root = environment_of(services["web"])["PRIVATE_MEDIA_ROOT"]
    for name in ("web", "worker"):
        mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in services[name].get("volumes", [])}
        assert root in mounts, f"{name} has no volume at {root}"
        assert mounts[root] in compose["volumes"], f"{name}'s {root} is not a named volume"


def test_no_secrets_in_compose_file(compose):
    secret_names = ("SECRET_KEY", "POSTGRES_PASSWORD", "PASSWORD")
    for name, service in compose["services"].items():
        for key, value in environment_of(service).items():
            if any(secret in key for secret in secret_names):
                assert re.fullmatch(r"\$\{[A-Z_]+(:?[?-][^}]*)?\}", str(value)), (
                    f"{name}.{key} is not a ${{VAR}}"
                )
        database_url = environment_of(service).get("DATABASE_URL", "")
        if database_url:
            assert ":${POSTGRES_PASSWORD" in database_url, f"{name}.DATABASE_URL has a literal password"


def test_env_example_documents_exactly_what_settings_read():
    read_by_settings = settings_variables()
    documented = env_example_variables()
    assert len(documented) == len(set(documented)), "a variable is listed twice in .env.example"
    assert read_by_settings, "found no env reads in settings.py"
    assert set(documented) - COMPOSE_ONLY_VARIABLES == read_by_settings
    assert set(documented) >= COMPOSE_ONLY_VARIABLES


def test_env_example_variables_each_have_a_comment():
    lines = (REPO_ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            assert number > 0 and lines[number - 1].startswith("#"), f"no comment above {line!r}"


def test_dockerfile():
    dockerfile = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim-bookworm$", dockerfile, re.MULTILINE)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"):
        assert package in dockerfile
    assert "pip install -r requirements/base.txt" in dockerfile
    assert "collectstatic --no-input" in dockerfile
    user = re.findall(r"^USER (\S+)$", dockerfile, re.MULTILINE)
    assert user and user[-1] not in {"root", "0"}
    assert re.search(r"^EXPOSE 8000$", dockerfile, re.MULTILINE)
    assert "gunicorn" in dockerfile.split("\nCMD ", 1)[1]


def test_dockerignore_keeps_secrets_and_local_state_out():
    ignored = {line.strip() for line in (REPO_ROOT / ".dockerignore").read_text().splitlines()}
    assert {".env", ".venv", ".git", "db.sqlite3", "private-media"} <= ignored


@pytest.mark.django_db
def test_the_applications_connections_run_without_postgresql_jit():
    """ADR 20: compiling the start page's and the finance totals' queries cost more than it saved."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
