"""The PDF monitoring reports: asking for one (and not twice at once), making it with its progress, what the report
shows (through the HTML the helper renders, and in the PDF itself, opened with poppler's pdfinfo and pdftotext), a
failure shown as a failure, and the pages that list, follow and download the reports."""

import subprocess

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from monitoring import reports
from monitoring.models import MonitorReport, MonitorReportKind, MonitorReportStatus
from monitoring.services_reports import (
    ReportInTheMaking,
    monitor_report_build,
    monitor_report_request,
    programme_filters_key,
)
from monitoring.svg_charts import ChartRow, bar_chart
from tests.monitoring.reports_world import report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return report_world()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(path) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in output.splitlines() if ":" in line)


def ask(world, user=None, filters=None) -> MonitorReport:
    return monitor_report_request(
        user=user or world.municipality, kind=MonitorReportKind.PROGRAMME, filters=filters or world.filters
    )


# Asking for a report


def test_a_request_is_kept_with_its_filters_and_made_after_the_commit(
    world, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = ask(world)
    assert len(callbacks) == 1  # the task is queued once, after the commit
    report.refresh_from_db()
    assert report.requested_by == world.municipality
    assert report.filters == {"ronde": str(world.programme_round.pk)}
    assert report.filters_description == ["Ronde: Ronde 2026"]
    assert report.status == MonitorReportStatus.DONE
    assert (report.progress, report.page_count > 3) == (100, True)
    assert report.file.name.startswith("rapporten/") and (media / report.file.name).is_file()
    assert report.finished_at is not None


def test_a_second_request_for_the_same_report_while_it_is_made_starts_no_duplicate(world):
    first = ask(world)  # no commit in this test: it stays queued
    with pytest.raises(ReportInTheMaking) as refused:
        ask(world, user=world.staff)
    assert refused.value.report == first
    assert "wordt al gemaakt" in refused.value.message and "Gert Gemeente" in refused.value.message
    # Other filters, or a school report, are other reports.
    from monitoring.dashboard import DashboardFilters

    ask(world, filters=DashboardFilters(programme_round=world.programme_round, stadsdeel="noord"))
    monitor_report_request(user=world.municipality, kind=MonitorReportKind.SCHOOL, school=world.schools[0])
    assert MonitorReport.objects.count() == 3


def test_the_database_refuses_a_second_report_in_the_making_and_allows_one_after_it_finished(world):
    first = ask(world)
    duplicate = {
        "kind": first.kind,
        "filters_key": first.filters_key,
        "requested_by": world.staff,
        "filters": first.filters,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        MonitorReport.objects.create(**duplicate)
    first.status = MonitorReportStatus.DONE
    first.save()
    assert MonitorReport.objects.create(**duplicate).status == MonitorReportStatus.QUEUED


def test_the_filters_key_is_the_same_for_the_same_filters(world):
    from monitoring.dashboard import DashboardFilters

    again = DashboardFilters.from_query({"ronde": str(world.programme_round.pk)}, world.municipality)
    assert programme_filters_key(again) == programme_filters_key(world.filters)
    other = DashboardFilters(programme_round=world.programme_round, board=world.board)
    assert programme_filters_key(other) != programme_filters_key(world.filters)


def test_a_board_may_not_ask_for_a_report(world):
    from django.core.exceptions import PermissionDenied

    from kwaliteitsaanpak.accounts.roles import Role
    from tests.factories import UserFactory

    with pytest.raises(PermissionDenied):
        ask(world, user=UserFactory(role=Role.SCHOOL_BOARD, school_board=world.board))
    assert not MonitorReport.objects.exists()


# Making it


def test_progress_is_reported_per_school_section_and_the_report_is_stored(world, media, monkeypatch):
    report = ask(world)
    seen = []
    original = reports.build_report_pdf

    def spy(report, progress):
        return original(report, progress=lambda value: (seen.append(value), progress(value)))

    monkeypatch.setattr(reports, "build_report_pdf", spy)
    monitor_report_build(report)
    # The figures, one step per school section (three schools), then the rendering.
    assert seen == [5, 23, 41, 60, 60]
    report.refresh_from_db()
    assert (report.status, report.progress) == (MonitorReportStatus.DONE, 100)


def test_a_report_that_is_done_is_not_made_again(world, media):
    report = ask(world)
    monitor_report_build(report)
    report.refresh_from_db()
    stored, finished = report.file.name, report.finished_at
    monitor_report_build(report)
    report.refresh_from_db()
    assert (report.file.name, report.finished_at) == (stored, finished)


def test_a_failure_is_recorded_as_a_failure_with_a_dutch_message(world, media, monkeypatch):
    report = ask(world)

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(reports, "build_report_pdf", broken)
    monitor_report_build(report)
    report.refresh_from_db()
    assert report.status == MonitorReportStatus.FAILED
    assert report.error.startswith(
        "Een fout aan onze kant hield het maken tegen. Vraag de rapportage opnieuw aan"
    )
    assert not report.file and report.finished_at is not None


# What the report shows


def test_the_programme_report_shows_cover_contents_summary_figures_and_a_section_per_school(world):
    context = reports.programme_report_context(world.municipality, world.filters)
    html = reports.report_html(reports.PROGRAMME_TEMPLATE, context)
    # Cover: title, round, filters.
    assert "Monitor Kwaliteitsaanpak Basisonderwijs" in html and "Programmarapportage" in html
    assert "Ronde 2026 (referentielijst van 31 januari 2026; doeljaar 2027 (uitzonderingen 2028))" in html
    assert "Ronde: Ronde 2026" in html
    # Contents with page numbers from the sections' anchors.
    assert "target-counter(attr(href), page)" in html
    for school in world.schools:
        assert f'href="#school-{school.pk}"' in html and f'id="school-{school.pk}"' in html
    # Summary.
    assert "3 trajecten in deze selectie." in html
    assert "Van de 3 scholen op de referentielijst zijn er nog 3 (zeer) zwak (2 zeer zwak)" in html
    # Charts with their figures as a table.
    assert html.count("<svg") == 3
    assert "<title>Trajecten per fase</title>" in html
    assert '<th scope="row">Analyse</th><td class="num">2</td>' in html
    assert '<th scope="row">Nog zeer zwak</th><td class="num">2</td>' in html
    # The schools at a glance and the school's section: IEP result against the G4 average of the same year.
    assert "IEP, 2025–2026" in html
    assert '<td class="num">78,4</td>' in html and '<td class="num">79,1</td>' in html
    assert 'Basisschool De Vuurtoren <span class="code">(99VT00)</span>' in html
    assert "21,5%" in html


def test_the_school_report_has_a_cover_and_the_schools_section_alone(world):
    school = world.schools[0]
    context = reports.school_report_context(world.municipality, school)
    html = reports.report_html(reports.SCHOOL_TEMPLATE, context)
    assert "Schoolrapportage: Basisschool De Vuurtoren" in html
    assert "School: Basisschool De Vuurtoren (99VT00)" in html
    assert html.count('class="school-heading"') == 1
    assert "De Klimop" not in html


def test_the_pdf_has_numbered_pages_dutch_dates_and_tags(world, media, tmp_path):
    report = ask(world)
    monitor_report_build(report)
    report.refresh_from_db()
    path = media / report.file.name
    info = pdf_info(path)
    assert int(info["Pages"]) == report.page_count
    assert info["Tagged"].strip() == "yes"  # PDF/UA: a structure tree for screen readers
    assert info["Title"].strip().startswith("Monitor Kwaliteitsaanpak Basisonderwijs: Programmarapportage")
    text = pdf_text(path)
    assert f"pagina 1 van {report.page_count}" in text
    assert f"pagina {report.page_count} van {report.page_count}" in text
    assert "Inhoud" in text and "Samenvatting" in text and "De scholen in één oogopslag" in text
    assert "Basisschool De Klimop 2" in text
    assert report.finished_at.astimezone().strftime("%d-%m-%Y") in text or "december" in text


def test_a_chart_draws_its_rows_and_escapes_its_labels():
    chart = bar_chart(
        "Geld <per> financier", ("Gepland",), [ChartRow("A & B", (10,), ("10",)), ChartRow("C", (5,), ("5",))]
    )
    assert "A &amp; B" in chart.svg and "Geld &lt;per&gt; financier" in chart.svg
    widths = [part.split('"')[0] for part in chart.svg.split('<rect x="150" y="')[1:]]
    assert len(widths) == 2
    assert 'width="240.0"' in chart.svg and 'width="120.0"' in chart.svg  # the largest fills the bars' width


# The pages


def test_the_list_shows_who_asked_when_with_which_filters_status_pages_and_download(
    client, world, media, django_assert_num_queries
):
    done = ask(world)
    monitor_report_build(done)
    monitor_report_request(user=world.staff, kind=MonitorReportKind.SCHOOL, school=world.schools[1])
    client.force_login(world.municipality)
    response = client.get(reverse("monitoring:report_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Programmarapportage aanvragen" in html and "Schoolrapportage aanvragen" in html
    assert "Gert Gemeente" in html and "Petra de Vries" in html
    assert "Ronde: Ronde 2026" in html and "School: Basisschool De Klimop 1" in html
    assert ">Klaar</span>" in html and ">In de wachtrij</span> (0%)" in html
    assert reverse("monitoring:report_download", args=[done.pk]) in html
    # The schools of the programme to choose from, as a list the browser offers while typing.
    assert '<option value="Basisschool De Vuurtoren (99VT00)">' in html


def test_the_list_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    client.force_login(world.municipality)
    client.get(reverse("monitoring:report_list"))  # warm the session and permission caches
    for _ in range(2):
        ask(world, user=world.staff).delete()
    ask(world)
    with django_assert_num_queries(12) as few:
        client.get(reverse("monitoring:report_list"))
    for number in range(1, 3):
        monitor_report_request(user=world.staff, kind=MonitorReportKind.SCHOOL, school=world.schools[number])
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("monitoring:report_list"))


def test_asking_on_the_page_leads_to_the_report_and_a_second_ask_to_the_same_one(client, world):
    client.force_login(world.municipality)
    data = {"programme_round": world.programme_round.pk, "stadsdeel": "", "board": "", "reason": ""}
    response = client.post(reverse("monitoring:report_request_programme"), data)
    report = MonitorReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    response = client.post(reverse("monitoring:report_request_programme"), data, follow=True)
    assert MonitorReport.objects.count() == 1
    assert response.redirect_chain[-1][0] == report.get_absolute_url()
    assert "Deze rapportage wordt al gemaakt" in response.content.decode()


def test_a_school_is_chosen_by_name_and_code_and_an_unknown_one_is_refused_in_dutch(client, world):
    client.force_login(world.municipality)
    url = reverse("monitoring:report_request_school")
    response = client.post(url, {"school": "Basisschool De Klimop 9"})
    assert response.status_code == 200
    assert "Geen school van het programma heeft deze naam of code." in response.content.decode()
    response = client.post(url, {"school": "Basisschool De Vuurtoren (99VT00)"})
    assert MonitorReport.objects.get().school == world.schools[0]
    response = client.post(url, {"school": world.schools[1].code.lower()})
    assert MonitorReport.objects.filter(school=world.schools[1]).exists()


def test_the_status_polls_while_the_report_is_made_and_stops_when_it_is_done(client, world, media):
    report = ask(world)
    client.force_login(world.municipality)
    url = report.get_absolute_url()
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in partial and "<html" not in partial
    assert "Wacht op haar beurt." in partial and '<progress class="w-100" max="100" value="0"' in partial
    MonitorReport.objects.filter(pk=report.pk).update(status=MonitorReportStatus.RUNNING, progress=41)
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "41% gemaakt." in partial and 'value="41"' in partial
    monitor_report_build(MonitorReport.objects.get(pk=report.pk))
    page = client.get(url).content.decode()
    assert "hx-trigger" not in page
    assert "De rapportage is klaar." in page and "PDF downloaden" in page


def test_a_failed_report_says_so_and_can_be_asked_for_again(client, world, media, monkeypatch):
    report = ask(world)
    monkeypatch.setattr(reports, "build_report_pdf", lambda *args, **kwargs: 1 / 0)
    monitor_report_build(report)
    client.force_login(world.staff)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "De rapportage kon niet worden gemaakt." in page and "hx-trigger" not in page
    assert "Deze rapportage opnieuw aanvragen" in page
    response = client.post(reverse("monitoring:report_request_again", args=[report.pk]))
    again = MonitorReport.objects.latest("pk")
    assert again != report and response.url == again.get_absolute_url()
    assert (again.filters_key, again.requested_by) == (report.filters_key, world.staff)


def test_the_download_is_an_attachment_with_a_dutch_name(client, world, media):
    report = ask(world)
    monitor_report_build(report)
    report.refresh_from_db()
    client.force_login(world.municipality)
    response = client.get(reverse("monitoring:report_download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    day = timezone.localtime(report.finished_at).date().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="monitor-kwaliteitsaanpak-{day}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_report_not_ready_yet_is_not_downloaded(client, world):
    report = ask(world)
    client.force_login(world.municipality)
    response = client.get(reverse("monitoring:report_download", args=[report.pk]))
    assert response.status_code == 302 and response.url == report.get_absolute_url()


def test_the_list_exports_who_asked_when_and_with_which_filters(client, world):
    ask(world)
    client.force_login(world.staff)
    response = client.get(reverse("monitoring:report_list") + "?_export=csv")
    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Soort rapportage" in text and "Programmarapportage" in text
    assert "Ronde: Ronde 2026" in text and "Gert Gemeente" in text and "In de wachtrij" in text
    assert "<" not in text  # no HTML in the export
