"""In the browser: the interim results of Basisschool De Vuurtoren, supplied by the board and judged by the
Inspectie.

Bram Visser of the board opens the review from the list, types the grid with decimal commas (a share of 150% is
explained first), leaves technical reading in group 8 empty and submits the results. Ilse de Groot of the Inspectie
judges them insufficient with a note and records the school's supervision arrangement. The municipality reads the
judgement without a figure per grade; the list is looked at 390 px wide."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from audits.models import InspectionReview, SupervisionArrangement
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.dates import school_year_label, school_year_of
from tests.audits.factories_inspection import InspectionReviewFactory
from tests.e2e.people import board_user, school_of_noorderlicht
from tests.e2e.steps import open_as, refused, save
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUBJECTS = ("Technisch lezen", "Begrijpend lezen", "Spelling", "Rekenen")


@pytest.fixture
def review(db) -> InspectionReview:
    board, school = school_of_noorderlicht()
    board_user(board)
    UserFactory(role=Role.INSPECTION, email="inspectie@example.nl", first_name="Ilse", last_name="de Groot")
    UserFactory(role=Role.MUNICIPALITY, email="gemeente@example.nl", first_name="Gert", last_name="Smit")
    return InspectionReviewFactory(trajectory__school=school)


def _fill_grid(page, share: str, norm: str) -> None:
    for subject in SUBJECTS:
        for grade in range(3, 9):
            if subject == "Technisch lezen" and grade == 8:
                continue
            page.get_by_label(f"{subject}, groep {grade}: leerlingen op of boven de norm (%)").fill(share)
            page.get_by_label(f"{subject}, groep {grade}: norm (%)").fill(norm)


def test_the_board_supplies_and_the_inspectie_judges(live_server, page, screenshot, review):
    url = live_server.url
    open_as(page, live_server, "bestuur@example.nl", url + "/inspectie/beoordelingen/", "Tussenopbrengsten")
    screenshot(page, "inspection-list-board")
    page.get_by_role("link", name="Basisschool De Vuurtoren").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Nog aan te leveren")
    screenshot(page, "inspection-detail-to-supply")
    page.get_by_role("link", name="Tussenopbrengsten invullen").click()
    _fill_grid(page, "68,5", "65")
    page.get_by_label("Rekenen, groep 5: leerlingen op of boven de norm (%)").fill("150")
    refused(page, "Tussenopbrengsten opslaan", "Vul een percentage in tussen 0 en 100.")
    screenshot(page, "inspection-results-error")
    page.get_by_label("Rekenen, groep 5: leerlingen op of boven de norm (%)").fill("58,5")
    save(page, "Tussenopbrengsten opslaan", "De tussenopbrengsten zijn opgeslagen.")
    expect(page.get_by_test_id("results-grid")).to_contain_text("58,5%")
    expect(page.get_by_test_id("results-grid")).to_contain_text("onder de norm")
    screenshot(page, "inspection-detail-filled")
    page.get_by_role("link", name="Tussenopbrengsten indienen").click()
    screenshot(page, "inspection-submit")
    save(page, "Tussenopbrengsten indienen bij de Inspectie", "ingediend bij de Inspectie")

    open_as(page, live_server, "inspectie@example.nl", url + review.get_absolute_url())
    page.get_by_role("link", name="Tussenopbrengsten beoordelen").click()
    page.get_by_label("Tussenopbrengsten beoordelen").check()
    page.get_by_label("Onvoldoende").check()
    refused(page, "Besluit vastleggen", "Schrijf op wat tekortschiet")
    page.get_by_label("Toelichting").fill("Rekenen in groep 5 blijft ruim onder de norm.")
    screenshot(page, "inspection-judge")
    save(page, "Besluit vastleggen", "De tussenopbrengsten zijn onvoldoende beoordeeld.")
    expect(page.get_by_test_id("judgement").first).to_have_text("Onvoldoende")
    screenshot(page, "inspection-detail-judged")

    page.goto(url + "/inspectie/toezichtarrangementen/")
    year = school_year_label(school_year_of(timezone.localdate()))
    expect(page.get_by_test_id("without-arrangement")).to_contain_text("Basisschool De Vuurtoren")
    screenshot(page, "inspection-arrangements-empty")
    page.get_by_role("link", name="Arrangement vastleggen Basisschool De Vuurtoren").click()
    page.get_by_label("Aangepast arrangement").check()
    page.get_by_label("Extra toezicht").fill("Een extra inspectiebezoek in het voorjaar.")
    screenshot(page, "inspection-arrangement-form")
    save(page, "Arrangement vastleggen", "Het toezichtarrangement is vastgelegd.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Toezichtarrangement {year}")
    screenshot(page, "inspection-arrangement-detail")
    assert SupervisionArrangement.objects.get().arrangement == "aangepast"

    open_as(page, live_server, "gemeente@example.nl", url + review.get_absolute_url())
    expect(page.get_by_test_id("judgement-section")).to_contain_text(
        "Rekenen in groep 5 blijft ruim onder de norm."
    )
    expect(page.get_by_test_id("results-grid")).to_have_count(0)
    screenshot(page, "inspection-detail-municipality")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url + "/inspectie/beoordelingen/")
    screenshot(page, "inspection-list-390")
