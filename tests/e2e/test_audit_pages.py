"""In the browser: the education expert draws up the audit after year 1 (a refused date first), submits it, and the
expert group adopts it with the decision to adjust the plan, which starts version 2 of the plan. The trajectory page,
the overview (also at 390 px wide) and the audit report (rendered to PNG with pdftoppm) are saved under artifacts/."""

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from audits.models import Audit
from audits.services import audits as services
from tests.actors import EDUCATION_EXPERT, EXPERT_GROUP, STAFF
from tests.audits.factories_audits import executing_trajectory
from tests.e2e.browser import SCREENSHOT_DIR
from tests.e2e.steps import open_as, refused, save, typed_date
from tests.improvement_plans.worlds import make_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = SCREENSHOT_DIR.parent


@pytest.fixture
def world(db):
    world = make_world()
    world.trajectory = executing_trajectory(world)
    services.schedule_audits()
    return world


def test_a_year_1_audit_that_adjusts_the_plan(live_server, page, screenshot, world):
    trajectory = world.trajectory
    audit = Audit.objects.get(trajectory=trajectory, kind="jaar_1")
    open_as(page, live_server, world[EDUCATION_EXPERT].email, live_server.url + trajectory.get_absolute_url())
    page.get_by_test_id("audits-panel").get_by_role("link", name="Audit na jaar 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Audit na jaar 1")
    screenshot(page, "audit-01-planned")
    page.get_by_role("button", name="Audit gaan opstellen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Audit opstellen")

    tomorrow = typed_date(datetime.date.today() + datetime.timedelta(days=1))
    page.get_by_label("Datum waarop de audit is gehouden").fill(tomorrow)
    refused(page, "Audit opslaan", "Deze datum ligt in de toekomst.")
    screenshot(page, "audit-02-refused-date")

    page.get_by_label("Datum waarop de audit is gehouden").fill("10-02-2010")
    lines = list(audit.goal_judgements.select_related("goal"))
    for line in lines:
        value = "onvoldoende" if line.goal.theme == "taal" else "op_koers"
        page.locator(f"input[name='goal_{line.goal_id}'][value='{value}']").check()
        page.locator(f"textarea[name='goal_{line.goal_id}_note']").fill(
            "Gezien in de lesbezoeken en de toetsen."
        )
    page.locator("input[name='overall_judgement'][value='onvoldoende']").check()
    page.get_by_label("Conclusie").fill(
        "Rekenen ligt op koers, lezen blijft achter. Het plan wordt bijgesteld op de leesdoelen."
    )
    page.locator("input[name='decision'][value='plan_bijstellen']").check()
    screenshot(page, "audit-03-form")
    save(page, "Audit opslaan", "De audit is opgeslagen.")
    screenshot(page, "audit-04-drawn-up")

    page.get_by_role("link", name="Audit indienen").click()
    screenshot(page, "audit-05-submit")
    save(page, "Audit indienen", "De audit is ingediend bij de expertgroep.")

    open_as(page, live_server, world[EXPERT_GROUP].email, live_server.url + audit.get_absolute_url())
    page.get_by_role("link", name="Audit vaststellen of terugsturen").click()
    screenshot(page, "audit-06-review")
    page.get_by_label("Audit vaststellen en het besluit uitvoeren").check()
    save(page, "Besluit vastleggen", "De audit is vastgesteld.")
    expect(page.get_by_role("link", name="Verbeterplan, versie 2")).to_be_visible()
    screenshot(page, "audit-07-adopted")

    page.goto(live_server.url + trajectory.get_absolute_url())
    expect(page.get_by_test_id("audits-panel")).to_contain_text("Plan bijstellen")
    screenshot(page, "audit-08-trajectory")

    page.get_by_test_id("audits-panel").get_by_role("link", name="planversie 2").click()
    expect(page.get_by_test_id("change-reason")).to_contain_text(
        "Audit na jaar 1 (gehouden op 10 februari 2010)"
    )
    screenshot(page, "audit-09-plan-version-2")

    # The audit report, as the expert group downloads it, rendered to an image.
    # WeasyPrint's first document in a process takes a few seconds more (fonts) on a loaded CI machine.
    response = page.request.get(live_server.url + audit.get_absolute_url() + "pdf/", timeout=60_000)
    assert response.headers["content-type"] == "application/pdf"
    pdf = ARTIFACTS / "audit-jaar-1.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", str(pdf), str(SCREENSHOT_DIR / "audit-10-pdf")], check=True
    )
    assert Path(SCREENSHOT_DIR / "audit-10-pdf-1.png").exists()


def test_the_overview_of_audits(live_server, page, screenshot, world):
    open_as(page, live_server, world[STAFF].email, live_server.url + "/uitvoering/audits/", "Audits")
    expect(page.get_by_text("2 resultaten")).to_be_visible()
    screenshot(page, "audit-11-overview")
    # At 390 px the filters fold away behind a button, so the results come first.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_label("Alleen te late audits")).to_be_hidden()
    screenshot(page, "audit-12-overview-390")
    page.get_by_role("button", name="Filters").click()
    expect(page.locator("#filter-panel")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_label("Alleen te late audits").check()
    page.get_by_role("button", name="Filteren", exact=True).click()
    expect(page.get_by_text("2 resultaten")).to_be_visible()
