"""List pages pin their number of queries: it must not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import (
    InspectionVerdictFactory,
    SchoolBoardFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_schools(count: int) -> None:
    for _ in range(count):
        school = SchoolFactory(board=SchoolBoardFactory())
        InspectionVerdictFactory(school=school)
        TrajectoryFactory(school=school)


@pytest.mark.parametrize(
    ("url", "pinned"),
    [
        # session, user, user permissions, group permissions, [the filter's board choices,] the count, the page
        ("/scholen/", 7),
        ("/scholen/?stadsdeel=nieuw_west&participating=ja&current_verdict=zwak", 7),
        ("/besturen/", 7),
    ],
)
def test_list_queries_do_not_grow_with_rows(client, db, url, pinned):
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    add_schools(2)
    few = queries_for(client, url)
    add_schools(20)
    many = queries_for(client, url)
    assert few == many == pinned


def test_board_detail_queries_do_not_grow_with_its_schools(client, db):
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    board = SchoolBoardFactory()
    SchoolFactory(board=board)
    few = queries_for(client, f"/besturen/{board.pk}/")
    for _ in range(15):
        InspectionVerdictFactory(school=SchoolFactory(board=board))
    assert queries_for(client, f"/besturen/{board.pk}/") == few


def test_school_detail_queries_do_not_grow_with_its_history(client, db):
    client.force_login(UserFactory(role=Role.INSPECTION))
    school = SchoolFactory()
    InspectionVerdictFactory(school=school)
    few = queries_for(client, f"/scholen/{school.pk}/")
    for year in range(2009, 2020):
        InspectionVerdictFactory(school=school, date=f"{year}-03-01")
    assert queries_for(client, f"/scholen/{school.pk}/") == few
