"""In the browser: the budget of a submitted plan, from the first line to the grant decision and spending.

The financial expert reads what the budget step is, starts the budget and adds lines for several measures, school
years and cost categories (an amount with three decimals is explained first); she checks and submits it. The expert
group finds that the plan is not approved yet, approves the plan, then approves the budget once the board's waiver
of financial equalisation is filled in. Programme staff record the municipality's grant decision, after a grant
above the municipal share is refused. The board downloads the budget as Excel, records two quarters of spending
(two lines end up overspent) and downloads budget against spending as Excel; the figures are checked.
"""

import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from finance import services
from finance.constants import Quarter, school_year_of
from finance.models import Budget, GrantDecision
from improvement_plans import services as plan_services
from improvement_plans.constants import Phase
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.e2e.people import board_user, expert_group_user, school_of_noorderlicht
from tests.e2e.steps import decide, open_as, refused, save, submit, typed_date
from tests.factories import (
    GoalFactory,
    ImprovementPlanFactory,
    MeasureFactory,
    TrajectoryFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def trajectory(db) -> Trajectory:
    """A trajectory in the plan phase whose plan (three goals, four measures) the board has submitted."""
    board, school = school_of_noorderlicht()
    financial_expert = UserFactory(
        role=Role.FINANCIAL_EXPERT, email="financieel@example.nl", first_name="Fenna", last_name="Jansen"
    )
    board_member = board_user(board)
    expert_group_user()
    UserFactory(role=Role.PROGRAMME_STAFF, email="staf@example.nl", first_name="Sanne", last_name="de Boer")
    plan = ImprovementPlanFactory(
        trajectory__school=school,
        trajectory__phase=Phase.PLAN,
        trajectory__financial_expert=financial_expert,
        trajectory__registered_on=datetime.date(2008, 9, 1),
    )
    arithmetic = GoalFactory(plan=plan)
    MeasureFactory(
        goal=arithmetic,
        kind="scholing_leraren",
        description="Teamscholing directe instructie bij rekenen.",
        starts_on=datetime.date(2008, 11, 1),
        ends_on=datetime.date(2010, 6, 30),
        estimated_cost=Decimal("18000"),
    )
    MeasureFactory(
        goal=arithmetic,
        kind="nieuwe_methode",
        description="Invoering van een nieuwe rekenmethode in groep 3 tot en met 8.",
        starts_on=datetime.date(2009, 8, 1),
        ends_on=datetime.date(2010, 7, 31),
        estimated_cost=Decimal("9500"),
    )
    leadership = GoalFactory(
        plan=plan,
        theme="schoolleiding",
        description="De directeur stuurt het team aan op de opbrengsten.",
    )
    MeasureFactory(
        goal=leadership,
        kind="coaching_directeur",
        description="Coaching van de directeur door een externe coach.",
        starts_on=datetime.date(2008, 10, 1),
        ends_on=datetime.date(2009, 7, 31),
        estimated_cost=Decimal("7500"),
    )
    plan_services.plan_submit(user=board_member, plan=plan, expected_version=plan.version)
    return plan.trajectory


# The lines the financial expert adds: (measure, school year, cost category, description).
TRAINING = (
    "Teamscholing directe instructie",
    "2008/2009",
    "Scholing",
    "Tien teambijeenkomsten met een trainer",
)
FOLLOW_UP = ("Teamscholing directe instructie", "2009/2010", "Scholing", "Vervolgscholing")
METHOD = ("nieuwe rekenmethode", "2009/2010", "Materialen en methodes", "Methode en licenties")
COACHING = ("Coaching van de directeur", "2008/2009", "Coaching", "")


def add_line(page, line: tuple[str, str, str, str], amounts: tuple[str, str, str]):
    """Fill the form of a new line: `amounts` are (amount, municipality's share, board's share)."""
    measure, year, category, description = line
    page.get_by_role("link", name="Regel toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Begrotingsregel toevoegen")
    page.get_by_label(measure).check()
    page.get_by_label("Schooljaar").select_option(label=year)
    page.get_by_label("Kostensoort").select_option(label=category)
    page.get_by_label("Omschrijving").fill(description)
    amount, municipality, board = amounts
    page.get_by_label("Bedrag (€)").fill(amount)
    page.get_by_label("Bijdrage gemeente (€)").fill(municipality)
    page.get_by_label("Bijdrage schoolbestuur (€)").fill(board)


def test_from_a_submitted_plan_to_a_grant_decision_and_spending(
    live_server, page, screenshot, trajectory, tmp_path
):
    budget_url = f"{live_server.url}/trajecten/{trajectory.pk}/begroting/"

    # The financial expert reads what the budget is and starts it.
    open_as(page, live_server, "financieel@example.nl", budget_url, heading="Begroting")
    expect(page.get_by_test_id("plan-status")).to_have_text("Ingediend")
    screenshot(page, "budget-01-start")
    page.get_by_role("link", name="Begroting opstellen").click()
    screenshot(page, "budget-02-create")
    save(page, "Begroting starten", "De begroting is gestart.")
    expect(page.get_by_test_id("budget-status")).to_have_text("Concept")
    expect(page.get_by_test_id("no-lines")).to_be_visible()
    screenshot(page, "budget-03-empty")

    # The first line: an amount with three decimals is explained, and what was typed stays.
    add_line(page, TRAINING, ("12.345,678", "10.000", "2.345,67"))
    refused(page, "Regel opslaan", "hoogstens twee cijfers na de komma")
    expect(page.get_by_label("Bijdrage gemeente (€)")).to_have_value("10.000")
    screenshot(page, "budget-04-line-errors")
    page.get_by_label("Bedrag (€)").fill("12.345,67")
    save(page, "Regel opslaan", "De regel is toegevoegd aan de begroting.")

    # Shares that do not add up are explained as well.
    add_line(page, FOLLOW_UP, ("6.000", "5.000", "500"))
    refused(page, "Regel opslaan", "De bijdragen komen niet uit op het bedrag van € 6.000,00")
    page.get_by_label("Bijdrage schoolbestuur (€)").fill("1.000")
    screenshot(page, "budget-05-line-form")
    save(page, "Regel opslaan", "De regel is toegevoegd aan de begroting.")

    add_line(page, METHOD, ("9.500", "7.600", "1.900"))
    page.get_by_role("button", name="Regel opslaan").click()
    add_line(page, COACHING, ("7.500", "7.500", "0"))
    page.get_by_role("button", name="Regel opslaan").click()
    expect(page.get_by_test_id("budget-line")).to_have_count(4)
    expect(page.get_by_test_id("budget-commitment")).to_contain_text("€ 30.100,00")
    expect(page.get_by_test_id("budget-commitment")).to_contain_text("Gepland")
    screenshot(page, "budget-06-lines")

    # Removing a line asks for confirmation; the expert changes her mind.
    page.get_by_test_id("budget-line").filter(has_text="Methode en licenties").get_by_role(
        "link", name="Verwijderen"
    ).click()
    expect(page.get_by_role("button", name="Regel verwijderen")).to_be_visible()
    screenshot(page, "budget-07-remove")
    page.get_by_role("link", name="Annuleren en terug naar de begroting").click()
    expect(page.get_by_test_id("budget-line")).to_have_count(4)

    # She checks and submits.
    page.get_by_role("link", name="Begroting indienen").click()
    expect(page.locator("main")).to_contain_text("€ 35.345,67")
    screenshot(page, "budget-08-submit")
    save(page, "Begroting indienen", "De begroting is ingediend bij de expertgroep.")
    expect(page.get_by_test_id("budget-status")).to_have_text("Ingediend")

    # The expert group finds the plan not approved yet, approves the plan, then the budget with the waiver.
    open_as(page, live_server, "expertgroep@example.nl", budget_url)
    page.get_by_role("link", name="Begroting beoordelen").click()
    expect(page.get_by_test_id("plan-not-approved")).to_be_visible()
    screenshot(page, "budget-09-review-plan-not-approved")
    page.get_by_role("link", name="Eerst het plan beoordelen").click()
    decide(page, "Goedkeuren")
    expect(page.get_by_test_id("plan-status")).to_have_text("Goedgekeurd")

    page.goto(budget_url)
    page.get_by_role("link", name="Begroting beoordelen").click()
    expect(page.get_by_test_id("plan-not-approved")).to_have_count(0)
    page.get_by_label("Goedkeuren").check()
    refused(
        page,
        "Besluit vastleggen",
        "Bevestig dat het schoolbestuur afstand heeft gedaan",
        "Vul de datum in waarop het bestuur afstand heeft gedaan",
    )
    screenshot(page, "budget-10-review-errors")
    page.get_by_label("Het schoolbestuur heeft afstand gedaan").check()
    page.get_by_label("Datum van de afstandsverklaring").fill(typed_date())
    save(
        page,
        "Besluit vastleggen",
        "De begroting is goedgekeurd: de bijdrage van de gemeente van € 30.100,00 is toegezegd.",
    )
    expect(page.get_by_test_id("budget-status")).to_have_text("Goedgekeurd")
    expect(page.get_by_test_id("budget-commitment")).to_contain_text("Toegezegd")
    screenshot(page, "budget-11-approved")

    # Programme staff record the grant decision: too much first.
    open_as(page, live_server, "staf@example.nl", budget_url)
    page.get_by_role("link", name="Beschikking vastleggen").click()
    page.get_by_label("Datum van de beschikking").fill(typed_date())
    page.get_by_label("Kenmerk").fill("DMO/2009/0042")
    page.get_by_label("Beschikt bedrag (€)").fill("31.000")
    refused(
        page,
        "Beschikking vastleggen",
        "De beschikking mag niet hoger zijn dan de goedgekeurde bijdrage van de gemeente van € 30.100,00.",
    )
    screenshot(page, "budget-12-grant-errors")
    page.get_by_label("Beschikt bedrag (€)").fill("30.100")
    save(page, "Beschikking vastleggen", "De beschikking is vastgelegd.")
    expect(page.get_by_test_id("grant-decision")).to_contain_text("DMO/2009/0042")
    screenshot(page, "budget-13-granted")

    budget = Budget.objects.get(trajectory=trajectory)
    assert budget.status == SubmissionStatus.APPROVED
    assert budget.lines.count() == 4
    assert GrantDecision.objects.get(budget=budget).amount == Decimal("30100")

    # The board reads its budget, without buttons.
    open_as(page, live_server, "bestuur@example.nl", budget_url)
    expect(page.get_by_test_id("budget-status")).to_have_text("Goedgekeurd")
    expect(page.get_by_test_id("budget-actions")).to_have_count(0)
    screenshot(page, "budget-14-board")

    # The budget's lines as XLSX: the figures are numbers that add up to the page's totals.
    rows = read_xlsx(page, tmp_path, page.locator("section").filter(has=page.locator("#regels-heading")))
    lines = [row for row in rows if "Totaal" not in {str(value) for value in row.values()}]
    assert len(rows) == len(lines) + 1  # and the totals row the page shows
    assert sorted(row["Bedrag"] for row in lines) == [6000, 7500, 9500, 12345.67]
    assert round(sum(row["Gemeente"] for row in lines), 2) == 30100
    assert round(sum(row["Schoolbestuur"] for row in lines), 2) == 5245.67

    # Two quarters of spending, recorded by the board.
    this_quarter = Quarter.of(timezone.localdate())
    last_quarter = (
        Quarter(this_quarter.year - 1, 4)
        if this_quarter.number == 1
        else Quarter(this_quarter.year, this_quarter.number - 1)
    )
    by_description = {line.description: line for line in budget.lines.all()}
    training, method = (
        by_description["Tien teambijeenkomsten met een trainer"],
        by_description["Methode en licenties"],
    )
    for quarter, amounts in (
        (last_quarter, {training: ("6.000", "1.000")}),
        (this_quarter, {training: ("4.500", "1.345,67"), method: ("8.000", "")}),
    ):
        page.get_by_role("link", name="Besteding", exact=True).click()
        page.get_by_role("link", name="Besteding van een kwartaal vastleggen").click()
        page.get_by_label("Kwartaal").select_option(label=quarter.label)
        for line, (municipality, board) in amounts.items():
            page.locator(f"#id_municipality_{line.pk}").fill(municipality)
            page.locator(f"#id_board_{line.pk}").fill(board)
        save(page, "Besteding opslaan", f"De besteding van het {quarter.label} is vastgelegd.")
    expect(page.get_by_test_id("realisation-lead")).to_contain_text("€ 20.845,67 besteed")
    expect(page.get_by_test_id("overspent-alert")).to_contain_text("1 begrotingsregel is overschreden")
    screenshot(page, "budget-15-spending")

    # Budget against spending as XLSX: per line, with what is left and what is overspent.
    spending = read_xlsx(page, tmp_path, page.locator("section").filter(has=page.locator("#lines-heading")))
    rows = {row["Omschrijving"]: row for row in spending[:-1]}
    assert rows["Tien teambijeenkomsten met een trainer"]["Besteed gemeente"] == 10500
    assert rows["Tien teambijeenkomsten met een trainer"]["Resterend"] == -500
    assert rows["Tien teambijeenkomsten met een trainer"]["Overschreden"] == "Overschreden"
    assert rows["Methode en licenties"]["Besteed gemeente"] == 8000
    assert rows["Methode en licenties"]["Overschreden"] == "Bijdrage overschreden: gemeente"
    assert spending[-1]["Totaal begroot"] == 35345.67 and spending[-1]["Totaal besteed"] == 20845.67


def read_xlsx(page, tmp_path, section) -> list[dict]:
    """Download a section's table as Excel; its rows as {column header: value}."""
    with page.expect_download() as download_info:
        section.get_by_role("link", name="Excel").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    header, *rows = openpyxl.load_workbook(path).active.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_a_revision_after_an_audit_is_returned_with_comments(live_server, page, screenshot, trajectory):
    """Version 1 of plan and budget are approved; after the audit a second plan version needs a revised budget,
    which the expert group returns once. A trajectory without a plan says the plan comes first."""
    financial_expert = trajectory.financial_expert
    reviewer = User.objects.get(email="expertgroep@example.nl")
    staff = User.objects.get(email="staf@example.nl")
    board_member = User.objects.get(email="bestuur@example.nl")
    plan = trajectory.plans.get()
    budget = services.budget_create(user=financial_expert, plan=plan)
    for measure in plan.goals.first().measures.all():
        services.budget_line_save(
            user=financial_expert,
            budget=budget,
            measure=measure,
            school_year=school_year_of(measure.starts_on),
            category="scholing",
            amount=Decimal("5000"),
            municipality_amount=Decimal("4000"),
            board_amount=Decimal("1000"),
        )
    budget.refresh_from_db()
    services.budget_submit(user=financial_expert, budget=budget, expected_version=budget.version)
    plan_services.plan_approve(user=reviewer, plan=plan)
    services.budget_approve(
        user=reviewer, budget=budget, waiver_confirmed=True, equalisation_waived_on=timezone.localdate()
    )
    plan_services.plan_new_version(
        user=staff, trajectory=trajectory, reason="De audit vraagt meer coaching en minder scholing."
    )

    # The financial expert is told the new plan version has no budget, and revises it.
    open_as(
        page, live_server, "financieel@example.nl", f"{live_server.url}/trajecten/{trajectory.pk}/begroting/"
    )
    expect(page.get_by_test_id("revise-notice")).to_be_visible()
    screenshot(page, "budget-20-revise-notice")
    page.get_by_test_id("revise-notice").get_by_role("link", name="Begroting herzien").click()
    expect(page.get_by_label("Reden van de herziening")).to_have_value(
        "De audit vraagt meer coaching en minder scholing."
    )
    screenshot(page, "budget-21-revision-create")
    page.get_by_label("Reden van de herziening").fill("Na de audit: meer coaching van de directeur.")
    page.get_by_role("button", name="Herziening starten").click()
    expect(page.get_by_test_id("change-reason")).to_contain_text("meer coaching van de directeur")
    expect(page.get_by_test_id("budget-versions")).to_be_visible()
    expect(page.get_by_test_id("budget-line")).to_have_count(2)
    screenshot(page, "budget-22-revision")

    # The board submits the new plan version; the expert submits the budget; the expert group returns it.
    new_plan = trajectory.plans.get(number=2)
    plan_services.plan_submit(user=board_member, plan=new_plan, expected_version=new_plan.version)
    page.reload()
    submit(page, "Begroting indienen")
    open_as(
        page, live_server, "expertgroep@example.nl", f"{live_server.url}/trajecten/{trajectory.pk}/begroting/"
    )
    page.get_by_role("link", name="Begroting beoordelen").click()
    page.get_by_label("Terugsturen met opmerkingen").check()
    refused(page, "Besluit vastleggen", "Schrijf op wat er moet veranderen")
    page.get_by_role("textbox", name="Opmerkingen").fill(
        "Neem de coaching van de directeur op in schooljaar 2009/2010."
    )
    page.get_by_role("button", name="Besluit vastleggen").click()

    open_as(
        page, live_server, "financieel@example.nl", f"{live_server.url}/trajecten/{trajectory.pk}/begroting/"
    )
    expect(page.get_by_test_id("budget-status")).to_have_text("Teruggestuurd")
    expect(page.get_by_test_id("returned-comments")).to_contain_text("coaching van de directeur")
    screenshot(page, "budget-23-returned")
    # Version 1 stays approved and readable.
    page.get_by_test_id("budget-versions").get_by_role("link", name="Versie 1").click()
    expect(page.get_by_test_id("budget-status")).to_have_text("Goedgekeurd")
    screenshot(page, "budget-24-earlier-version")
    assert Budget.objects.get(trajectory=trajectory, plan__number=1).status == SubmissionStatus.APPROVED

    # A trajectory without a plan: the plan comes first.
    other = TrajectoryFactory(school__board=trajectory.school.board, phase=Phase.PLAN)
    open_as(page, live_server, "bestuur@example.nl", f"{live_server.url}/trajecten/{other.pk}/begroting/")
    expect(page.get_by_test_id("plan-first")).to_be_visible()
    screenshot(page, "budget-25-plan-first")
