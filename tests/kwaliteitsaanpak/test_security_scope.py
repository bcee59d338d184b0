"""403 or 404 (issue 13, ADR 2): a board user or school director who asks for another board's object by id gets a
404 on every route, whether the role may use such a page or not, so that the answer never tells whether the object
exists. Every URL of the access matrix that names an object of its world is asked, GET and POST, by a board user and
a director of a third board, which owns none of them."""

import pytest

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import SchoolBoardFactory, SchoolFactory, UserFactory
from tests.kwaliteitsaanpak.test_access import (  # noqa: F401 (the matrix's world and its media folder)
    ALL_PAGES,
    access_media_root,
    matrix,
    private_media_root,
    world,
)

# Objects that belong to no board: the programme's imports, benchmarks, rounds and monitoring reports. A role
# without the page's permission gets its 403 whatever the id. The calendar feed is reached by the secret in its URL.
NOT_A_BOARDS_OBJECT = (
    "/import/",
    "/monitor/indicatoren/importeren/",
    "/monitor/benchmarks/",
    "/monitor/rondes/",
    "/monitor/rapporten/",
    "/agenda/",
)
OBJECT_PAGES = [
    page for page in ALL_PAGES if "{" in page.url and not page.url.startswith(NOT_A_BOARDS_OBJECT)
]


@pytest.fixture
def strangers(db):
    board = SchoolBoardFactory()
    board_user = UserFactory(role=Role.SCHOOL_BOARD, school_board=board)
    director = UserFactory(role=Role.SCHOOL_DIRECTOR, school=SchoolFactory(board=board))
    return {"board user": board_user, "director": director}


def test_another_boards_object_is_not_found_on_every_route(client, matrix, strangers):  # noqa: F811
    _users, objects = matrix
    answers = {}
    for page in OBJECT_PAGES:
        url = page.url.format(**objects)
        for who, user in strangers.items():
            client.force_login(user)
            answers[page.name, who] = (client.get(url).status_code, client.post(url, {}).status_code)
    # A page that only reads answers a POST with 405 (method not allowed) before any lookup, for any id.
    wrong = {
        key: answer for key, answer in answers.items() if answer[0] != 404 or answer[1] not in (404, 405)
    }
    assert wrong == {}
    assert len(answers) > 150


def test_a_page_in_the_own_scope_still_says_403(client, matrix):  # noqa: F811
    """The 404 is only for what lies outside the scope: the own board's trajectory, which the board may see but not
    manage, is a 403."""
    users, objects = matrix
    client.force_login(users[Role.SCHOOL_BOARD])
    assert client.get(f"/trajecten/{objects['own_trajectory']}/intake/").status_code == 403
    assert client.get("/trajecten/999999999/intake/").status_code == 404
