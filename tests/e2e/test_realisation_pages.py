"""In the browser: what a school board spent against its approved budget, and what the experts cost.

The plan is approved through the plan services (so the execution has started) and its budget drawn up, submitted and
approved through the finance services. The board records two quarters of spending (a bad amount and a missing
quarter are explained first), adds an invoice, sees the variance with one line overspent, and downloads the table
per budget line as XLSX. Programme staff then record an expert's hours (a bad rate first).
"""

import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from finance import services as finance_services
from finance.constants import Quarter, school_year_of
from finance.models import ExpertCost, RealisationDocument, RealisationEntry
from improvement_plans import services as plan_services
from improvement_plans.constants import Phase
from kwaliteitsaanpak.accounts.roles import Role
from tests.e2e.people import board_user, education_expert, school_of_noorderlicht
from tests.e2e.steps import open_as, refused, save
from tests.factories import (
    AnalysisFactory,
    GoalFactory,
    ImprovementPlanFactory,
    MeasureFactory,
    PlanReviewFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
THIS_QUARTER = Quarter.of(TODAY)
LAST_QUARTER = Quarter.of(THIS_QUARTER.first_day - datetime.timedelta(days=1))


def money(value: str) -> Decimal:
    return Decimal(value)


@pytest.fixture
def budget(db):
    """A trajectory whose plan the expert group approved (so the execution started today) with an approved budget
    of three lines: training € 12.000, coaching € 6.000 and materials € 3.000 (the latter all municipal)."""
    board, school = school_of_noorderlicht()
    board_user(board)
    UserFactory(role=Role.PROGRAMME_STAFF, email="staf@example.nl", first_name="Sanne", last_name="de Boer")
    expert = education_expert()
    financial_expert = UserFactory(
        role=Role.FINANCIAL_EXPERT, email="financieel@example.nl", first_name="Anna", last_name="Jansen"
    )
    reviewer = UserFactory(role=Role.EXPERT_GROUP, first_name="Greet", last_name="de Wit")
    trajectory = TrajectoryFactory(
        school=school,
        phase=Phase.PLAN,
        registered_on=TODAY - datetime.timedelta(days=300),
        financial_expert=financial_expert,
    )
    trajectory.education_experts.add(expert)
    AnalysisFactory(trajectory=trajectory, status="goedgekeurd", answered=True)
    plan = ImprovementPlanFactory(trajectory=trajectory, status="ingediend")
    measures = [
        MeasureFactory(goal=GoalFactory(plan=plan), kind=kind, description=description)
        for kind, description in [
            ("scholing_leraren", "Teamscholing directe instructie bij rekenen."),
            ("coaching_directeur", "Coaching van de directeur door een externe coach."),
            ("nieuwe_methode", "Nieuwe rekenmethode met materialen voor groep 3 tot en met 8."),
        ]
    ]
    PlanReviewFactory(plan=plan)
    plan_services.plan_approve(user=reviewer, plan=plan)

    budget = finance_services.budget_create(user=financial_expert, plan=plan)
    for measure, category, municipality, board_share in [
        (measures[0], "scholing", "9000", "3000"),
        (measures[1], "coaching", "4500", "1500"),
        (measures[2], "materialen", "3000", "0"),
    ]:
        finance_services.budget_line_save(
            user=financial_expert,
            budget=budget,
            measure=measure,
            school_year=school_year_of(measure.starts_on),
            category=category,
            amount=money(municipality) + money(board_share),
            municipality_amount=money(municipality),
            board_amount=money(board_share),
        )
    budget.refresh_from_db()
    finance_services.budget_submit(user=financial_expert, budget=budget, expected_version=budget.version)
    finance_services.budget_approve(
        user=reviewer, budget=budget, waiver_confirmed=True, equalisation_waived_on=TODAY
    )
    budget.refresh_from_db()
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.EXECUTION and budget.status == "goedgekeurd"
    return budget


def test_the_board_records_spending_and_staff_record_expert_hours(
    live_server, page, screenshot, budget, tmp_path
):
    trajectory = budget.trajectory
    training, coaching, materials = budget.lines.order_by("id")
    spending_url = f"{live_server.url}/trajecten/{trajectory.pk}/realisatie/"

    # Another school of the board has no approved budget yet: the page says when spending is recorded.
    other = TrajectoryFactory(
        school=SchoolFactory(name="Basisschool De Klimop", board=trajectory.school.board),
        phase=Phase.EXECUTION,
        registered_on=TODAY - datetime.timedelta(days=100),
    )
    open_as(page, live_server, "bestuur@example.nl", f"{live_server.url}/trajecten/{other.pk}/realisatie/")
    expect(page.get_by_test_id("realisation-empty")).to_contain_text("zodra de expertgroep de begroting")
    screenshot(page, "finance-realisation-01-no-budget")

    # The approved budget, nothing spent yet.
    page.goto(spending_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Besteding")
    expect(page.get_by_test_id("realisation-lead")).to_contain_text("€ 0,00 besteed")
    screenshot(page, "finance-realisation-02-nothing-spent")

    # The first quarter: an amount with three decimals is explained, nothing is saved, then it is corrected.
    page.get_by_role("link", name="Besteding van een kwartaal vastleggen").click()
    expect(page.get_by_test_id("realisation-line")).to_have_count(3)
    screenshot(page, "finance-realisation-03-form")
    page.get_by_label("Kwartaal").select_option(label=LAST_QUARTER.label)
    page.locator(f"#id_municipality_{training.pk}").fill("4.000,678")
    page.locator(f"#id_board_{training.pk}").fill("1.000")
    page.locator(f"#id_municipality_{coaching.pk}").fill("2.250")
    page.get_by_label("Toelichting").fill("Teamscholing gestart; coach ingehuurd.")
    page.get_by_role("button", name="Besteding opslaan").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("besteed uit de bijdrage van de gemeente")
    expect(summary).to_contain_text("hoogstens twee cijfers na de komma")
    expect(page.locator(f"#id_municipality_{training.pk}")).to_have_value("4.000,678")
    screenshot(page, "finance-realisation-04-form-errors")
    assert not RealisationEntry.objects.exists()
    page.locator(f"#id_municipality_{training.pk}").fill("4.000")
    save(page, "Besteding opslaan", f"De besteding van het {LAST_QUARTER.label} is vastgelegd.")

    # The second quarter: forgetting to choose the quarter is explained; then the materials are overspent.
    page.get_by_role("link", name="Besteding van een kwartaal vastleggen").click()
    expect(page.locator("#id_quarter")).to_be_visible()  # the form has loaded before its options are read
    assert LAST_QUARTER.label not in page.locator("#id_quarter option").all_inner_texts()
    page.locator(f"#id_municipality_{materials.pk}").fill("3.450,50")
    page.locator(f"#id_municipality_{training.pk}").fill("2.500")
    page.locator(f"#id_board_{training.pk}").fill("500")
    refused(page, "Besteding opslaan", "Kies het kwartaal.")
    expect(page.locator(f"#id_municipality_{materials.pk}")).to_have_value("3.450,50")
    page.get_by_label("Kwartaal").select_option(label=THIS_QUARTER.label)
    page.get_by_label("Toelichting").fill("De nieuwe methode viel duurder uit door extra werkboeken.")
    save(page, "Besteding opslaan", f"De besteding van het {THIS_QUARTER.label} is vastgelegd.")

    # An invoice for the second quarter.
    quarter = page.get_by_test_id("realisation-quarter").filter(has_text=THIS_QUARTER.label)
    quarter.get_by_role("link", name="Document toevoegen").click()
    invoice = tmp_path / "Factuur rekenmethode.pdf"
    invoice.write_bytes(b"%PDF-1.4 factuur werkboeken")
    page.get_by_label("Bestand").set_input_files(str(invoice))
    page.get_by_label("Omschrijving").fill("Factuur werkboeken")
    screenshot(page, "finance-realisation-05-document-form")
    save(page, "Document toevoegen", "Het document is toegevoegd")
    assert RealisationDocument.objects.get().original_filename == "Factuur rekenmethode.pdf"

    # Budget against spending: € 13.700,50 of € 21.000,00, the materials overspent.
    expect(page.get_by_test_id("realisation-lead")).to_contain_text("€ 13.700,50 besteed")
    expect(page.get_by_test_id("overspent-alert")).to_contain_text("1 begrotingsregel is overschreden")
    rows = page.get_by_test_id("realisation-lines").locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(2)).to_contain_text("Overschreden")
    expect(rows.nth(2)).to_contain_text("€ -450,50")
    expect(rows.nth(0)).not_to_contain_text("Overschreden")
    expect(page.get_by_test_id("realisation-documents")).to_contain_text("Factuur rekenmethode.pdf")
    screenshot(page, "finance-realisation-06-variance")

    # The document downloads under its own name.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Factuur rekenmethode.pdf", exact=True).click()
    assert download_info.value.suggested_filename == "Factuur rekenmethode.pdf"

    # The table per budget line as XLSX: the figures are numbers.
    lines_section = page.locator("section").filter(has=page.locator("#lines-heading"))
    with page.expect_download() as download_info:
        lines_section.get_by_role("link", name="Excel").click()
    download = download_info.value
    assert download.suggested_filename == "besteding-basisschool-de-vuurtoren-regels.xlsx"
    download.save_as(tmp_path / download.suggested_filename)
    sheet = openpyxl.load_workbook(tmp_path / download.suggested_filename).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    column = {name: index for index, name in enumerate(rows[0])}
    by_category = {row[column["Kostensoort"]]: row for row in rows[1:-1]}
    materials_row = by_category["Materialen en methodes"]
    assert materials_row[column["Begroot gemeente"]] == 3000
    assert materials_row[column["Besteed gemeente"]] == 3450.5
    assert materials_row[column["Resterend"]] == -450.5
    assert materials_row[column["Overschreden"]] == "Overschreden"
    total = rows[-1]
    assert total[0] == "Totaal"
    assert total[column["Totaal begroot"]] == 21000 and total[column["Totaal besteed"]] == 13700.5

    # Correcting the first quarter.
    page.get_by_test_id("realisation-quarter").filter(has_text=LAST_QUARTER.label).get_by_role(
        "link", name="Wijzigen"
    ).click()
    expect(page.locator(f"#id_municipality_{training.pk}")).to_have_value("4.000,00")
    screenshot(page, "finance-realisation-07-change-quarter")
    page.locator(f"#id_municipality_{coaching.pk}").fill("2.500")
    save(page, "Besteding opslaan", "is gewijzigd")
    expect(page.get_by_test_id("realisation-lead")).to_contain_text("€ 13.950,50 besteed")
    screenshot(page, "finance-realisation-08-after-change")

    # Programme staff record an expert's hours; a rate of zero is explained first.
    open_as(
        page, live_server, "staf@example.nl", f"{live_server.url}/trajecten/{trajectory.pk}/expertkosten/"
    )
    expect(page.get_by_test_id("expert-costs-empty")).to_be_visible()
    screenshot(page, "finance-expert-costs-01-empty")
    page.get_by_role("link", name="Uren van een expert vastleggen").click()
    page.get_by_label("Expert").select_option(label="Els Bakker")
    page.get_by_label("Kwartaal").select_option(label=LAST_QUARTER.label)
    page.get_by_label("Uren").fill("12,5")
    page.get_by_label("Uurtarief (€)").fill("0")
    page.get_by_label("Opmerking").fill("Klassenbezoeken en analyse")
    screenshot(page, "finance-expert-costs-02-form")
    refused(page, "Uren opslaan", "Vul een uurtarief boven nul in.")
    screenshot(page, "finance-expert-costs-03-form-errors")
    page.get_by_label("Uurtarief (€)").fill("95,00")
    save(page, "Uren opslaan", "De uren zijn vastgelegd.")

    page.get_by_role("link", name="Uren van een expert vastleggen").click()
    page.get_by_label("Expert").select_option(label="Anna Jansen")
    page.get_by_label("Uren").fill("4,25")
    page.get_by_label("Uurtarief (€)").fill("110,50")
    page.get_by_role("button", name="Uren opslaan").click()
    expect(page.get_by_test_id("expert-cost-total")).to_contain_text("In totaal 16,75 uur, € 1.657,13")
    screenshot(page, "finance-expert-costs-04-list")
    assert ExpertCost.objects.count() == 2

    page.get_by_test_id("expert-costs").get_by_role("link", name="Verwijderen").first.click()
    expect(page.get_by_test_id("expert-cost-summary")).to_be_visible()
    screenshot(page, "finance-expert-costs-05-remove")

    # Staff see the spending too, with the same figures.
    page.goto(spending_url)
    expect(page.get_by_test_id("realisation-lead")).to_contain_text("€ 13.950,50 besteed")
