"""In the browser, the last part of the municipality's walk through the monitor: a municipality reader asks for the
programme report of the round, follows it until it is ready and downloads it; then a school report, chosen by typing
the school's name. A report in the making shows its progress; a failed one says so and offers to ask again."""

import re

import pytest
from playwright.sync_api import expect

from monitoring.models import MonitorReport, MonitorReportKind, MonitorReportStatus
from tests.e2e.steps import open_as
from tests.monitoring.reports_world import report_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def eager_tasks(monkeypatch):
    """The report's task runs in the request, as without a broker (`make run`)."""
    from kwaliteitsaanpak.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return report_world()


def test_the_municipality_asks_for_the_programme_report_and_downloads_it(
    live_server, page, screenshot, world, eager_tasks, tmp_path
):
    open_as(
        page,
        live_server,
        "gemeente@example.nl",
        f"{live_server.url}/monitor/rapporten/",
        "Monitorrapportages",
    )
    expect(page.get_by_text("Er zijn nog geen rapportages aangevraagd")).to_be_visible()
    screenshot(page, "report-list-empty")

    programme = page.get_by_role("region", name="Programmarapportage")
    programme.get_by_label("Programmaronde").select_option(label="Ronde 2026")
    programme.get_by_label("Stadsdeel").select_option(label="Noord")
    # The report is made in the request here (eager tasks): give it time on a loaded machine.
    programme.get_by_role("button", name="Programmarapportage aanvragen").click(timeout=90_000)

    expect(page.get_by_role("heading", level=1)).to_have_text("Programmarapportage")
    expect(page.get_by_text("De rapportage is klaar.")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Stadsdeel: Noord")).to_be_visible()
    screenshot(page, "report-detail-done")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF downloaden").click()
    download = download_info.value
    assert re.fullmatch(r"monitor-kwaliteitsaanpak-\d{4}-\d{2}-\d{2}\.pdf", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")

    page.get_by_role("link", name="Terug naar de rapportages").click()
    row = page.get_by_role("row").filter(has_text="Programmarapportage")
    expect(row).to_contain_text("Gert Gemeente")
    expect(row).to_contain_text("Klaar")
    expect(row.get_by_role("link", name="PDF downloaden")).to_be_visible()
    screenshot(page, "report-list")

    # A school report: typing the name offers the school of the programme.
    school = page.get_by_role("region", name="Schoolrapportage")
    school.get_by_label("School").fill("Basisschool De Vuurtoren (99VT00)")
    school.get_by_role("button", name="Schoolrapportage aanvragen").click(timeout=90_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Schoolrapportage: Basisschool De Vuurtoren")
    expect(page.get_by_text("De rapportage is klaar.")).to_be_visible(timeout=60_000)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/monitor/rapporten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitorrapportages")
    screenshot(page, "report-list-390")


def test_a_report_in_the_making_shows_its_progress_and_a_failed_one_offers_to_ask_again(
    live_server, page, screenshot, world, eager_tasks
):
    running = MonitorReport.objects.create(
        kind=MonitorReportKind.PROGRAMME,
        filters={"ronde": str(world.programme_round.pk)},
        filters_key="running",
        filters_description=["Ronde: Ronde 2026"],
        status=MonitorReportStatus.RUNNING,
        progress=41,
        requested_by=world.municipality,
    )
    open_as(page, live_server, "gemeente@example.nl", f"{live_server.url}{running.get_absolute_url()}")
    expect(page.get_by_text("41% gemaakt.")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Voortgang van de rapportage")).to_be_visible()
    screenshot(page, "report-detail-running")
    # The page follows the report by itself.
    MonitorReport.objects.filter(pk=running.pk).update(progress=77)
    expect(page.get_by_text("77% gemaakt.")).to_be_visible(timeout=10_000)

    running.status, running.error = (
        MonitorReportStatus.FAILED,
        ("Een fout aan onze kant hield het maken tegen. Vraag de rapportage opnieuw aan."),
    )
    running.save()
    expect(page.get_by_role("alert")).to_contain_text(
        "De rapportage kon niet worden gemaakt.", timeout=10_000
    )
    screenshot(page, "report-detail-failed")
    page.get_by_role("button", name="Deze rapportage opnieuw aanvragen").click(timeout=90_000)
    expect(page.get_by_role("status").first).to_contain_text("De rapportage is opnieuw aangevraagd.")
    expect(page.get_by_text("De rapportage is klaar.")).to_be_visible(timeout=60_000)
    assert MonitorReport.objects.filter(status=MonitorReportStatus.DONE).count() == 1
