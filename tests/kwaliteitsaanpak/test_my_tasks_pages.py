"""The page "my tasks" and the start page's count and first five tasks: what waits for the user, oldest first, with
its due date, a late tag, a link to where the work is done, a filter by kind, pages of 25 and an empty state."""

import datetime
import re
import zoneinfo

import pytest
import time_machine

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import AnalysisFactory, SchoolBoardFactory, SchoolFactory, UserFactory
from tests.kwaliteitsaanpak.factories_personal import (
    returned_analysis,
    returned_plan,
    submitted_analysis,
    submitted_plan,
)
from tests.pages import part, queries_for, text

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
TODAY = datetime.date(2009, 3, 1)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime.datetime(2009, 3, 1, 9, tzinfo=AMSTERDAM), tick=False):
        yield


@pytest.fixture
def board(db):
    return SchoolBoardFactory(name="Stichting Amstelland")


@pytest.fixture
def board_user(board):
    return UserFactory(role=Role.SCHOOL_BOARD, school_board=board, first_name="Bram")


@pytest.fixture
def reviewer(db):
    return UserFactory(role=Role.EXPERT_GROUP, first_name="Greet")


def table_rows(content: str) -> list[str]:
    """The rows of the tasks table as plain text, cells separated by " | " (without the school and due date that a
    phone shows under the task instead of in their columns)."""
    table = re.sub(r'<div class="d-md-none.*?</div>', "", part(content, "my-tasks"), flags=re.S)
    body = table[table.index("<tbody>") :]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        " | ".join(
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        )
        for row in rows
    ]


def test_the_board_sees_its_returned_analysis_and_plan_oldest_first_with_links(client, board, board_user):
    analysis = returned_analysis(
        SchoolFactory(board=board, name="De Regenboog"), returned_on=datetime.date(2009, 2, 20)
    )
    plan = returned_plan(
        SchoolFactory(board=board, name="De Zonnebloem"), returned_on=datetime.date(2009, 1, 10)
    )
    returned_analysis(
        SchoolFactory(name="Het Anker"), returned_on=datetime.date(2009, 1, 1)
    )  # another board's
    client.force_login(board_user)
    content = text(client.get("/mijn-taken/"))
    assert table_rows(content) == [
        "Verbeterplan (versie 1) teruggestuurd: verwerk het commentaar | De Zonnebloem | 7 februari 2009 Te laat | Verbeterplannen",
        "Kwaliteitsanalyse teruggestuurd: verwerk het commentaar | De Regenboog | 20 maart 2009 | Kwaliteitsanalyses",
    ]
    assert f'href="/trajecten/{plan.trajectory_id}/plan/1/"' in content
    assert f'href="/trajecten/{analysis.trajectory_id}/analyse/"' in content
    assert "Het Anker" not in content
    assert "2 taken" in content


def test_the_filter_shows_one_kind(client, board, board_user):
    returned_analysis(SchoolFactory(board=board, name="De Regenboog"), returned_on=datetime.date(2009, 2, 20))
    returned_plan(SchoolFactory(board=board, name="De Zonnebloem"), returned_on=datetime.date(2009, 1, 10))
    client.force_login(board_user)
    content = text(client.get("/mijn-taken/?soort=plan"))
    assert [row.split(" | ")[1] for row in table_rows(content)] == ["De Zonnebloem"]
    assert '<option value="analysis">Kwaliteitsanalyses</option>' in content
    assert "Filters wissen" in content


def test_nothing_waiting_says_so(client, reviewer):
    client.force_login(reviewer)
    content = text(client.get("/mijn-taken/"))
    assert "Er wacht niets op u." in content
    assert 'data-testid="my-tasks"' not in content
    assert "Soort taak" not in content


def test_a_long_list_has_pages_of_25(client, reviewer):
    for day in range(1, 31):
        submitted_analysis(SchoolFactory(name=f"School {day:02}"), submitted_on=datetime.date(2009, 1, day))
    client.force_login(reviewer)
    first = text(client.get("/mijn-taken/"))
    assert len(table_rows(first)) == 25
    assert table_rows(first)[0].startswith(
        "Beoordeel de kwaliteitsanalyse | School 01 | 29 januari 2009 Te laat"
    )
    assert "Pagina 1 van 2" in first
    second = text(client.get("/mijn-taken/?page=2"))
    assert [row.split(" | ")[1] for row in table_rows(second)] == [f"School {day}" for day in range(26, 31)]


def test_the_page_and_the_start_page_take_the_same_number_of_queries_for_many_tasks(client, reviewer):
    submitted_analysis(SchoolFactory(), submitted_on=datetime.date(2009, 1, 5))
    submitted_plan(SchoolFactory(), submitted_on=datetime.date(2009, 1, 5))
    client.force_login(reviewer)
    client.get("/mijn-taken/")
    few = queries_for(client, "/mijn-taken/"), queries_for(client, "/")
    for _ in range(4):
        submitted_analysis(SchoolFactory(), submitted_on=datetime.date(2009, 1, 5))
        submitted_plan(SchoolFactory(), submitted_on=datetime.date(2009, 1, 5))
    assert (queries_for(client, "/mijn-taken/"), queries_for(client, "/")) == few


def test_the_expert_groups_start_page_lists_the_plans_waiting_for_it(client, reviewer):
    for day in range(1, 8):
        submitted_plan(SchoolFactory(name=f"School {day}"), submitted_on=datetime.date(2009, 1, day))
    client.force_login(reviewer)
    content = text(client.get("/"))
    tasks = part(content, "home-tasks", ends=("</section>",))
    assert "Er wachten 7 taken op u." in tasks
    assert tasks.count("Beoordeel het verbeterplan (versie 1)") == 5
    assert "· School 1<" in tasks and "School 6" not in tasks
    assert 'href="/mijn-taken/">Bekijk al uw 7 taken' in tasks


def test_a_board_is_told_on_its_start_page_that_its_analysis_was_returned(client, board, board_user):
    returned_analysis(SchoolFactory(board=board, name="De Regenboog"), returned_on=datetime.date(2009, 2, 20))
    client.force_login(board_user)
    content = text(client.get("/"))
    tasks = part(content, "home-tasks", ends=("</section>",))
    assert "Er wacht 1 taak op u." in tasks
    assert "Kwaliteitsanalyse teruggestuurd: verwerk het commentaar" in tasks
    assert "U dient hun kwaliteitsanalyses" in content


def test_the_start_page_says_what_a_school_director_does(client, board):
    school = SchoolFactory(board=board, name="De Regenboog")
    AnalysisFactory(trajectory__school=school)
    client.force_login(UserFactory(role=Role.SCHOOL_DIRECTOR, school=school))
    content = text(client.get("/"))
    assert "U werkt hier voor De Regenboog" in content
    assert "Maak de kwaliteitsanalyse af" in part(content, "home-tasks", ends=("</section>",))
    assert "Bekijk de gegevens van uw schoolbestuur en zijn scholen." in content


def test_the_header_links_to_my_tasks_and_the_profile(client, reviewer):
    client.force_login(reviewer)
    content = text(client.get("/"))
    assert 'href="/mijn-taken/" data-testid="header-my-tasks">Mijn taken' in content
    assert 'href="/profiel/" data-testid="header-profile">Profiel' in content


def test_a_phone_shows_the_school_and_due_date_under_the_task(client, board, board_user):
    returned_plan(SchoolFactory(board=board, name="De Zonnebloem"), returned_on=datetime.date(2009, 1, 10))
    client.force_login(board_user)
    stacked = re.search(
        r'<div class="d-md-none small mt-1">(.*?)</div>', text(client.get("/mijn-taken/")), re.S
    )
    words = re.sub(r"<[^>]+>", " ", stacked.group(1)).split()
    assert " ".join(words) == "De Zonnebloem · uiterlijk 7 februari 2009 Te laat"


def test_anonymous_users_log_in_first(client, db):
    assert client.get("/mijn-taken/").url == "/inloggen/?next=/mijn-taken/"
