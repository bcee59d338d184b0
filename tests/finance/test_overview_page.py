"""The finance overview as its readers use it: per trajectory the budget that counts now with its amounts per
funder, the programme's totals over the filtered rows, filters, sorting, downloads whose figures are numbers, who
sees which budgets (and links), and a query count that does not grow with the rows. Also its card on the start
page."""

import csv
import datetime
import io
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import Stadsdeel
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    ExpertCostFactory,
    GrantDecisionFactory,
    ImprovementPlanFactory,
    RealisationEntryFactory,
    RealisationQuarterFactory,
    SchoolBoardFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.pages import euro, text

URL = "/financien/"
# The columns of a budget's figures, between the school (and its board) and the experts' costs.
BUDGET_COLUMNS = ["Begroting", "Totaal", "Bijdrage gemeente", "Bijdrage bestuur", "Beschikt", "Besteed"]


class _TableParser(HTMLParser):
    """The header and body cells of the page's table, as plain text."""

    def __init__(self):
        super().__init__()
        self.headers, self.rows, self._cell, self._in = [], [], None, None

    def handle_starttag(self, tag, attrs):
        if tag in ("thead", "tbody"):
            self._in = tag
        elif tag == "tr" and self._in == "tbody":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            value = " ".join("".join(self._cell).split())
            (self.headers if self._in == "thead" else self.rows[-1]).append(value)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data.replace("\u00a0", " "))


def table(response) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The headers, and each row as {header: cell} by the school's name."""
    parser = _TableParser()
    parser.feed(text(response))
    headers = [header.rstrip(" ↕↑↓") for header in parser.headers]
    return headers, {row[0]: dict(zip(headers, row, strict=True)) for row in parser.rows}


def download(client, query: str) -> list[list]:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    if "_export=csv" in query:
        return list(csv.reader(io.StringIO(response.getvalue().decode())))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def boards(db):
    return SchoolBoardFactory(name="Stichting Amstelland"), SchoolBoardFactory(name="Stichting Zuidoost")


@pytest.fixture
def financial_expert(db):
    return UserFactory(role=Role.FINANCIAL_EXPERT, first_name="Fatima", last_name="El Amrani")


@pytest.fixture
def education_expert(expert):
    return expert


def trajectory(name: str, board, stadsdeel=Stadsdeel.NOORD, brin=None, **kwargs):
    school = SchoolFactory(name=name, board=board, stadsdeel=stadsdeel, **({"brin": brin} if brin else {}))
    return TrajectoryFactory(school=school, **kwargs)


def budget(trajectory, number: int = 1, **kwargs):
    """A budget and its plan version, in step: an approved budget's plan is approved, a superseded one's
    superseded, an open one's open."""
    status = "goedgekeurd" if kwargs.get("approved") else kwargs.get("status", "concept")
    plan_status = {"goedgekeurd": "goedgekeurd", "vervangen": "vervangen"}.get(status, "ingediend")
    plan = ImprovementPlanFactory(trajectory=trajectory, number=number, status=plan_status)
    return BudgetFactory(plan=plan, **kwargs)


def line(budget, municipality: str, board: str):
    municipality, board = Decimal(municipality), Decimal(board)
    return BudgetLineFactory(
        budget=budget, amount=municipality + board, municipality_amount=municipality, board_amount=board
    )


@pytest.fixture
def programme(boards, financial_expert, education_expert):
    """Four trajectories:

    - De Vuurtoren (Amstelland, Noord): approved, € 15.000 of which € 11.000 from the municipality; granted
      € 11.000; € 6.500 spent in two quarters (€ 5.000 + € 1.500 from the municipality); experts € 1.187,50;
      the financial expert is assigned.
    - De Regenboog (Zuidoost, Zuidoost): a draft of € 20.000, € 15.000 from the municipality; the education
      expert is assigned.
    - Het Kompas (Amstelland, West): version 1 approved (€ 8.000, € 6.000 from the municipality) while version 2,
      a revision, is drawn up (it does not count yet).
    - De Windroos (Zuidoost, Zuid): version 1 superseded by the approved version 2 (€ 4.000, € 3.000 from the
      municipality); only version 2 counts.
    """
    amstelland, zuidoost = boards
    vuurtoren = trajectory(
        "Basisschool De Vuurtoren", amstelland, brin="18WD", financial_expert=financial_expert
    )
    approved = budget(vuurtoren, approved=True)
    first, second = line(approved, "8000.00", "2000.00"), line(approved, "3000.00", "2000.00")
    GrantDecisionFactory(budget=approved, amount=Decimal("11000.00"))
    for quarter, entries in ((1, [(first, "4000.00", "1000.00")]), (2, [(second, "1500.00", "0.00")])):
        realisation = RealisationQuarterFactory(trajectory=vuurtoren, year=2009, quarter=quarter)
        for budget_line, municipality, board in entries:
            RealisationEntryFactory(
                realisation=realisation,
                line=budget_line,
                municipality_amount=Decimal(municipality),
                board_amount=Decimal(board),
            )
    ExpertCostFactory(trajectory=vuurtoren, hours=Decimal("12.50"), hourly_rate=Decimal("95.00"))

    regenboog = trajectory("Basisschool De Regenboog", zuidoost, stadsdeel=Stadsdeel.ZUIDOOST)
    regenboog.education_experts.add(education_expert)
    line(budget(regenboog), "15000.00", "5000.00")

    kompas = trajectory("Basisschool Het Kompas", amstelland, stadsdeel=Stadsdeel.WEST)
    line(budget(kompas, approved=True), "6000.00", "2000.00")
    line(budget(kompas, number=2, change_reason="Audit: minder uren leesspecialist."), "5000.00", "2000.00")

    windroos = trajectory("Basisschool De Windroos", zuidoost, stadsdeel=Stadsdeel.ZUID)
    line(budget(windroos, status="vervangen"), "9000.00", "1000.00")
    line(budget(windroos, number=2, approved=True), "3000.00", "1000.00")
    return {"vuurtoren": vuurtoren, "regenboog": regenboog, "kompas": kompas, "windroos": windroos}


def log_in(client, role, **kwargs):
    user = UserFactory(role=role, **kwargs)
    client.force_login(user)
    return user


# What the municipality reads


def test_the_municipality_reads_per_school_the_budget_that_counts_now(client, programme):
    log_in(client, Role.MUNICIPALITY)
    response = client.get(URL)

    assert response.status_code == 200
    page = text(response)
    assert "<h1>Financiën</h1>" in page
    assert "4 begrotingen" in page
    headers, rows = table(response)
    assert headers == ["School", "Schoolbestuur", *BUDGET_COLUMNS, "Kosten experts"]
    assert list(rows) == [  # by school name
        "Basisschool De Regenboog",
        "Basisschool De Vuurtoren",
        "Basisschool De Windroos",
        "Basisschool Het Kompas",
    ]
    assert rows["Basisschool De Vuurtoren"] == {
        "School": "Basisschool De Vuurtoren",
        "Schoolbestuur": "Stichting Amstelland",
        "Begroting": "Versie 1 Goedgekeurd",
        "Totaal": "€ 15.000,00",
        "Bijdrage gemeente": "€ 11.000,00 Toegezegd",
        "Bijdrage bestuur": "€ 4.000,00",
        "Beschikt": "€ 11.000,00",
        "Besteed": "€ 6.500,00",
        "Kosten experts": "€ 1.187,50",
    }
    # A draft's money is planned, not committed, and has no grant yet.
    regenboog = rows["Basisschool De Regenboog"]
    assert regenboog["Begroting"] == "Versie 1 Concept"
    assert regenboog["Bijdrage gemeente"] == "€ 15.000,00 Gepland"
    assert regenboog["Beschikt"] == "–"
    # An approved budget stays the one that counts while its revision is drawn up, and says so.
    assert rows["Basisschool Het Kompas"]["Begroting"] == "Versie 1 Goedgekeurd Herziening in voorbereiding"
    assert rows["Basisschool Het Kompas"]["Totaal"] == "€ 8.000,00"
    # A superseded version is no row: its successor is.
    assert rows["Basisschool De Windroos"]["Begroting"] == "Versie 2 Goedgekeurd"
    # The municipality reads totals only: the schools are not links to budgets it may not open.
    assert "/begroting/" not in page


def test_the_totals_above_the_table_tell_committed_from_planned_money(client, programme):
    log_in(client, Role.MUNICIPALITY)
    response = client.get(URL)

    page = text(response)
    assert "Totalen van het programma" in page
    totals = response.context["totals"]
    assert totals["committed"] == Decimal("20000.00")  # 11.000 + 6.000 + 3.000: the approved budgets
    assert totals["planned"] == Decimal("15000.00")  # the draft; the revision in preparation does not count
    assert totals["board"] == Decimal("12000.00")
    assert totals["granted"] == Decimal("11000.00")
    assert totals["spent"] == Decimal("6500.00")
    assert totals["expert_costs"] == Decimal("1187.50")
    assert f'data-testid="total-committed">{euro("20.000,00")}<' in page
    assert f'data-testid="total-planned">{euro("15.000,00")}<' in page
    assert "pas toegezegd als de expertgroep goedkeurt" in page
    assert f"daarvan {euro('5.500,00')} uit de bijdrage van de gemeente" in page
    assert f'data-testid="total-expert-costs">{euro("1.187,50")}<' in page


# Filters and sorting


@pytest.mark.parametrize(
    ("query", "schools", "committed", "planned"),
    [
        ("status=concept", ["Basisschool De Regenboog"], "0.00", "15000.00"),
        (
            "commitment=toegezegd",
            ["Basisschool De Vuurtoren", "Basisschool De Windroos", "Basisschool Het Kompas"],
            "20000.00",
            "0.00",
        ),
        ("commitment=gepland", ["Basisschool De Regenboog"], "0.00", "15000.00"),
        ("stadsdeel=zuidoost", ["Basisschool De Regenboog"], "0.00", "15000.00"),
        ("q=vuurtoren", ["Basisschool De Vuurtoren"], "11000.00", "0.00"),
        ("q=18wd00", ["Basisschool De Vuurtoren"], "11000.00", "0.00"),
    ],
)
def test_filters_narrow_the_rows_and_the_totals(client, programme, query, schools, committed, planned):
    log_in(client, Role.MUNICIPALITY)
    response = client.get(f"{URL}?{query}")

    assert list(table(response)[1]) == schools
    assert response.context["totals"]["committed"] == Decimal(committed)
    assert response.context["totals"]["planned"] == Decimal(planned)
    assert "Totalen van de begrotingen hieronder" in text(response)


def test_the_board_filter_offers_the_boards_with_a_budget(client, programme, boards):
    amstelland, zuidoost = boards
    SchoolBoardFactory(name="Stichting Zonder Begroting")
    log_in(client, Role.MUNICIPALITY)

    response = client.get(f"{URL}?board={zuidoost.pk}")

    assert list(table(response)[1]) == ["Basisschool De Regenboog", "Basisschool De Windroos"]
    choices = [label for _value, label in response.context["filter"].form.fields["board"].choices]
    assert choices == ["Alle", "Stichting Amstelland", "Stichting Zuidoost"]


def test_a_filter_without_rows_says_why_and_what_to_do(client, programme):
    log_in(client, Role.MUNICIPALITY)
    response = client.get(f"{URL}?q=bestaat-niet")

    page = text(response)
    assert "0 begrotingen" in page
    assert "Geen begrotingen voldoen aan deze filters. Wis een filter" in page
    assert "Totalen van" not in page  # no totals of nothing


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.MUNICIPALITY, "zodra de financieel experts die opstellen, ziet u hier per school"),
        (Role.FINANCIAL_EXPERT, "Open een traject met een verbeterplan en kies ‘Begroting’"),
        (Role.SCHOOL_BOARD, "Uw scholen hebben nog geen begroting."),
    ],
)
def test_without_budgets_the_page_says_what_comes_next(client, db, role, expected):
    log_in(client, role)
    response = client.get(URL)

    assert response.status_code == 200
    assert expected in text(response)


@pytest.mark.parametrize(
    ("sort", "schools"),
    [
        ("total", ["Basisschool De Windroos", "Basisschool Het Kompas", "Basisschool De Vuurtoren"]),
        (
            "-municipality_total",
            ["Basisschool De Regenboog", "Basisschool De Vuurtoren", "Basisschool Het Kompas"],
        ),
        ("-spent", ["Basisschool De Vuurtoren"]),
        ("-board", ["Basisschool De Regenboog", "Basisschool De Windroos"]),  # Zuidoost first, then by name
        ("budget", ["Basisschool De Regenboog"]),
        ("-expert_costs", ["Basisschool De Vuurtoren"]),
    ],
)
def test_the_columns_sort(client, programme, sort, schools):
    log_in(client, Role.MUNICIPALITY)
    response = client.get(f"{URL}?sort={sort}")

    assert list(table(response)[1])[: len(schools)] == schools


def test_the_list_is_paginated(client, boards):
    for number in range(27):
        line(budget(trajectory(f"Basisschool {number:02d}", boards[0])), "100.00", "50.00")
    log_in(client, Role.MUNICIPALITY)

    first, second = client.get(URL), client.get(f"{URL}?page=2")

    assert len(table(first)[1]) == 25
    assert list(table(second)[1]) == ["Basisschool 25", "Basisschool 26"]
    assert "27 begrotingen" in text(second)
    # The totals are over every row, not one page.
    assert second.context["totals"]["planned"] == Decimal("2700.00")


# Downloads


def test_the_excel_download_holds_numbers(client, programme):
    log_in(client, Role.MUNICIPALITY)
    rows = download(client, "_export=xlsx")

    assert rows[0] == [
        "School",
        "Schoolbestuur",
        "Begroting",
        "Totaal",
        "Bijdrage gemeente",
        "Geld van de gemeente",
        "Bijdrage bestuur",
        "Beschikt",
        "Besteed",
        "Besteed uit de bijdrage van de gemeente",
        "Besteed uit de bijdrage van het bestuur",
        "Kosten experts",
    ]
    by_school = {row[0]: row for row in rows[1:]}
    assert by_school["Basisschool De Vuurtoren"] == [
        "Basisschool De Vuurtoren",
        "Stichting Amstelland",
        "Versie 1 · Goedgekeurd",
        15000,
        11000,
        "Toegezegd",
        4000,
        11000,
        6500,
        5500,
        1000,
        1187.5,
    ]
    regenboog = by_school["Basisschool De Regenboog"]
    assert regenboog[5] == "Gepland"
    assert regenboog[7] is None  # no grant: an empty cell, not a dash
    assert by_school["Basisschool Het Kompas"][2] == "Versie 1 · Goedgekeurd · Herziening in voorbereiding"


def test_the_csv_download_follows_the_filters(client, programme):
    log_in(client, Role.MUNICIPALITY)
    rows = download(client, "commitment=gepland&_export=csv")

    assert [row[0] for row in rows[1:]] == ["Basisschool De Regenboog"]
    assert rows[1][3] == "20000.00"


def test_a_board_downloads_its_own_rows_without_the_experts_costs(client, programme, boards):
    log_in(client, Role.SCHOOL_BOARD, school_board=boards[0])
    rows = download(client, "_export=xlsx")

    assert "Kosten experts" not in rows[0]
    assert "Schoolbestuur" not in rows[0]
    # The last row holds the totals, as on the page.
    assert sorted(row[0] for row in rows[1:-1]) == ["Basisschool De Vuurtoren", "Basisschool Het Kompas"]
    assert rows[-1][0] == "Totaal"


# Who sees what


def test_a_board_sees_its_own_schools_budgets_and_opens_them(client, programme, boards):
    log_in(client, Role.SCHOOL_BOARD, school_board=boards[0])
    response = client.get(URL)

    headers, rows = table(response)
    assert list(rows) == ["Basisschool De Vuurtoren", "Basisschool Het Kompas"]
    # Its own board only: no column repeating its name, no filter to choose it, no experts' costs.
    assert headers == ["School", *BUDGET_COLUMNS]
    vuurtoren = programme["vuurtoren"]
    page = text(response)
    assert f'<a href="/trajecten/{vuurtoren.pk}/begroting/1/">Basisschool De Vuurtoren</a>' in page
    assert "Open een school voor de begrotingsregels" in page
    assert 'name="board"' not in page
    assert "total-expert-costs" not in page
    assert "Totalen van de begrotingen hieronder" in page  # not the programme's
    assert response.context["totals"]["committed"] == Decimal("17000.00")


def test_experts_see_the_trajectories_they_are_assigned_to(
    client, programme, financial_expert, education_expert
):
    client.force_login(financial_expert)
    headers, rows = table(client.get(URL))
    assert list(rows) == ["Basisschool De Vuurtoren"]
    assert "Kosten experts" in headers

    client.force_login(education_expert)
    headers, rows = table(client.get(URL))
    assert list(rows) == ["Basisschool De Regenboog"]
    assert "Kosten experts" not in headers


@pytest.mark.parametrize("role", [Role.PROGRAMME_STAFF, Role.EXPERT_GROUP])
def test_staff_and_the_expert_group_see_every_budget_and_open_it(client, programme, role):
    log_in(client, role)
    response = client.get(URL)

    headers, rows = table(response)
    assert len(rows) == 4
    assert "Kosten experts" in headers
    assert f'href="/trajecten/{programme["regenboog"].pk}/begroting/1/"' in text(response)


def test_inspection_may_not_see_the_finances(client, programme):
    log_in(client, Role.INSPECTION)
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_log_in_first(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


# Queries


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("role", [Role.MUNICIPALITY, Role.SCHOOL_BOARD, Role.FINANCIAL_EXPERT])
def test_the_query_count_does_not_grow_with_the_rows(client, boards, financial_expert, role):
    def add(count: int) -> None:
        for _index in range(count):
            trajectory_ = trajectory("Basisschool De Linde", boards[0], financial_expert=financial_expert)
            approved = budget(trajectory_, approved=True)
            for _line in range(3):
                entry_line = line(approved, "1000.00", "500.00")
                RealisationEntryFactory(
                    line=entry_line,
                    realisation=RealisationQuarterFactory(trajectory=trajectory_, quarter=_line + 1),
                )
            GrantDecisionFactory(budget=approved, amount=Decimal("3000.00"))
            ExpertCostFactory(trajectory=trajectory_)

    user = UserFactory(role=role, school_board=boards[0] if role == Role.SCHOOL_BOARD else None)
    client.force_login(financial_expert if role == Role.FINANCIAL_EXPERT else user)
    add(2)
    few = queries(client, URL)
    add(6)
    many = queries(client, URL)
    assert few == many
    assert many <= 10
    assert queries(client, f"{URL}?sort=-spent&commitment=toegezegd") == many


# The start page


def test_the_municipality_lands_on_its_money(client, programme):
    log_in(client, Role.MUNICIPALITY)
    response = client.get("/")

    page = text(response)
    assert 'data-testid="home-finance-totals"' in page
    assert euro("20.000,00") in page  # committed
    assert euro("15.000,00") in page  # planned
    assert 'href="/financien/">Financiën</a></h3>' in page
    assert "Lees per school hoeveel geld de gemeente heeft toegezegd" in page


def test_the_finance_card_speaks_to_each_role(client, programme, boards):
    log_in(client, Role.SCHOOL_BOARD, school_board=boards[0])
    page = text(client.get("/"))
    assert "Bekijk de begrotingen van uw scholen" in page
    assert "home-finance-totals" not in page  # the programme's totals are the municipality's

    log_in(client, Role.FINANCIAL_EXPERT)
    assert "Stel met de schoolbesturen de begrotingen van de verbeterplannen op" in text(client.get("/"))


def test_the_expert_group_sees_how_many_budgets_wait_for_it(client, programme):
    budget(trajectory("Basisschool De Linde", SchoolBoardFactory()), status="ingediend")
    log_in(client, Role.EXPERT_GROUP)

    page = text(client.get("/"))

    assert "1 begroting wacht op uw oordeel" in page
    assert 'href="/financien/?status=ingediend"' in page


def test_inspection_gets_no_finance_card(client, programme):
    log_in(client, Role.INSPECTION)
    page = text(client.get("/"))
    assert "/financien/" not in page


def test_a_trajectory_without_a_budget_is_no_row(client, boards):
    trajectory("Basisschool Zonder Begroting", boards[0], registered_on=datetime.date(2008, 9, 1))
    log_in(client, Role.MUNICIPALITY)
    assert table(client.get(URL))[1] == {}
