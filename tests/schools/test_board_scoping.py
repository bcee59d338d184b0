"""A board user sees only its own board's schools, everywhere: lists, filters, exports and detail pages."""

import io

import openpyxl
import pytest

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import SchoolBoardFactory, SchoolFactory, UserFactory


@pytest.fixture
def two_boards(db):
    own, other = SchoolBoardFactory(name="Stichting Eigen"), SchoolBoardFactory(name="Stichting Ander")
    own_schools = [SchoolFactory(board=own, name=f"Eigen school {n}") for n in range(3)]
    other_schools = [SchoolFactory(board=other, name=f"Andere school {n}") for n in range(2)]
    user = UserFactory(role=Role.SCHOOL_BOARD, school_board=own)
    return user, own, other, own_schools, other_schools


def test_the_school_list_shows_only_the_own_boards_schools(client, two_boards):
    user, _own, _other, own_schools, other_schools = two_boards
    client.force_login(user)
    content = client.get("/scholen/").content.decode()
    for school in own_schools:
        assert school.name in content
    for school in other_schools:
        assert school.name not in content


def test_filtering_on_another_board_shows_nothing_of_it(client, two_boards):
    user, _own, other, _own_schools, other_schools = two_boards
    client.force_login(user)
    response = client.get("/scholen/", {"board": other.pk})
    content = response.content.decode()
    assert all(school.name not in content for school in other_schools)
    # The other board is not even offered as a choice.
    assert "Stichting Ander" not in content


def test_searching_for_another_boards_school_finds_nothing(client, two_boards):
    user, *_rest, other_schools = two_boards
    client.force_login(user)
    response = client.get("/scholen/", {"q": other_schools[0].brin})
    assert response.context["table"].paginator.count == 0


def test_the_export_holds_only_the_own_boards_schools(client, two_boards):
    user, _own, _other, own_schools, other_schools = two_boards
    client.force_login(user)
    response = client.get("/scholen/", {"_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {school.name for school in own_schools}


def test_the_board_list_shows_only_the_own_board(client, two_boards):
    user, *_rest = two_boards
    client.force_login(user)
    content = client.get("/besturen/").content.decode()
    assert "Stichting Eigen" in content
    assert "Stichting Ander" not in content


def test_another_boards_school_and_board_are_not_found(client, two_boards):
    user, _own, other, _own_schools, other_schools = two_boards
    client.force_login(user)
    assert client.get(f"/scholen/{other_schools[0].pk}/").status_code == 404
    assert client.get(f"/besturen/{other.pk}/").status_code == 404


def test_the_start_page_counts_only_the_own_boards_schools(client, two_boards):
    user, *_rest = two_boards
    client.force_login(user)
    assert client.get("/").context["counts"]["total"] == 3


def test_a_board_user_without_a_board_sees_no_schools(client, db):
    SchoolFactory()
    user = UserFactory(role=Role.SCHOOL_BOARD)
    user.school_board = None
    user.save()
    client.force_login(user)
    assert client.get("/scholen/").context["table"].paginator.count == 0
