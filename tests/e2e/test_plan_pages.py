"""In the browser: the improvement plan from an approved analysis to the start of the execution.

The school board starts the plan and writes SMART goals in three core themes with their measures and the result
agreements (a bad goal and a bad amount are explained first); it submits; the expert group returns the plan with
a comment on one goal; the board fixes that goal and resubmits; the expert group approves; the trajectory is in
the execution phase and the plan's PDF can be downloaded.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from improvement_plans.constants import Phase
from improvement_plans.models import Goal, ImprovementPlan, Measure, Trajectory
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.e2e.people import board_user, education_expert, expert_group_user, school_of_noorderlicht
from tests.e2e.steps import decide, open_as, refused, save, submit, typed_date
from tests.factories import AnalysisFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def trajectory(db) -> Trajectory:
    board, school = school_of_noorderlicht()
    expert = education_expert()
    board_user(board)
    expert_group_user()
    analysis = AnalysisFactory(
        trajectory__phase=Phase.PLAN, trajectory__school=school, status="goedgekeurd", answered=True
    )
    analysis.trajectory.education_experts.add(expert)
    return analysis.trajectory


def add_goal(page, *, theme: str, description: str, indicator: str, unit: str, baseline: str, target: str):
    page.get_by_role("link", name="Doel toevoegen").first.click()
    page.get_by_label("Kernthema").select_option(label=theme)
    page.locator("#id_description").fill(description)
    page.locator("#id_indicator").fill(indicator)
    page.locator("#id_unit").fill(unit)
    page.locator("#id_baseline").fill(baseline)
    page.locator("#id_target").fill(target)
    page.get_by_label("Hoger is beter").check()
    page.locator("#id_deadline").fill(typed_date(timezone.localdate() + datetime.timedelta(days=600)))
    page.locator("#id_owner").fill("Directeur")


def add_measure(page, goal: str, kind: str, description: str, cost: str):
    goal_block = page.get_by_test_id("goal").filter(has_text=goal)
    goal_block.get_by_role("link", name="Maatregel toevoegen").click()
    page.get_by_label("Soort maatregel").select_option(label=kind)
    page.get_by_label("Omschrijving").fill(description)
    page.get_by_label("Verantwoordelijk").fill("Intern begeleider")
    page.get_by_label("Start").fill(typed_date(timezone.localdate() + datetime.timedelta(days=30)))
    page.get_by_label("Einde").fill(typed_date(timezone.localdate() + datetime.timedelta(days=400)))
    page.get_by_label("Geraamde kosten (€)").fill(cost)


def test_from_an_approved_analysis_to_an_approved_plan(live_server, page, screenshot, trajectory):
    plan_url = f"{live_server.url}/trajecten/{trajectory.pk}/plan/"

    # The board reads what the plan is and starts it.
    open_as(page, live_server, "bestuur@example.nl", plan_url, heading="Verbeterplan")
    screenshot(page, "plan-01-start")
    save(page, "Verbeterplan starten", "Het verbeterplan is gestart.")
    expect(page.get_by_test_id("plan-status")).to_have_text("Concept")
    screenshot(page, "plan-02-empty")

    # The first goal: the target equals the baseline, which is explained; the findings follow the theme.
    add_goal(
        page,
        theme="Rekenen",
        description="Meer leerlingen in groep 5 tot en met 8 beheersen de rekenvaardigheden van hun leerjaar.",
        indicator="Leerlingen met een voldoende op de M-toets rekenen",
        unit="procent van de leerlingen",
        baseline="55,5",
        target="55,5",
    )
    expect(page.locator('input[name="findings"][data-topic="rekenen"]')).to_be_checked()
    refused(page, "Doel opslaan", "de streefwaarde moet verschillen van de beginwaarde")
    screenshot(page, "plan-03-goal-errors")
    page.locator("#id_target").fill("70")
    save(page, "Doel opslaan", "Het doel is toegevoegd.")

    # A measure: an amount with three decimals is explained, then saved the Dutch way.
    add_measure(
        page, "rekenvaardigheden", "Scholing van leraren", "Teamscholing directe instructie.", "12.345,678"
    )
    refused(page, "Maatregel opslaan", "hoogstens twee cijfers na de komma")
    screenshot(page, "plan-04-measure-errors")
    page.get_by_label("Geraamde kosten (€)").fill("12.345,67")
    save(page, "Maatregel opslaan", "De maatregel is toegevoegd.")

    add_goal(
        page,
        theme="Taal",
        description="De leerlingen lezen op het niveau van hun leerjaar.",
        indicator="Leerlingen op of boven AVI-niveau",
        unit="procent van de leerlingen",
        baseline="48",
        target="65",
    )
    screenshot(page, "plan-05-goal-form")
    page.get_by_role("button", name="Doel opslaan").click()
    add_measure(
        page, "lezen op het niveau", "Invoering van een nieuwe methode", "Nieuwe leesmethode.", "8.000"
    )
    screenshot(page, "plan-06-measure-form")
    page.get_by_role("button", name="Maatregel opslaan").click()

    add_goal(
        page,
        theme="Schoolleiding",
        description="De directeur stuurt het team aan op de opbrengsten.",
        indicator="Groepsbesprekingen over de opbrengsten",
        unit="besprekingen per jaar",
        baseline="0",
        target="4",
    )
    page.get_by_role("button", name="Doel opslaan").click()
    add_measure(
        page, "stuurt het team", "Coaching van de directeur", "Coaching door een externe coach.", "9500"
    )
    page.get_by_role("button", name="Maatregel opslaan").click()

    # The result agreements.
    page.get_by_role("link", name="Resultaatafspraken invullen").click()
    page.get_by_label("Eindtoets", exact=True).select_option(label="Cito-eindtoets")
    page.locator("#id_final_test_target").fill("533,5")
    page.locator("#id_lwoo_target").fill("18,5")
    screenshot(page, "plan-07-agreements")
    save(page, "Resultaatafspraken opslaan", "De resultaatafspraken zijn opgeslagen.")
    expect(page.get_by_test_id("theme")).to_have_count(3)
    expect(page.get_by_test_id("plan-cost")).to_contain_text("€ 29.845,67")
    screenshot(page, "plan-08-written")

    # The board checks and submits.
    page.get_by_role("link", name="Plan indienen").click()
    expect(page.get_by_test_id("plan-overview")).to_contain_text("€ 29.845,67")
    screenshot(page, "plan-09-submit-confirm")
    save(page, "Plan indienen", "Het verbeterplan is ingediend bij de expertgroep.")
    expect(page.get_by_test_id("plan-status")).to_have_text("Ingediend")

    # The expert group returns it with a comment on the reading goal.
    open_as(page, live_server, "expertgroep@example.nl", plan_url)
    page.get_by_role("link", name="Plan beoordelen").click()
    page.get_by_label("Terugsturen met opmerkingen").check()
    reading = Goal.objects.get(theme="taal")
    page.locator(f"#id_goal_{reading.pk}").fill("Maak de streefwaarde voor lezen ambitieuzer: 75 procent.")
    screenshot(page, "plan-10-review-return")
    save(page, "Besluit vastleggen", "Het verbeterplan is teruggestuurd naar het schoolbestuur.")

    # The board sees the comment at the goal, fixes it and resubmits.
    open_as(page, live_server, "bestuur@example.nl", plan_url)
    expect(page.get_by_test_id("plan-status")).to_have_text("Teruggestuurd")
    reading_block = page.locator(f"#doel-{reading.pk}")
    expect(reading_block.get_by_test_id("goal-comment")).to_contain_text("ambitieuzer")
    expect(page.get_by_test_id("goal-comment")).to_have_count(1)
    screenshot(page, "plan-11-returned")
    reading_block.get_by_role("link", name="Doel wijzigen").click()
    page.locator("#id_target").fill("75")
    page.get_by_role("button", name="Doel opslaan").click()
    expect(page.locator(f"#doel-{reading.pk}").get_by_test_id("goal-target")).to_have_text("48 → 75")
    submit(page, "Plan indienen")
    expect(page.get_by_test_id("plan-status")).to_have_text("Ingediend")

    # The expert group approves: the execution starts.
    open_as(page, live_server, "expertgroep@example.nl", plan_url)
    page.get_by_role("link", name="Plan beoordelen").click()
    screenshot(page, "plan-12-review")
    decide(page, "Goedkeuren", "Het verbeterplan is goedgekeurd. De uitvoering begint vandaag.")
    expect(page.get_by_test_id("plan-status")).to_have_text("Goedgekeurd")
    expect(page.get_by_test_id("reviews").locator("li")).to_have_count(2)
    screenshot(page, "plan-13-approved")

    plan = ImprovementPlan.objects.get(trajectory=trajectory)
    assert plan.status == SubmissionStatus.APPROVED
    assert Measure.objects.filter(goal__plan=plan).count() == 3

    # The trajectory is in the execution phase.
    page.goto(f"{live_server.url}/trajecten/{trajectory.pk}/")
    expect(page.locator("main")).to_contain_text("Uitvoering")
    screenshot(page, "plan-14-trajectory")
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.EXECUTION

    # The plan document.
    page.goto(plan_url)
    pdf_link = page.get_by_role("link", name="PDF downloaden")
    href = pdf_link.get_attribute("href")
    assert href == f"/trajecten/{trajectory.pk}/plan/1/pdf/"
    # WeasyPrint's first document in a process takes a few seconds more (fonts) on a loaded CI machine.
    response = page.request.get(live_server.url + href, timeout=60_000)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    # The link says "downloaden": the PDF downloads under its name.
    assert response.headers["content-disposition"].startswith('attachment; filename="verbeterplan-')
    assert response.body().startswith(b"%PDF")
