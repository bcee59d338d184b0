"""Every form of the project fed random and hostile input (Hypothesis): never a server error, and a refused form
changes nothing.

The forms are found through the access matrix (`test_access.py`): every row whose route takes a POST, once per
route, posted by the first role that may use it, on the matrix's world (built once for this module too). A test
below checks that every route with a POST handler has such a row, so a new form is fuzzed without a line here.

Each example starts from what the page itself fills in (`tests.access.plausible_post`: the edit version, the
selected options, a small PDF for a file), replaces some fields with hostile values (huge and negative numbers, ids
beyond bigint, NUL bytes, very long strings, right-to-left and astral unicode, HTML and script, impossible dates,
amounts with odd separators, empty) and posts it. Any 5xx fails (the test client raises the view's exception, which
Hypothesis then shrinks). An answer other than a redirect (the form again with its errors, a 4xx) must leave every
table and stored file as it was (`tests.fingerprint`). Every example runs in a savepoint that is rolled back, so an
accepted example does not change the next one's world.

Reproducible: `derandomize=True` (the same examples on every run, in CI too), no example database. The number of
random examples per form is `FUZZ_EXAMPLES` (default 6; the fixed hostile bodies below always run as well), small
enough for this 2-CPU machine; raise it for a deeper local run: `FUZZ_EXAMPLES=50 pytest tests/kwaliteitsaanpak/
test_fuzz_forms.py`.
"""

import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.access import ROLES, Page, client_of, fresh_files, plausible_form, takes_post
from tests.fingerprint import LOGIN_ATTEMPT_TABLES, changed_tables, database_fingerprint
from tests.kwaliteitsaanpak.test_access import (  # noqa: F401 (the matrix's world and its fixtures)
    ALL_PAGES,
    access_media_root,
    matrix,
    private_media_root,
    world,
)

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))

# Routes that are not fuzzed here, and why. Logging out takes no input. The matrix's users have no TOTP device, so
# nobody reaches the second step or its turning off (they are sent on, ADR 13): the second step's form
# (`SecondFactorCodeForm`) is fuzzed on the set-up page, and turning off is a confirmation without fields.
NOT_FUZZED = {
    "/uitloggen/",
    "/profiel/tweestapsverificatie/code/",
    "/profiel/tweestapsverificatie/uitzetten/",
}
# Pages whose refusal writes by design: a failed login its attempt (django-axes counts failures, ADR 11), a wrong
# code of the second step its throttle on the device (django-otp makes the next try wait, ADR 13).
RECORDS_FAILURES = {
    "/inloggen/": LOGIN_ATTEMPT_TABLES,
    "/profiel/tweestapsverificatie/": {"otp_totp_totpdevice"},
}

HOSTILE = [
    "",
    " ",
    "\t\n",
    "\x00",
    "a\x00b",
    str(10**30),
    str(-(10**30)),
    "-1",
    "0",
    "-0",
    str(2**63),  # one beyond bigint
    str(-(2**63) - 1),
    str(2**31),  # one beyond integer
    "9" * 400,
    "x" * 20_000,
    "1e309",
    "NaN",
    "Infinity",
    "-inf",
    "0x1F",
    "1_000",
    "1.234,56",
    "1,234.56",
    "€ 12.345,67",
    "12,,5",
    "12.345.678,9",
    "1 000,00",
    "٣٤٥",  # Arabic-Indic digits
    "31-02-2026",
    "00-00-0000",
    "2026-02-31",
    "31-12-9999",
    "01-01-0001",
    "99-99-99999",
    "29-02-2027",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    '=HYPERLINK("http://voorbeeld.invalid")',
    "{{ 7*7 }}",
    "%(school)s %s",
    "Ωμέγα 😀 \u202eRTL",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \ufeff\u200b",
    "../../etc/passwd",
    "[]",
    "null",
]

# Files that no upload should take for a server error: empty, an executable, a hostile name, a lying extension.
HOSTILE_FILES = [
    ("leeg.pdf", b""),
    ("programma.exe", b"MZ\x90\x00"),
    ("<script>.pdf", b"%PDF-1.4\n"),
    ("x" * 300 + ".pdf", b"%PDF-1.4\n"),
    ("../../geheim.pdf", b"%PDF-1.4\n"),
    ("plaatje.png", b"%PDF-1.4 geen plaatje\n"),
    ("tabel.csv", "naam;waarde\n\u0000;=1+1\n".encode()),
]

# Whole bodies that every form gets, besides the random ones: every field empty, a NUL byte, an id beyond bigint,
# an impossible date, and every field a different hostile value.
FIXED = {
    "empty": lambda names: dict.fromkeys(names, ""),
    "NUL": lambda names: dict.fromkeys(names, "\x00"),
    "beyond bigint": lambda names: dict.fromkeys(names, str(2**63)),
    "impossible date": lambda names: dict.fromkeys(names, "31-02-2026"),
    "mixed": lambda names: {
        name: HOSTILE[(index * 7 + 5) % len(HOSTILE)] for index, name in enumerate(names)
    },
}


def _route(url: str) -> str:
    """A matrix row's URL with its placeholders and ids as `<x>`, as `_post_routes` writes a route."""
    return re.sub(r"\{[a-z_]+\}|(?<=/)\d+(?=[/.])", "<x>", url.split("?")[0])


def _post_routes(patterns, prefix: str = ""):
    """Every route whose view has a POST handler, with its parameters as `<x>`."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin" or str(pattern.pattern).startswith("i18n"):
                continue
            yield from _post_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None and hasattr(view_class, "post"):
                yield re.sub(r"<[a-z]+:[a-z_]+>", "<x>", "/" + prefix + str(pattern.pattern))


def _user(page: Page):
    """Who fuzzes the page: the first role (anonymous first, then programme staff) that may use it."""
    return next((role for role in ROLES if page.may_use(role)), None)


def _fuzzed_pages() -> list[Page]:
    """One row per route that takes a POST and that some role may use, its first row."""
    pages, seen = [], set()
    for page in ALL_PAGES:
        route = _route(page.url)
        if (
            route in seen
            or not takes_post(route.replace("<x>", "1"))
            or _user(page) is None
            or page.allowed_status not in (200, 405)
        ):
            continue
        seen.add(route)
        pages.append(page)
    return pages


FUZZED = _fuzzed_pages()


def test_every_form_is_fuzzed():
    """A new form (any route with a POST handler) is fuzzed as soon as the access matrix has its row: a route that
    takes a POST and has no row some role may use fails here."""
    fuzzed = {_route(page.url) for page in FUZZED}
    assert set(_post_routes(get_resolver().url_patterns)) - NOT_FUZZED - fuzzed == set()


def _hostile_value(options: list[str]):
    values = [
        st.sampled_from(HOSTILE),
        st.text(max_size=60),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.dates().map(lambda day: day.strftime("%d-%m-%Y")),
    ]
    if options:
        values.append(st.sampled_from(options))
    return st.one_of(values)


def _hostile_file():
    return st.sampled_from(HOSTILE_FILES).map(lambda file: SimpleUploadedFile(file[0], file[1]))


@pytest.mark.parametrize("page", FUZZED, ids=lambda page: page.name)
def test_a_form_never_fails_and_a_refusal_changes_nothing(matrix, page):  # noqa: F811 (the imported fixture)
    users, objects = matrix
    url = page.url.format(**objects)
    base, options = plausible_form(users, objects, page)
    files = [name for name, value in base.items() if isinstance(value, SimpleUploadedFile)]
    fields = [name for name in base if name not in files and name != "csrfmiddlewaretoken"]
    client = client_of(users, _user(page))
    exclude = {
        table for prefix, tables in RECORDS_FAILURES.items() if url.startswith(prefix) for table in tables
    }
    before: dict = {}  # the fingerprint every example is compared with

    def post(changes: dict) -> None:
        body = fresh_files(base) | changes
        with transaction.atomic():
            if not before:
                before["state"] = database_fingerprint(exclude)
            response = client.post(url, body)
            assert response.status_code < 500, (response.status_code, changes)
            if not 300 <= response.status_code < 400:
                changed = changed_tables(before["state"], database_fingerprint(exclude))
                assert changed == [], (response.status_code, changes)
            elif "files" in changed_tables(before["state"], database_fingerprint(exclude)):
                before.clear()  # an accepted upload keeps its file (storage is not rolled back)
            transaction.set_rollback(True)

    for make in FIXED.values():
        post(make(fields) | {name: SimpleUploadedFile(*HOSTILE_FILES[0]) for name in files})

    changes = st.fixed_dictionaries(
        {},
        optional={
            **{name: _hostile_value(options.get(name, [])) for name in fields},
            **{name: _hostile_file() for name in files},
        },
    )

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(changes)
    def fuzz(changes):
        post(changes)

    fuzz()
