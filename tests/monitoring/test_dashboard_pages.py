"""The dashboard page: its figures on the page and the links behind them, the empty states, the table of schools
(sorting, the overdue narrowing), its CSV and XLSX exports, the navigation, and a query count that does not grow
with the number of schools."""

import csv
import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from improvement_plans.constants import Phase, TrajectoryReason
from kwaliteitsaanpak.accounts.roles import Role
from monitoring.dashboard import PROGRESS_REPORTS, DashboardFilters, dashboard
from schools.constants import Stadsdeel, Verdict
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    InspectionVerdictFactory,
    ProgrammeRoundFactory,
    SchoolBoardFactory,
    UserFactory,
)
from tests.kwaliteitsaanpak.factories_execution import (
    ExpertVisitFactory,
    ProgressReportFactory,
    executing_trajectory,
)
from tests.monitoring.dashboard_world import build_world
from tests.monitoring.factories_indicators import BenchmarkFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def signed_in(client, role):
    client.force_login(UserFactory(role=role))
    return client


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def url_of(world, **query) -> str:
    query = {"ronde": world.programme_round.pk, **query}
    return "/monitor/?" + "&".join(f"{key}={value}" for key, value in query.items())


def href_of(html: str, testid: str) -> str:
    match = re.search(rf'<a[^>]*href="([^"]*)"[^>]*data-testid="{testid}"', html)
    assert match, testid
    return match.group(1).replace("&amp;", "&")


# --- What the page shows -----------------------------------------------------------------------------------


def test_the_municipality_reads_the_figures_and_follows_them_to_the_lists_it_may_open(client, world):
    signed_in(client, Role.MUNICIPALITY)
    html = page(client.get(url_of(world)))

    assert "Programmamonitor" in html
    assert re.search(r'data-testid="reference-total">4<', html)
    assert re.search(r'data-testid="reference-still-weak">3<', html)
    assert re.search(r'data-testid="reference-exceptions">1<', html)
    assert "nog 3 scholen te gaan" in html
    # The reference list leads to the school list of the round's list; the municipality may open it.
    total_url = href_of(html, "reference-total")
    assert total_url == f"/scholen/?ronde={world.programme_round.pk}"
    schools = page(client.get(href_of(html, "reference-weak")))
    assert (
        "Noord" in schools and "Weak" in schools and "Very weak" not in schools and "Recovered" not in schools
    )
    # The municipality reads no trajectories: a phase leads to the table of schools in that phase.
    match = re.search(r'data-testid="phase-uitvoering"><a href="([^"]+)">2<', html)
    assert match and "/trajecten/" not in match.group(1)
    in_execution = page(client.get(match.group(1).replace("&amp;", "&")))
    table = in_execution[in_execution.index('id="scholen"') :]
    assert "Weak" in table and "Recovered" in table and "Very weak" not in table
    assert "Alleen de scholen in de fase uitvoering." in in_execution
    # The exceptions lead to the schools with one.
    exceptions = page(client.get(href_of(html, "reference-exceptions")))
    table = exceptions[exceptions.index('id="scholen"') :]
    assert ">Weak<" in table and "Recovered" not in table
    # A school opens its school monitor.
    assert f'href="/monitor/scholen/{world.schools["weak"].pk}/"' in html
    # Charts: their data for the script, and every chart with a table.
    assert 'id="dashboard-chart-data"' in html
    assert html.count("<canvas") == 3
    assert html.count("Cijfers als tabel") == 2
    assert "<script>" not in html and "style=" not in html


def test_staff_follow_a_phase_to_the_trajectory_list_of_the_same_round_and_filters(client, world):
    signed_in(client, Role.PROGRAMME_STAFF)
    html = page(client.get(url_of(world, board=world.board.pk)))

    match = re.search(r'data-testid="phase-uitvoering"><a href="([^"]+)">2<', html)
    assert match
    trajectories = page(client.get(match.group(1).replace("&amp;", "&")))
    assert "Weak" in trajectories and "Recovered" in trajectories
    assert "Elsewhere" not in trajectories  # of the first round, in execution and of the same board


def test_an_overdue_figure_narrows_the_table_to_the_schools_concerned(client, world):
    signed_in(client, Role.EXPERT_GROUP)
    html = page(client.get(url_of(world)))

    late_url = href_of(html, "overdue-1")
    assert f"te_laat={PROGRESS_REPORTS}" in late_url
    narrowed = page(client.get(late_url))
    table = narrowed[narrowed.index('id="scholen"') :]
    assert "Weak" in table and "Recovered" not in table
    assert "Alleen de scholen met te late voortgangsrapportages." in narrowed


def test_goals_behind_and_stagnation_are_listed_with_their_school(client, world):
    signed_in(client, Role.PROGRAMME_STAFF)
    html = page(client.get(url_of(world)))

    section = html[html.index('data-testid="dashboard-behind"') :]
    assert "1 doel achter op schema in de voortgangsrapportage van kwartaal 6" in section
    assert "De uitvoering stagneert" in section


def test_money_per_funder_is_shown_in_euros(client, world):
    signed_in(client, Role.MUNICIPALITY)
    html = page(client.get(url_of(world)))

    section = html[html.index('data-testid="money-table"') :]
    assert "€\xa010.000,00" in section
    assert "€\xa04.000,00" in section
    assert "€\xa01.000,00" in section
    assert "€\xa012.500,00" in section  # the total planned, and the total committed


def test_the_table_sorts_by_a_column(client, world):
    signed_in(client, Role.PROGRAMME_STAFF)
    ascending = page(client.get(url_of(world, sort="school")))
    descending = page(client.get(url_of(world, sort="-school")))

    def order(html):
        table = html[html.index('id="scholen"') :]
        return sorted(["Recovered", "Very weak", "Weak"], key=lambda name: table.index(f">{name}<"))

    assert order(ascending) == ["Recovered", "Very weak", "Weak"]
    assert order(descending) == ["Weak", "Very weak", "Recovered"]


def test_a_selection_without_trajectories_says_to_adjust_the_filters(client, world):
    signed_in(client, Role.PROGRAMME_STAFF)
    html = page(client.get(url_of(world, stadsdeel=Stadsdeel.NOORD)))

    assert "Geen trajecten in deze selectie; pas de filters aan." in html
    assert 'id="scholen"' not in html
    assert re.search(r'data-testid="reference-total">1<', html)


def test_a_round_without_data_says_what_to_do(client, db):
    signed_in(client, Role.PROGRAMME_STAFF)
    html = page(client.get("/monitor/"))

    assert "Deze ronde heeft nog geen referentielijst en geen trajecten." in html


def test_the_filter_panel_offers_only_the_boards_of_the_rounds_schools(client, world):
    SchoolBoardFactory(name="Bestuur zonder school in de ronde")
    signed_in(client, Role.PROGRAMME_STAFF)
    html = page(client.get(url_of(world)))

    start = html.index('id="dashboard-filters"')
    panel = html[start : html.index("</form>", start)]
    assert "Stichting Dashboard" in panel
    assert "Bestuur zonder school in de ronde" not in panel


def test_the_monitor_replaces_the_indicators_in_the_menu_of_its_readers(client, world):
    signed_in(client, Role.MUNICIPALITY)
    labels = [str(item["label"]) for item in client.get("/monitor/").context["navigation"]]

    assert "Monitor" in labels and "Indicatoren" not in labels
    client.force_login(UserFactory(role=Role.EDUCATION_EXPERT))
    labels = [str(item["label"]) for item in client.get("/").context["navigation"]]
    assert "Indicatoren" in labels and "Monitor" not in labels


# --- Exports ---------------------------------------------------------------------------------------------------


def test_the_csv_export_holds_every_school_of_the_selection_with_numbers(client, world):
    signed_in(client, Role.MUNICIPALITY)
    response = client.get(url_of(world, _export="csv"))

    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert "School" in header and "BRIN" in header and "Besteed" in header
    assert sorted(row[header.index("School")] for row in body) == ["Recovered", "Very weak", "Weak"]
    weak = next(row for row in body if row[header.index("School")] == "Weak")
    assert Decimal(weak[header.index("Score")]) == Decimal("80.0")
    assert Decimal(weak[header.index("Toegezegd")]) == Decimal("12500.00")


def test_the_xlsx_export_is_formatted(client, world):
    signed_in(client, Role.PROGRAMME_STAFF)
    response = client.get(url_of(world, _export="xlsx"))

    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    weak = next(row for row in sheet.iter_rows(min_row=2) if row[header.index("School")].value == "Weak")
    committed = weak[header.index("Toegezegd")]
    assert committed.value == 12500
    assert "€" in committed.number_format
    lwoo = weak[header.index("LWOO")]
    assert "%" in lwoo.number_format
    assert sheet.freeze_panes == "A2"


def test_the_export_follows_the_overdue_narrowing(client, world):
    signed_in(client, Role.PROGRAMME_STAFF)
    response = client.get(url_of(world, te_laat="audits", _export="csv"))

    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Recovered"]


# --- Queries ---------------------------------------------------------------------------------------------------


def add_schools(programme_round, count: int) -> None:
    """`count` schools of the round with everything the dashboard reads: a verdict, an approved budget, an
    overdue progress report, a planned visit past its date, indicator values and a place on the reference list."""
    today = timezone.localdate()
    for number in range(count):
        executing = executing_trajectory(
            started_on=today - datetime.timedelta(days=300), board=SchoolBoardFactory(), stadsdeel="west"
        )
        trajectory = executing.trajectory
        trajectory.programme_round = programme_round
        trajectory.reason = TrajectoryReason.REFERENCE_LIST
        trajectory.save()
        programme_round.reference_schools.add(executing.school)
        InspectionVerdictFactory(
            school=executing.school, verdict=Verdict.WEAK, date=datetime.date(2025, 3, 1)
        )
        BudgetLineFactory(budget=BudgetFactory(plan=executing.plan, approved=True))
        ProgressReportFactory(trajectory=trajectory, due_on=today - datetime.timedelta(days=3), quarter=2)
        ExpertVisitFactory(trajectory=trajectory, quarter=3, planned_on=today - datetime.timedelta(days=2))
        IndicatorValueFactory(school=executing.school, school_year=2024, value=Decimal(520 + number))


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_dashboard_runs_as_many_queries_for_eight_schools_as_for_two(client, db):
    programme_round = ProgrammeRoundFactory(reference_date=datetime.date(2026, 1, 31))
    BenchmarkFactory(school_year=2024)
    signed_in(client, Role.PROGRAMME_STAFF)
    url = f"/monitor/?ronde={programme_round.pk}"
    add_schools(programme_round, 2)
    two = queries(client, url)
    add_schools(programme_round, 6)

    assert queries(client, url) == two
    assert queries(client, url + "&_export=xlsx") <= two


def test_the_dashboard_figures_take_a_fixed_number_of_queries(django_assert_num_queries, db):
    programme_round = ProgrammeRoundFactory(reference_date=datetime.date(2026, 1, 31))
    add_schools(programme_round, 3)
    user = UserFactory(role=Role.MUNICIPALITY)
    filters = DashboardFilters(programme_round=programme_round)
    dashboard(user, filters)  # the user's permissions are read once, then cached

    # reference list, exceptions, phases, trajectories, plans, indicator values, benchmarks, budgets, four kinds
    # overdue, goals behind, stagnating visits, the trajectories concerned, and the sustaining flags
    with CaptureQueriesContext(connection) as context:
        board = dashboard(user, filters)
    assert len(board.school_rows) == 3
    assert board.phases[list(Phase).index(Phase.EXECUTION)].count == 3
    pinned = len(context.captured_queries)
    assert pinned <= 20
    add_schools(programme_round, 3)
    with django_assert_num_queries(pinned):
        dashboard(user, filters)
