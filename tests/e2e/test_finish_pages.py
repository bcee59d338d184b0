"""In the browser: what a new user tripped over, fixed. A board whose schools all take part is told so instead of an
empty list; an empty registration names what is missing; a measure shows a bad amount and an end before its start
in one round; an attachment added by mistake is removed after a confirmation and the removal is on the timeline;
the analysis's check page names the joint work still missing; the plan's submit page shows its budget; the budget's
check page warns about a measure without an amount; a supporting document is removed after a confirmation."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from finance import services as finance_services
from finance.constants import Quarter
from improvement_plans import services
from improvement_plans.constants import Phase
from kwaliteitsaanpak.accounts.roles import Role
from tests.e2e.people import board_user, education_expert, school_of_noorderlicht
from tests.e2e.steps import open_as, refused, save
from tests.factories import (
    AnalysisFactory,
    BudgetFactory,
    BudgetLineFactory,
    GoalFactory,
    ImprovementPlanFactory,
    MeasureFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def noorderlicht(db):
    board, school = school_of_noorderlicht()
    return board, school, board_user(board), education_expert()


def test_a_board_with_no_school_left_is_told_what_to_do(live_server, page, screenshot, noorderlicht):
    board, school, _user, _expert = noorderlicht
    TrajectoryFactory(school=school, phase=Phase.ANALYSIS)
    open_as(page, live_server, "bestuur@example.nl", live_server.url + "/")
    expect(page.get_by_role("link", name="School aanmelden")).to_have_count(0)
    page.goto(live_server.url + "/trajecten/aanmelden/")
    notice = page.get_by_test_id("no-school-left")
    expect(notice).to_contain_text("Er is geen school meer om aan te melden")
    expect(notice).to_contain_text("Elke school van Stichting Noorderlicht heeft al een lopend traject")
    expect(page.locator("#id_school")).to_have_count(0)
    screenshot(page, "finish-01-no-school-left")
    page.set_viewport_size(PHONE)
    screenshot(page, "finish-01-no-school-left-390")
    page.get_by_role("link", name="Naar de trajecten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trajecten")


def test_an_empty_registration_names_what_is_missing(live_server, page, screenshot, noorderlicht):
    board, _school, _user, _expert = noorderlicht
    linde = SchoolFactory(board=board, name="Basisschool De Linde")
    open_as(page, live_server, "bestuur@example.nl", live_server.url + "/trajecten/aanmelden/")
    page.locator("#id_registered_on").fill("31-02-2026")
    refused(
        page,
        "School aanmelden",
        "Kies de school die zich aanmeldt.",
        "Kies de reden waarom de school meedoet.",
        "31-02-2026 bestaat niet: februari 2026 heeft 28 dagen.",
    )
    expect(page.get_by_role("alert")).not_to_contain_text("Dit veld is verplicht")
    screenshot(page, "finish-02-registration-errors")
    page.locator("#id_school").select_option(value=str(linde.pk))
    page.get_by_label("Vrijwillig").check()
    page.locator("#id_registered_on").fill("28-02-2026")
    save(page, "School aanmelden", "Volgende stap: DMO plant het intakegesprek met de onderwijsexperts")
    screenshot(page, "finish-03-registered-next-step")


def test_a_measure_shows_every_problem_in_one_round(live_server, page, screenshot, noorderlicht):
    _board, school, _user, _expert = noorderlicht
    plan = ImprovementPlanFactory(
        trajectory__school=school,
        trajectory__phase=Phase.PLAN,
        trajectory__registered_on=datetime.date(2026, 9, 1),
    )
    goal = GoalFactory(plan=plan)
    open_as(
        page,
        live_server,
        "bestuur@example.nl",
        f"{live_server.url}/trajecten/{plan.trajectory_id}/plan/1/doelen/{goal.pk}/maatregelen/nieuw/",
    )
    page.locator("#id_kind").select_option(label="Scholing van leraren")
    page.locator("#id_description").fill("Teamscholing directe instructie bij rekenen.")
    page.locator("#id_responsible").fill("Rekencoördinator")
    page.locator("#id_starts_on").fill("01-06-2027")
    page.locator("#id_ends_on").fill("01-11-2026")
    page.locator("#id_estimated_cost").fill("veel")
    refused(
        page,
        "Maatregel opslaan",
        "Vul een bedrag in euro in, bijvoorbeeld 12.345,67.",
        "Vul een einddatum in die na de begindatum ligt.",
    )
    screenshot(page, "finish-04-measure-errors")
    page.set_viewport_size(PHONE)
    screenshot(page, "finish-04-measure-errors-390")


def test_an_attachment_added_by_mistake_is_removed_and_the_analysis_names_what_is_missing(
    live_server, page, screenshot, noorderlicht
):
    _board, school, _user, expert = noorderlicht
    analysis = AnalysisFactory(trajectory__school=school, answered=True)
    analysis.trajectory.education_experts.add(expert)
    services.attachment_add(
        user=expert,
        trajectory=analysis.trajectory,
        file=SimpleUploadedFile("leerlingenlijst.pdf", b"%PDF-1.4 namen", content_type="application/pdf"),
        description="Per ongeluk toegevoegd",
    )
    analysis_url = f"{live_server.url}/trajecten/{analysis.trajectory_id}/analyse/"
    open_as(page, live_server, "expert@example.nl", analysis_url, heading="Kwaliteitsanalyse")
    page.get_by_test_id("attachments").get_by_role("link", name="Verwijderen leerlingenlijst.pdf").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Een bijlage verwijderen")
    expect(
        page.get_by_text("Weet u zeker dat u deze bijlage uit de analyse wilt verwijderen?")
    ).to_be_visible()
    screenshot(page, "finish-05-attachment-remove")
    save(page, "Bijlage verwijderen", "De bijlage is uit de analyse verwijderd.")
    expect(page.get_by_role("link", name="leerlingenlijst.pdf")).to_have_count(0)
    page.goto(f"{live_server.url}/trajecten/{analysis.trajectory_id}/")
    expect(page.get_by_text("Bijlage van de analyse verwijderd")).to_be_visible()

    open_as(page, live_server, "bestuur@example.nl", analysis_url + "indienen/")
    missing = page.get_by_test_id("missing")
    expect(missing).to_contain_text("Ten minste één lesbezoek door een onderwijsexpert")
    expect(missing).to_contain_text("Een gesprek met de directeur, gevoerd door een onderwijsexpert")
    expect(missing).to_contain_text("Een gesprek met leraren of de intern begeleider (IB)")
    screenshot(page, "finish-06-analysis-missing-joint-work")
    missing.get_by_role("link", name="Ten minste één lesbezoek").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lesbezoek toevoegen")


def test_the_plan_shows_its_budget_and_the_budget_warns_before_submitting(
    live_server, page, screenshot, noorderlicht
):
    _board, school, _user, _expert = noorderlicht
    financial_expert = UserFactory(
        role=Role.FINANCIAL_EXPERT, email="financieel@example.nl", first_name="Fenna", last_name="Jansen"
    )
    plan = ImprovementPlanFactory(
        trajectory__school=school, trajectory__phase=Phase.PLAN, trajectory__financial_expert=financial_expert
    )
    first = MeasureFactory(goal=GoalFactory(plan=plan))
    MeasureFactory(goal=GoalFactory(plan=plan, order=2), kind="coaching_directeur", description="Coaching.")
    plan_url = f"{live_server.url}/trajecten/{plan.trajectory_id}/plan/1/indienen/"
    open_as(page, live_server, "bestuur@example.nl", plan_url)
    part = page.get_by_test_id("plan-part")
    expect(part).to_contain_text("Niet gestart")
    expect(part).to_contain_text("De begroting van deze versie is nog niet opgesteld.")
    screenshot(page, "finish-07-plan-submit-budget")

    budget = finance_services.budget_create(user=financial_expert, plan=plan)
    BudgetLineFactory(budget=budget, measure=first)
    open_as(
        page,
        live_server,
        "financieel@example.nl",
        f"{live_server.url}/trajecten/{plan.trajectory_id}/begroting/1/indienen/",
    )
    warnings = page.get_by_test_id("budget-warnings")
    expect(warnings).to_contain_text("Doel 2, Coaching van de directeur")
    expect(warnings).to_contain_text("voor deze maatregel is geen bedrag begroot")
    screenshot(page, "finish-08-budget-warnings")
    page.set_viewport_size(PHONE)
    screenshot(page, "finish-08-budget-warnings-390")


def test_a_supporting_document_added_by_mistake_is_removed(live_server, page, screenshot, noorderlicht):
    _board, school, user, _expert = noorderlicht
    today = timezone.localdate()
    trajectory = TrajectoryFactory(
        school=school,
        phase=Phase.EXECUTION,
        registered_on=today - datetime.timedelta(days=540),
        execution_started_on=today - datetime.timedelta(days=360),
    )
    plan = ImprovementPlanFactory(trajectory=trajectory, status="goedgekeurd")
    budget = BudgetFactory(
        plan=plan, approved=True, approved_at=timezone.now() - datetime.timedelta(days=300)
    )
    BudgetLineFactory(budget=budget)
    last_quarter = Quarter.of(Quarter.of(today).first_day - datetime.timedelta(days=1))
    saved = finance_services.realisation_save(
        user=user, trajectory=trajectory, quarter=last_quarter, amounts={}
    )
    finance_services.realisation_document_add(
        user=user,
        realisation=saved,
        file=SimpleUploadedFile("namenlijst.pdf", b"%PDF-1.4 namen", content_type="application/pdf"),
        description="Verkeerd bestand",
    )
    open_as(
        page, live_server, "bestuur@example.nl", f"{live_server.url}/trajecten/{trajectory.pk}/realisatie/"
    )
    page.get_by_test_id("realisation-documents").get_by_role(
        "link", name="Verwijderen namenlijst.pdf"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Een onderbouwend document verwijderen")
    screenshot(page, "finish-09-document-remove")
    save(page, "Document verwijderen", "Het document is verwijderd uit het")
    expect(page.get_by_text("namenlijst.pdf")).to_have_count(0)
