"""In the browser, with Redis unreachable (Celery pointed at a closed port): the municipality asks for the
programme report, staff import DUO's register; each page says the task waits in the queue, and the lists show it as
queued."""

import pytest
from playwright.sync_api import expect

from kwaliteitsaanpak.accounts.roles import Role
from tests.e2e.browser import log_in
from tests.e2e.steps import open_as
from tests.factories import UserFactory
from tests.kwaliteitsaanpak import faults
from tests.kwaliteitsaanpak.faults import WAITING
from tests.monitoring.reports_world import report_world
from tests.schools.duo_files import PUPILS_FILE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

broker_down = faults.broker_down  # the shared fixture (tests/kwaliteitsaanpak/faults.py)


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return report_world()


def test_a_report_asked_for_while_redis_is_down_says_it_waits_in_the_queue(
    live_server, page, screenshot, world, broker_down
):
    open_as(
        page,
        live_server,
        "gemeente@example.nl",
        f"{live_server.url}/monitor/rapporten/",
        "Monitorrapportages",
    )
    programme = page.get_by_role("region", name="Programmarapportage")
    programme.get_by_label("Programmaronde").select_option(label="Ronde 2026")
    programme.get_by_role("button", name="Programmarapportage aanvragen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Programmarapportage")
    expect(page.get_by_text(WAITING)).to_be_visible()
    screenshot(page, "faults-report-waiting")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "faults-report-waiting-390")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/monitor/rapporten/")
    row = page.get_by_role("row").filter(has_text="Programmarapportage")
    expect(row).to_contain_text("In de wachtrij")
    screenshot(page, "faults-report-list-queued")


def test_an_import_started_while_redis_is_down_says_it_waits_in_the_queue(
    live_server, page, screenshot, broker_down, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    UserFactory(role=Role.PROGRAMME_STAFF, email="dmo@example.nl")
    log_in(page, live_server, "dmo@example.nl")
    page.goto(f"{live_server.url}/import/nieuw/")
    page.locator("input[type=file]").set_input_files(str(PUPILS_FILE))
    page.get_by_role("button", name="Bestand importeren").click()

    expect(page.get_by_text(WAITING)).to_be_visible()
    expect(page.get_by_text("In de wachtrij").first).to_be_visible()
    screenshot(page, "faults-import-waiting")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "faults-import-waiting-390")
