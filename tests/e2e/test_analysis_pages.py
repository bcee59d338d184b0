"""In the browser: a school's way from registration to an approved quality analysis, as the roles who do each step.

The school board registers its school; programme staff plan the intake, record that the school takes part and
assign an education expert; the expert writes the findings and records two class visits and an interview; the
board sees what is missing, completes it and submits; the expert group returns it with comments; the board fixes
and resubmits; the expert group approves.
"""

import pytest
from playwright.sync_api import expect

from improvement_plans.constants import ANALYSIS_QUESTIONS, CORE_THEMES, Phase
from improvement_plans.models import Analysis, AnalysisReview, ClassVisit
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.e2e.browser import log_in
from tests.e2e.people import board_user, education_expert, expert_group_user, school_of_noorderlicht
from tests.e2e.steps import decide, open_as, refused, save, submit, typed_date
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fill_visit(page, *, date: str, group: str, scores: dict[str, str]) -> None:
    page.get_by_label("Datum van het lesbezoek").fill(date)
    page.locator("#id_group").select_option(label=group)
    page.get_by_label("Leerkracht").select_option(label="Groepsleraar")
    for point, score in scores.items():
        page.locator(f"#div_id_score_{point}").get_by_label(score).check()


@pytest.fixture
def people(db):
    board, _ = school_of_noorderlicht()
    UserFactory(role=Role.PROGRAMME_STAFF, email="dmo@example.nl", first_name="Petra", last_name="de Vries")
    education_expert()
    board_user(board)
    expert_group_user()


def take_part(page, live_server) -> Analysis:
    """The board registers its school; staff plan and hold the intake and assign the expert."""
    log_in(page, live_server, "bestuur@example.nl")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()
    page.get_by_role("link", name="School aanmelden").click()
    page.get_by_label("Vrijwillig").check()
    save(page, "School aanmelden", "Basisschool De Vuurtoren is aangemeld.")

    log_in(page, live_server, "dmo@example.nl")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()
    page.get_by_role("link", name="Basisschool De Vuurtoren").click()
    page.get_by_role("link", name="Intake plannen").click()
    page.get_by_label("Datum van de intake").fill(typed_date())
    page.get_by_label("Els Bakker (Onderwijsexpert)").check()
    page.get_by_role("button", name="Intake plannen").click()
    page.get_by_role("link", name="Uitkomst intake vastleggen").click()
    page.get_by_label("De school doet mee", exact=True).check()
    page.get_by_role("button", name="Uitkomst vastleggen").click()
    page.get_by_role("link", name="Experts toewijzen").click()
    page.get_by_label("Els Bakker").check()
    save(page, "Experts toewijzen", "De experts zijn toegewezen.")
    return Analysis.objects.select_related("trajectory").get(
        trajectory__school__name="Basisschool De Vuurtoren"
    )


def test_from_registration_to_an_approved_analysis(live_server, page, screenshot, people):
    analysis = take_part(page, live_server)
    analysis_url = f"{live_server.url}/trajecten/{analysis.trajectory_id}/analyse/"

    # The expert writes the findings, leaving the link with early-school education for later.
    open_as(page, live_server, "expert@example.nl", analysis_url, heading="Kwaliteitsanalyse")
    expect(page.get_by_test_id("analysis-status")).to_have_text("Concept")
    screenshot(page, "analysis-01-draft")

    page.get_by_role("link", name="Analyse bewerken").click()
    page.get_by_label("Gebruikte gegevens").fill(
        "Eindtoets 2006–2008, leerlingvolgsysteem, inspectierapport 2007."
    )
    page.get_by_label("Sterke punten").fill("Een betrokken team en een veilige sfeer.")
    page.get_by_label("Zwakke punten").fill("Weinig zicht op de opbrengsten; de zorg is niet planmatig.")
    for topic in [*ANALYSIS_QUESTIONS, *CORE_THEMES]:
        if topic == "vve":
            continue
        page.locator(f"#id_finding_{topic}").fill(f"Bevinding over {topic.label.lower()}.")
        page.locator(f"#div_id_rating_{topic}").get_by_label("2 – onvoldoende").check()
    page.locator("#div_id_rating_rekenen").get_by_label("1 – slecht").check()
    screenshot(page, "analysis-02-edit-form")
    save(page, "Analyse opslaan", "De analyse is opgeslagen.")
    expect(page.get_by_role("heading", name="De zes vragen van de analyse")).to_be_visible()

    # Two class visits: the first one with a score missing, which is explained.
    page.get_by_role("link", name="Lesbezoek toevoegen").click()
    expect(page.get_by_label("Observator")).to_have_value(str(analysis.trajectory.education_experts.get().pk))
    fill_visit(
        page,
        date=typed_date(),
        group="Groep 5",
        scores={
            "instructie": "3 – voldoende",
            "betrokkenheid": "2 – onvoldoende",
            "differentiatie": "1 – slecht",
        },
    )
    refused(page, "Lesbezoek opslaan", "Klassenmanagement: Kies een score van 1 tot 4.")
    screenshot(page, "analysis-03-visit-errors")
    page.locator("#div_id_score_klassenmanagement").get_by_label("2 – onvoldoende").check()
    page.get_by_label("Opmerking – Differentiatie").fill("Alle leerlingen krijgen dezelfde instructie.")
    save(page, "Lesbezoek opslaan", "Het lesbezoek is toegevoegd.")

    page.get_by_role("link", name="Lesbezoek toevoegen").click()
    fill_visit(
        page,
        date=typed_date(),
        group="Groep 7",
        scores={
            "instructie": "2 – onvoldoende",
            "betrokkenheid": "3 – voldoende",
            "differentiatie": "2 – onvoldoende",
            "klassenmanagement": "4 – goed",
        },
    )
    screenshot(page, "analysis-04-visit-form")
    save(page, "Lesbezoek opslaan", "Het lesbezoek is toegevoegd.")
    assert ClassVisit.objects.filter(analysis=analysis).count() == 2

    page.get_by_role("link", name="Gesprek toevoegen").click()
    page.get_by_label("Datum van het gesprek").fill(typed_date())
    page.get_by_label("Intern begeleider (IB)").check()
    page.get_by_label("Samenvatting").fill(
        "De IB heeft geen overzicht van de leerlingen met een handelingsplan."
    )
    screenshot(page, "analysis-05-interview-form")
    save(page, "Gesprek opslaan", "Het gesprek is toegevoegd.")
    expect(page.get_by_test_id("class-visits").locator("tbody")).to_have_count(2)
    expect(page.get_by_test_id("interviews")).to_contain_text("Intern begeleider (IB)")
    screenshot(page, "analysis-06-with-visits")

    # The board sees what is still missing (a finding, and the interview with the director the analysis rests on),
    # has the expert hold the interview, completes the finding and submits.
    open_as(page, live_server, "bestuur@example.nl", analysis_url)
    page.get_by_role("link", name="Analyse indienen").click()
    missing = page.get_by_test_id("missing")
    expect(missing).to_contain_text("Aansluiting met voor- en vroegschoolse educatie")
    expect(missing).to_contain_text("Een gesprek met de directeur, gevoerd door een onderwijsexpert")
    expect(missing.locator("li", has_text="lesbezoek")).to_have_count(0)  # the class visits are there
    expect(page.get_by_role("button", name="Analyse indienen")).to_have_count(0)
    screenshot(page, "analysis-07-submit-missing")

    open_as(page, live_server, "expert@example.nl", analysis_url)
    page.get_by_role("link", name="Gesprek toevoegen").click()
    page.get_by_label("Datum van het gesprek").fill(typed_date())
    page.get_by_label("Directeur").check()
    page.get_by_label("Samenvatting").fill("De directeur wil de instructie in alle groepen verbeteren.")
    save(page, "Gesprek opslaan", "Het gesprek is toegevoegd.")
    expect(page.get_by_test_id("interviews")).to_contain_text("Els Bakker")

    open_as(page, live_server, "bestuur@example.nl", analysis_url)
    page.get_by_role("link", name="Analyse indienen").click()
    expect(page.get_by_test_id("missing").locator("li", has_text="directeur")).to_have_count(0)
    page.get_by_role("link", name="Een bevinding en een oordeel voor Aansluiting").click()
    page.locator("#id_finding_vve").fill("Er is geen overdracht van de voorschool naar groep 1.")
    page.locator("#div_id_rating_vve").get_by_label("1 – slecht").check()
    page.get_by_role("button", name="Analyse opslaan").click()
    page.get_by_role("link", name="Analyse indienen").click()
    expect(page.get_by_test_id("analysis-summary")).to_contain_text("12 van 12")
    screenshot(page, "analysis-08-submit-confirm")
    save(page, "Analyse indienen", "De analyse is ingediend bij de expertgroep.")
    expect(page.get_by_test_id("analysis-status")).to_have_text("Ingediend")
    expect(page.get_by_role("link", name="Analyse bewerken")).to_have_count(0)
    screenshot(page, "analysis-09-submitted")

    # The expert group returns it; without comments that is explained first.
    open_as(page, live_server, "expertgroep@example.nl", analysis_url)
    page.get_by_role("link", name="Analyse beoordelen").click()
    page.get_by_label("Terugsturen met opmerkingen").check()
    refused(page, "Besluit vastleggen", "Schrijf op wat er moet veranderen")
    screenshot(page, "analysis-10-review-errors")
    page.get_by_label("Opmerkingen", exact=True).fill(
        "Beschrijf bij het zorgsysteem hoe de handelingsplannen worden gevolgd."
    )
    save(page, "Besluit vastleggen", "De analyse is teruggestuurd naar het schoolbestuur.")

    # The board reads the comments at the top, fixes and resubmits.
    open_as(page, live_server, "bestuur@example.nl", analysis_url)
    expect(page.get_by_test_id("analysis-status")).to_have_text("Teruggestuurd")
    expect(page.get_by_test_id("returned-comments")).to_contain_text("handelingsplannen worden gevolgd")
    screenshot(page, "analysis-11-returned")
    page.get_by_role("link", name="Analyse bewerken").click()
    page.locator("#id_finding_zorgsysteem").fill(
        "Handelingsplannen worden opgesteld maar niet gevolgd; de IB bespreekt ze niet met de leraren."
    )
    page.get_by_role("button", name="Analyse opslaan").click()
    submit(page, "Analyse indienen")
    expect(page.get_by_test_id("analysis-status")).to_have_text("Ingediend")

    # The expert group approves.
    open_as(page, live_server, "expertgroep@example.nl", analysis_url)
    page.get_by_role("link", name="Analyse beoordelen").click()
    expect(page.get_by_text("Beschrijf bij het zorgsysteem")).to_be_visible()  # the earlier decision
    screenshot(page, "analysis-12-review")
    decide(page, "Goedkeuren", "De analyse is goedgekeurd. Het traject gaat door naar het verbeterplan.")
    expect(page.get_by_test_id("analysis-status")).to_have_text("Goedgekeurd")
    expect(page.get_by_text("kan niet meer worden gewijzigd")).to_be_visible()
    expect(page.get_by_test_id("reviews").locator("li")).to_have_count(2)
    screenshot(page, "analysis-13-approved")

    analysis = Analysis.objects.select_related("trajectory").get(pk=analysis.pk)
    assert analysis.status == SubmissionStatus.APPROVED
    assert analysis.trajectory.phase == Phase.PLAN
    assert AnalysisReview.objects.filter(analysis=analysis).count() == 2
