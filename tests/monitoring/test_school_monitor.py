"""The school monitor at /monitor/scholen/<id>/: what it shows of a school's history, to whom, and in how many
queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from improvement_plans.constants import FinalTest
from improvement_plans.models import GoalProgress, ProgressReport
from kwaliteitsaanpak.accounts.roles import Role
from monitoring.constants import Indicator
from monitoring.school_monitor import school_monitor
from schools.constants import Verdict
from tests.factories import GoalFactory, InspectionVerdictFactory, SchoolFactory, UserFactory
from tests.monitoring.factories_indicators import BenchmarkFactory, IndicatorValueFactory
from tests.monitoring.factories_school_monitor import DOCUMENT_NAME, school_with_history
from tests.pages import euro, part, queries_for, text

pytestmark = pytest.mark.django_db


def monitor_url(school) -> str:
    return reverse("monitoring:school_monitor", args=[school.pk])


def page(client, user, school) -> str:
    client.force_login(user)
    response = client.get(monitor_url(school))
    assert response.status_code == 200
    return text(response)


def report_goal(report: ProgressReport, goal, *, status: str, value: str) -> None:
    """The goal's line in a submitted report says `status` with `value`."""
    GoalProgress.objects.update_or_create(
        report=report, goal=goal, defaults={"status": status, "current_value": Decimal(value)}
    )
    ProgressReport.objects.filter(pk=report.pk).update(status="ingediend")


def test_the_monitor_shows_verdicts_key_dates_reports_visits_audits_and_money(client, staff_user):
    history = school_with_history()
    content = page(client, staff_user, history.school)

    verdicts = part(content, "verdicts", ("</ol>",))
    assert "1 juni 2020" in verdicts and "Zwak" in verdicts
    assert "15 januari 2018" in verdicts and "Zeer zwak" in verdicts
    assert verdicts.index("1 juni 2020") < verdicts.index("15 januari 2018"), "newest verdict first"
    key_dates = part(content, "key-dates", ("</dl>",))
    assert "7 januari 2019" in key_dates  # execution started
    assert "Kwaliteitsaanpak Basisonderwijs 2008–2011" in key_dates
    assert "2013" in key_dates  # followed until: the round's exception year (2011) plus two years
    assert "van 78,0 naar 81,0" in part(content, "agreements", ("</dd>",))
    reports = part(content, "progress-reports")
    assert reports.count("Kwartaal ") == 8 and "Te laat" in reports
    assert part(content, "visits").count("Kwartaal ") == 8
    audits = part(content, "audits")
    assert "Audit na jaar 1" in audits and "Audit na jaar 2" in audits
    money = part(content, "money")
    # The approved budget: two lines of € 12.500 (€ 10.000 of it the municipality's) committed; spent on each line
    # € 4.000 of the municipality's share and € 1.000 of the board's.
    municipality = money[money.index("Gemeente") : money.index("Schoolbestuur")]
    assert euro("20.000,00") in municipality and euro("8.000,00") in municipality
    board = money[money.index("Schoolbestuur") :]
    assert euro("5.000,00") in board and euro("2.000,00") in board


def test_goals_show_their_latest_value_against_baseline_and_target_in_their_direction(staff_user):
    history = school_with_history()
    plan = history.executing.plan
    higher = plan.goals.order_by("order").first()
    lower = GoalFactory(
        plan=plan,
        order=9,
        theme="zorgsysteem",
        indicator="Leerlingen zonder passend arrangement",
        baseline=30,
        target=10,
        direction="lager",
    )
    first, second = history.trajectory.progress_reports.filter(quarter__in=[1, 2]).order_by("quarter")
    report_goal(first, higher, status="risico", value="50")
    report_goal(second, higher, status="achter", value="52")  # the latest report counts
    report_goal(second, lower, status="behaald", value="8")  # below its target: lower is better

    rows = {row.goal.pk: row for row in school_monitor(staff_user, history.school).goals}

    assert rows[higher.pk].value == Decimal("52") and rows[higher.pk].quarter == 2
    assert rows[higher.pk].improved is False and rows[higher.pk].on_track is False
    assert rows[lower.pk].reached is True and rows[lower.pk].improved is True
    assert rows[lower.pk].on_track is True


def test_goal_rows_on_the_page_say_status_and_whether_on_track(client, staff_user):
    history = school_with_history()
    goal = history.executing.plan.goals.order_by("order").first()
    report_goal(history.trajectory.progress_reports.get(quarter=1), goal, status="achter", value="50")
    goals = part(page(client, staff_user, history.school), "goals")
    assert "Achter op schema" in goals
    assert "kwartaal 1" in goals
    assert 'data-testid="on-track"><span class="tag tag-red">Nee' in goals


def test_final_test_scales_are_kept_apart_and_a_change_of_test_is_named(client, staff_user):
    history = school_with_history()
    monitor = school_monitor(staff_user, history.school)
    final_tests = [series for series in monitor.indicators if series.indicator == Indicator.FINAL_TEST]
    assert [series.final_test for series in final_tests] == [FinalTest.CITO, FinalTest.IEP]
    assert [len(series.chart.school.dots) for series in final_tests] == [3, 2]
    # The plan's agreements are on IEP: the CITO series carries no baseline or target.
    assert (final_tests[0].baseline, final_tests[0].target) == (None, None)
    assert (final_tests[1].baseline, final_tests[1].target) == (Decimal("78"), Decimal("81"))

    content = page(client, staff_user, history.school)
    assert "Toets gewijzigd van CITO naar IEP in 2023–2024: geen lijn door beide schalen" in content
    assert 'data-testid="chart-eindtoets-cito"' in content and 'data-testid="chart-eindtoets-iep"' in content


def test_each_value_is_compared_with_the_benchmark_of_its_own_year_and_test(client, staff_user):
    history = school_with_history()
    # A CITO average of 2024 must not be read against the school's IEP result of 2024.
    BenchmarkFactory(school_year=2024, final_test=FinalTest.CITO, value=Decimal("535.0"))
    content = page(client, staff_user, history.school)
    iep = part(content, "series-eindtoets-iep")
    assert "79,9" in iep and "80,1" in iep and "535" not in iep
    lwoo = part(content, "series-lwoo")
    # 2024–2025: 21,5% against a G4 average of 19,0% is not better (lower is better); 14,0% nationally.
    row_2024 = lwoo[lwoo.index("2024–2025") :]
    assert "19,0%" in row_2024 and "14,0%" in row_2024 and "Niet beter" in row_2024
    iep_2024 = iep[iep.index("2024–2025") :]
    assert "Beter" in iep_2024  # 80,5 against 80,1: higher is better


def test_a_lower_lwoo_percentage_is_better_than_the_average(staff_user):
    school = SchoolFactory()
    IndicatorValueFactory(school=school, school_year=2024, indicator=Indicator.LWOO, final_test="", value=12)
    BenchmarkFactory(school_year=2024, indicator=Indicator.LWOO, final_test="", value=Decimal("19.0"))
    (series,) = school_monitor(staff_user, school).indicators
    assert series.lower_is_better and series.points[0].better_than_benchmark is True


def test_the_municipality_reads_the_monitor_without_school_documents_or_links(client, staff_user):
    history = school_with_history()
    staff_page = page(client, staff_user, history.school)
    assert DOCUMENT_NAME in staff_page and "/documenten/" in staff_page
    assert 'data-testid="trajectory-link"' in staff_page

    content = page(client, UserFactory(role=Role.MUNICIPALITY), history.school)
    assert DOCUMENT_NAME not in content and "/documenten/" not in content
    assert (
        'data-testid="trajectory-link"' not in content
        and f"/trajecten/{history.trajectory.pk}/" not in content
    )
    assert euro("20.000,00") in part(content, "money")
    assert "Toets gewijzigd van CITO naar IEP" in content


def test_the_board_follows_links_to_its_own_trajectory(client):
    history = school_with_history()
    content = page(client, history.executing.board_user, history.school)
    assert 'data-testid="trajectory-link"' in content and DOCUMENT_NAME in content


def test_a_school_without_a_trajectory_shows_its_verdicts_and_indicators(client, staff_user):
    school = SchoolFactory()
    InspectionVerdictFactory(school=school, date=datetime.date(2024, 3, 1), verdict=Verdict.SUFFICIENT)
    IndicatorValueFactory(school=school, school_year=2024, final_test=FinalTest.ROUTE8, value=Decimal("205"))
    content = page(client, staff_user, school)
    assert "doet niet mee aan het programma" in content
    assert "Voldoende" in content and "205,0" in part(content, "series-eindtoets-route8")


def test_the_query_count_does_not_grow_with_the_schools_history(client, staff_user):
    one_year = school_with_history(years=1)
    three_years = school_with_history(years=3)
    client.force_login(staff_user)
    client.get(monitor_url(one_year.school))
    few = queries_for(client, monitor_url(one_year.school))
    assert queries_for(client, monitor_url(three_years.school)) == few
    assert few <= 30


def test_the_school_and_trajectory_pages_link_to_the_monitor_for_its_readers(client, staff_user):
    history = school_with_history()
    url = monitor_url(history.school)
    client.force_login(staff_user)
    assert url in text(client.get(history.school.get_absolute_url()))
    assert url in text(client.get(history.trajectory.get_absolute_url()))
    # An education expert who is not assigned to the school's trajectory reads the school but not its monitor.
    client.force_login(UserFactory(role=Role.EDUCATION_EXPERT))
    assert url not in text(client.get(history.school.get_absolute_url()))
    client.force_login(UserFactory(role=Role.INSPECTION))
    assert url not in text(client.get(history.school.get_absolute_url()))


@pytest.mark.parametrize("who", ["staff", "board", "director", "expert"])
def test_every_link_on_the_monitor_opens_for_its_reader(client, who):
    history = school_with_history()
    users = {
        "staff": UserFactory(role=Role.PROGRAMME_STAFF),
        "board": history.executing.board_user,
        "director": UserFactory(role=Role.SCHOOL_DIRECTOR, school=history.school),
        "expert": history.executing.expert,
    }
    content = page(client, users[who], history.school)
    main = content[content.index("<main") : content.index("</main>")]
    links = {href for href in re.findall(r'href="(/[^"#]*)"', main) if "/documenten/" not in href}
    assert any(link.startswith(f"/trajecten/{history.trajectory.pk}/") for link in links)
    for link in sorted(links):
        assert client.get(link).status_code == 200, link
