"""The access matrix: every page × every role (and anonymous) → the status a user gets.

Written as data so later issues add their pages as rows. `OWN` objects belong to the board of the board user;
`OTHER` objects to another board, which a board user must not reach even by guessing the URL (404).
"""

import re
from dataclasses import dataclass, field

import pytest
from django.urls import URLResolver, get_resolver, reverse

from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import ImportKind
from schools.models import RegisterImport
from tests.factories import InspectionVerdictFactory, SchoolBoardFactory, SchoolFactory, UserFactory

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *Role]


@dataclass
class Page:
    name: str
    url: str  # a format string filled from the objects of the `world` fixture
    allowed: set = field(default_factory=set)  # roles that get 200; anonymous gets 302 unless listed
    hidden_from_board: bool = False  # 404 for the board user instead of 403
    default_denied: int = 403

    def expected(self, role) -> int:
        if role in self.allowed:
            return 200
        if role == ANONYMOUS:
            return 302
        if role == Role.SCHOOL_BOARD and self.hidden_from_board:
            return 404
        return self.default_denied


EVERY_ROLE = set(Role)
STAFF = {Role.PROGRAMME_STAFF}
INSPECTION = {Role.INSPECTION}

PAGES = [
    Page("home", "/", EVERY_ROLE),
    Page("login", "/inloggen/", {ANONYMOUS}, default_denied=302),
    Page("school list", "/scholen/", EVERY_ROLE),
    Page("school list export", "/scholen/?_export=xlsx", EVERY_ROLE),
    Page("school of own board", "/scholen/{own_school}/", EVERY_ROLE),
    Page(
        "school of other board",
        "/scholen/{other_school}/",
        EVERY_ROLE - {Role.SCHOOL_BOARD},
        hidden_from_board=True,
    ),
    Page("add school", "/scholen/nieuw/", STAFF),
    Page("change school of own board", "/scholen/{own_school}/wijzigen/", STAFF),
    Page("change school of other board", "/scholen/{other_school}/wijzigen/", STAFF, hidden_from_board=True),
    Page("record verdict, own board", "/scholen/{own_school}/oordeel/", INSPECTION),
    Page(
        "record verdict, other board", "/scholen/{other_school}/oordeel/", INSPECTION, hidden_from_board=True
    ),
    Page("change verdict, own board", "/oordelen/{own_verdict}/wijzigen/", INSPECTION),
    Page(
        "change verdict, other board",
        "/oordelen/{other_verdict}/wijzigen/",
        INSPECTION,
        hidden_from_board=True,
    ),
    Page("board list", "/besturen/", EVERY_ROLE),
    Page("own board", "/besturen/{own_board}/", EVERY_ROLE),
    Page("other board", "/besturen/{other_board}/", EVERY_ROLE - {Role.SCHOOL_BOARD}, hidden_from_board=True),
    Page("add board", "/besturen/nieuw/", STAFF),
    Page("change own board", "/besturen/{own_board}/wijzigen/", STAFF),
    Page("change other board", "/besturen/{other_board}/wijzigen/", STAFF, hidden_from_board=True),
    Page("import list", "/import/", STAFF),
    Page("start import", "/import/nieuw/", STAFF),
    Page("import report", "/import/{register_import}/", STAFF),
    Page("administration", "/beheer/", STAFF, default_denied=302),
]


@pytest.fixture
def world(db):
    own_board = SchoolBoardFactory()
    other_board = SchoolBoardFactory()
    own_school = SchoolFactory(board=own_board)
    other_school = SchoolFactory(board=other_board)
    users = {role: UserFactory(role=role) for role in Role}
    users[Role.SCHOOL_BOARD].school_board = own_board
    users[Role.SCHOOL_BOARD].save()
    users[Role.PROGRAMME_STAFF].is_staff = True
    users[Role.PROGRAMME_STAFF].save()
    objects = {
        "own_board": own_board.pk,
        "other_board": other_board.pk,
        "own_school": own_school.pk,
        "other_school": other_school.pk,
        "own_verdict": InspectionVerdictFactory(school=own_school).pk,
        "other_verdict": InspectionVerdictFactory(school=other_school).pk,
        "register_import": RegisterImport.objects.create(kind=ImportKind.PUPILS_PER_LOCATION).pk,
    }
    return users, objects


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_role_gets_the_expected_status(client, world, page):
    users, objects = world
    url = page.url.format(**objects)
    outcomes = {}
    for role in ROLES:
        client.logout()
        if role != ANONYMOUS:
            client.force_login(users[role])
        outcomes[str(role)] = client.get(url).status_code
    expected = {str(role): page.expected(role) for role in ROLES}
    assert outcomes == expected


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    _, objects = world
    response = client.get(f"/scholen/{objects['own_school']}/")
    assert response.url == f"{reverse('login')}?next=/scholen/{objects['own_school']}/"


def _routes(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin" or str(pattern.pattern).startswith("i18n"):
                continue
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield "/" + prefix + str(pattern.pattern)


def test_the_matrix_covers_every_page():
    """A new page without a row in the matrix fails here. (Logging out is a POST, not a page.)"""
    covered = {re.sub(r"\{[a-z_]+\}", "<int:pk>", page.url.split("?")[0]) for page in PAGES}
    routes = set(_routes(get_resolver().url_patterns)) - {"/uitloggen/"}
    assert routes - covered == set()
