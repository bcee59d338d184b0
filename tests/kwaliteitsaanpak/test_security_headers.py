"""Headers (issue 13, ADR 11): a Content Security Policy without inline script or style, no-store for signed-in
pages and downloads, a Permissions-Policy, HTTPS behind a setting, and `check --deploy` clean with the production
settings. The template scan below is what keeps the CSP possible: a template with an inline script or a style
attribute fails it."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import SchoolFactory, UserFactory

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = REPO_ROOT / "templates"
# WeasyPrint's templates are rendered to PDF on the server, never served as HTML: they may style inline.
PDF_TEMPLATES = ("pdf/", "core/pdf_base.html")
APP_CODE = ("audits", "finance", "improvement_plans", "kwaliteitsaanpak", "monitoring", "schools")

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["'{]""", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
# Python that puts a style attribute on HTML (a table column's attrs, a widget's attrs, format_html).
PYTHON_STYLE = re.compile(r"""["']style["']\s*:|\sstyle=\\?["']""")


def served_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if not any(part in name for part in PDF_TEMPLATES):
            yield name, path.read_text(encoding="utf-8")


def inline_problems(source: str) -> list[str]:
    problems = []
    for attributes, body in SCRIPT_TAG.findall(source):
        if body.strip() and "application/json" not in attributes:
            problems.append(f"inline script: {body.strip()[:60]}")
    problems += [f"style attribute: {match.group(0)}" for match in STYLE_ATTRIBUTE.finditer(source)]
    problems += ["style element" for _match in STYLE_ELEMENT.finditer(source)]
    problems += [f"event handler attribute: {match.group(0)}" for match in EVENT_HANDLER.finditer(source)]
    return problems


def test_no_served_template_has_inline_script_or_style():
    found = {name: problems for name, source in served_templates() if (problems := inline_problems(source))}
    assert found == {}


def test_no_app_code_writes_a_style_attribute():
    found = []
    for app in APP_CODE:
        for path in sorted((REPO_ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if PYTHON_STYLE.search(line):
                    found.append(f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}")
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<div style="width: 5%">',
        "<style>p {}</style>",
        '<a onclick="go()">',
    ],
)
def test_the_scan_finds_inline_script_and_style(source):
    assert inline_problems(source)


def test_the_scan_allows_script_files_and_json_data():
    source = (
        '<script src="/static/x.js" defer></script><script type="application/json" id="d">{"a": 1}</script>'
    )
    assert inline_problems(source) == []


@pytest.fixture
def signed_in(client, db):
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    return client


def test_every_page_has_a_csp_without_inline_script_or_style(client, db):
    for response in (client.get("/inloggen/"), client.get("/", follow=True)):
        policy = response.headers["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_signed_in_pages_and_downloads_are_not_stored(signed_in):
    school = SchoolFactory()
    for url in (
        "/",
        "/scholen/",
        f"/scholen/{school.pk}/",
        "/scholen/?_export=csv",
        "/scholen/?_export=xlsx",
    ):
        response = signed_in.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers["Cache-Control"], url
        assert "private" in response.headers["Cache-Control"], url


def test_the_login_page_carries_the_policies_and_is_not_stored_either(client, db):
    response = client.get("/inloggen/")
    assert "no-store" in response.headers["Cache-Control"]  # Django's LoginView: never_cache
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_htmx_adds_no_inline_style_of_its_own(signed_in):
    assert "&quot;includeIndicatorStyles&quot;: false" in signed_in.get("/").content.decode() or (
        '"includeIndicatorStyles": false' in signed_in.get("/").content.decode()
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "9f3c1e7a5b2d8h4j6m0p",  # 40+ characters, many different ones
    "ALLOWED_HOSTS": "kwaliteitsaanpak.amsterdam.nl",
    "HTTPS": "1",
    "DATABASE_URL": "sqlite:////tmp/check-deploy.sqlite3",
}


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "kwaliteitsaanpak.settings",
        **env,
    }
    # Ignore a developer's .env: only the environment given here counts.
    prelude = (
        "import environ\nenviron.Env.read_env = staticmethod(lambda *args, **kwargs: None)\nimport django\n"
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        cwd=REPO_ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_with_the_production_settings_prints_no_warning():
    secret = "x7Gq2LwP9zR4tY8uB3nC6vM1kJ5hD0fS-aE_iO7pQ2wX9zL4rT6yU8"  # noqa: S105 (a test key)
    result = run_django(
        "from django.core.management import execute_from_command_line\n"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])\n",
        **{**PRODUCTION, "SECRET_KEY": secret},
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_https_turns_on_the_redirect_hsts_and_the_proxy_header():
    result = run_django(
        "django.setup()\nfrom django.conf import settings as s\n"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE)\n",
        **PRODUCTION,
    )
    assert result.stdout.split() == [
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "True",
        "True",
    ], result.stderr
    local = run_django(
        "django.setup()\nfrom django.conf import settings as s\n"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)\n",
        DEBUG="1",
    )
    assert local.stdout.split() == ["False", "0", "None"], local.stderr
