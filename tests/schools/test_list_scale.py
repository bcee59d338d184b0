"""What keeps the register's pages fast at national scale (8,757 schools under 1,000 boards; see `manage.py bench`):
the board filter is a search, not a choice among every board; per-row work does not grow with the rows; the board
page is paginated; the start page counts in SQL; the DUO import reads only the file's schools."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement_plans.constants import Phase
from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import ImportKind, ReferenceList, Verdict
from schools.importers import execute_register_import
from schools.selectors import school_overview_counts
from tests.factories import (
    InspectionVerdictFactory,
    RegisterImportFactory,
    SchoolBoardFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.schools.duo_files import PUPILS_FILE

pytestmark = pytest.mark.django_db


def get(client, url: str, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response, len(queries.captured_queries)


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    return client


def add_boards(count: int) -> None:
    for _ in range(count):
        SchoolFactory(board=SchoolBoardFactory())


@pytest.mark.parametrize("url", ["/scholen/", "/trajecten/", "/besturen/"])
def test_the_board_filter_does_not_list_every_board(staff_client, url):
    add_boards(3)
    _response, few = get(staff_client, url)
    add_boards(30)
    response, many = get(staff_client, url)

    assert few == many
    page = response.content.decode()
    assert "Stichting Basisonderwijs" not in page.split('id="filter-heading"')[1].split("</form>")[0]


def test_the_board_filter_finds_a_board_by_part_of_its_name_or_its_number(staff_client):
    board = SchoolBoardFactory(name="Stichting Amstelkring", number="41579")
    SchoolFactory(name="De Wilg", board=board)
    SchoolFactory(name="De Eik", board=SchoolBoardFactory(name="Stichting Zaanstreek"))

    for value in ("amstel", "41579"):
        response, _queries = get(staff_client, "/scholen/", {"board": value})
        assert [row.record.name for row in response.context["table"].page] == ["De Wilg"]


def test_a_board_user_finds_no_other_board_by_its_name(client):
    user = UserFactory(role=Role.SCHOOL_BOARD)
    SchoolFactory(name="De Eik", board=SchoolBoardFactory(name="Stichting Zaanstreek"))
    client.force_login(user)

    response, _queries = get(client, "/scholen/", {"board": "Zaanstreek"})

    assert response.context["table"].paginator.count == 0


def page_templates(response) -> list[str]:
    """The templates a page rendered, but the form widgets' (a filter's choices are one each)."""
    return [
        template.name
        for template in response.templates
        if not (template.name or "").startswith("django/forms/")
    ]


def test_the_trajectory_list_renders_no_template_per_row(staff_client):
    # In one programme round: each round is a choice of the round filter.
    first = TrajectoryFactory()
    TrajectoryFactory(programme_round=first.programme_round)
    few_response, few = get(staff_client, "/trajecten/")
    TrajectoryFactory.create_batch(20, programme_round=first.programme_round)
    many_response, many = get(staff_client, "/trajecten/")

    assert few == many
    # A template rendered per row would run every context processor (navigation, permissions) per row.
    assert page_templates(many_response) == page_templates(few_response)
    assert '<span class="tag tag-green">Uitvoering</span>' in many_response.content.decode()


def test_the_board_page_is_paginated(staff_client):
    board = SchoolBoardFactory()
    for number in range(30):
        SchoolFactory(board=board, name=f"Basisschool {number:02d}")

    response, queries = get(staff_client, f"/besturen/{board.pk}/")
    second, second_queries = get(staff_client, f"/besturen/{board.pk}/", {"page": 2})

    page = response.content.decode()
    assert "30 scholen" in page
    assert len(response.context["schools_table"].page) == 25
    assert len(second.context["schools_table"].page) == 5
    assert "Basisschool 29" in second.content.decode()
    assert queries == second_queries


def test_the_start_page_counts_in_one_query(staff_client):
    weak_now = SchoolFactory()
    InspectionVerdictFactory(school=weak_now, date=datetime.date(2008, 1, 15), verdict=Verdict.SUFFICIENT)
    InspectionVerdictFactory(
        school=weak_now,
        date=datetime.date(2009, 1, 15),
        verdict=Verdict.WEAK,
        reference_list=ReferenceList.ADDITION,
    )
    recovered = SchoolFactory()
    InspectionVerdictFactory(school=recovered, date=datetime.date(2008, 1, 15), verdict=Verdict.VERY_WEAK)
    InspectionVerdictFactory(school=recovered, date=datetime.date(2010, 1, 15), verdict=Verdict.SUFFICIENT)
    TrajectoryFactory(school=recovered, phase=Phase.EXECUTION)
    TrajectoryFactory(school=SchoolFactory(), ended_on=datetime.date(2010, 1, 1))
    user = UserFactory(role=Role.PROGRAMME_STAFF)

    with CaptureQueriesContext(connection) as queries:
        counts = school_overview_counts(user)

    assert counts == {"total": 3, "on_reference_list": 1, "weak": 1, "participating": 1}
    assert len([query for query in queries.captured_queries if "schools_school" in query["sql"]]) == 1


def test_the_start_page_counts_a_board_users_schools_only():
    board = SchoolBoardFactory()
    InspectionVerdictFactory(school=SchoolFactory(board=board), verdict=Verdict.WEAK)
    InspectionVerdictFactory(school=SchoolFactory(), verdict=Verdict.WEAK)
    user = UserFactory(role=Role.SCHOOL_BOARD, school_board=board)

    assert school_overview_counts(user) == {"total": 1, "on_reference_list": 0, "weak": 1, "participating": 0}


def import_pupils_file() -> list[str]:
    """The SQL of an import of DUO's Amsterdam pupils file."""
    register_import = RegisterImportFactory(
        kind=ImportKind.PUPILS_PER_LOCATION, file__data=PUPILS_FILE.read_bytes()
    )
    with CaptureQueriesContext(connection) as queries:
        execute_register_import(register_import)
    return [query["sql"] for query in queries.captured_queries]


def test_the_duo_import_reads_only_the_schools_and_boards_of_its_file():
    SchoolFactory.create_batch(5)
    import_pupils_file()

    queries = import_pupils_file()

    reads = [sql for sql in queries if sql.startswith("SELECT") and 'FROM "schools_school"' in sql]
    reads += [sql for sql in queries if sql.startswith("SELECT") and 'FROM "schools_schoolboard"' in sql]
    assert reads
    assert all(" WHERE " in sql for sql in reads), "an import reads the whole register"
