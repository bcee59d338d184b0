"""The benchmark's run: the demo, query counts at its scale, the national register and the demo's stories copied
onto it, then the timings (see `manage.py bench`)."""

from __future__ import annotations

import random
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings

from improvement_plans.models import Trajectory
from monitoring.demo import seed_demo
from schools.models import InspectionVerdict, School, SchoolBoard

from . import register
from .clone import clone_school_stories
from .measure import Browser, Measurement, Sample, count_queries, time_call, time_pages
from .pages import DETAILS, EXPORTS, LISTS, PAGES, STAFF, START_PAGES

# The demo's stories are copied this many times at national scale: 38 trajectories become about 530.
NATIONAL_COPIES = 13


@dataclass
class Result:
    built: dict = field(default_factory=dict)
    build_seconds: float = 0.0
    demo_queries: dict = field(default_factory=dict)
    national_queries: dict = field(default_factory=dict)
    measurements: list[Measurement] = field(default_factory=list)
    programme_pdf: tuple | None = None
    errors: dict = field(default_factory=dict)
    duo_import: float | None = None


def programme_pdf_call():
    """A call that builds the programme report PDF directly (not through Celery), or None while the reports do not
    exist yet."""
    try:
        from monitoring.models import MonitorReport, MonitorReportKind
        from monitoring.reports import build_report_pdf
    except ImportError:
        return None
    from kwaliteitsaanpak.accounts.models import User

    report = MonitorReport(
        kind=MonitorReportKind.PROGRAMME, filters={}, requested_by=User.objects.get(email=STAFF)
    )
    return lambda: build_report_pdf(report)


# DUO's pupils file of Amsterdam (244 schools), as the importer's tests read it.
PUPILS_FILE = (
    Path(settings.BASE_DIR) / "tests/schools/data/leerlingen_po_per_vestiging_amsterdam_20241001.csv"
)


def duo_import_call():
    """A call that imports DUO's Amsterdam pupils file (after the first run: no changes) into the register."""
    from django.core.files.base import ContentFile

    from schools.constants import ImportKind
    from schools.importers import execute_register_import
    from schools.models import RegisterImport

    def run_once():
        register_import = RegisterImport(
            kind=ImportKind.PUPILS_PER_LOCATION, original_filename=PUPILS_FILE.name
        )
        register_import.file.save(PUPILS_FILE.name, ContentFile(PUPILS_FILE.read_bytes()), save=True)
        execute_register_import(register_import)
        return register_import

    return run_once


def build_national(scale: float, seed: int = 2024) -> dict:
    """The register at `scale` × national size beside the demo, and the demo's stories copied onto its schools."""
    rng = random.Random(seed)  # noqa: S311 (invented data, seeded on purpose)
    demo_schools = list(School.objects.order_by("pk"))
    schools = max(len(demo_schools), round(register.NATIONAL_SCHOOLS * scale)) - len(demo_schools)
    boards = max(1, round(register.NATIONAL_BOARDS * scale) - SchoolBoard.objects.count())
    copies = max(1, round(NATIONAL_COPIES * scale)) if schools >= len(demo_schools) else 0
    verdicts = round(register.NATIONAL_VERDICTS * scale)
    # The copies bring their verdicts along: the rest are spread over the register.
    demo_verdicts = InspectionVerdict.objects.count()
    with transaction.atomic():
        national = register.build_register(
            rng,
            schools=schools,
            boards=boards,
            verdicts=max(0, verdicts - demo_verdicts * (copies + 1)),
            # The copies go to schools across the register, not to the largest board alone.
            reserve=copies * len(demo_schools),
        )
        pool = national.reserved
        target_sets = [
            pool[index * len(demo_schools) : (index + 1) * len(demo_schools)] for index in range(copies)
        ]
        made = clone_school_stories(demo_schools, target_sets)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "boards": SchoolBoard.objects.count(),
        "schools": School.objects.count(),
        **{label: count for label, count in made.items() if count},
        "national verdicts": national.verdicts,
    }


def run(*, scale: float, repeat: int, log) -> Result:
    """Everything in the current (scratch) database; `log` writes a line of progress."""
    result = Result()
    # The test client's host, and the static files as they are on disk (no collectstatic manifest needed).
    with (
        tempfile.TemporaryDirectory(prefix="bench-media-") as media,
        override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
            # The imported files go to a folder that goes with the run.
            MEDIA_ROOT=media,
            # The pages are measured, not the login: the demo users have no authenticator app.
            TWO_FACTOR_REQUIRED=False,
        ),
    ):
        _run(result, scale=scale, repeat=repeat, log=log)
    return result


def _run(result: Result, *, scale: float, repeat: int, log) -> None:
    start = time.perf_counter()
    seed_demo()
    log(f"Demo data in {time.perf_counter() - start:.1f} s; counting queries at demo scale")
    browser = Browser()
    pages = [page for page in PAGES if page.counts_queries]
    result.demo_queries = count_queries(browser, pages, Sample.pick())
    pdf = programme_pdf_call()
    if pdf:
        log("Building the programme PDF")
        seconds, (content, page_count) = time_call(pdf, 1)
        schools = Trajectory.objects.values("school").distinct().count()
        result.programme_pdf = (seconds, page_count, len(content), schools)
    start = time.perf_counter()
    result.built = build_national(scale)
    result.build_seconds = time.perf_counter() - start
    log(f"National register in {result.build_seconds:.1f} s: {result.built}")
    sample = Sample.pick()
    result.national_queries = count_queries(browser, pages, sample)
    log(f"Timing {len(LISTS)} lists beside their admin lists, {repeat} rounds")
    result.measurements = time_pages(browser, LISTS, sample, repeat)
    log("Timing the exports, the detail pages and the start pages")
    result.measurements += time_pages(browser, EXPORTS, sample, max(1, min(3, repeat)))
    result.measurements += time_pages(browser, [*DETAILS, *START_PAGES], sample, repeat)
    result.errors = browser.errors
    if PUPILS_FILE.exists():
        log("Timing DUO's import of the Amsterdam pupils file, which changes nothing the second time")
        duo_import = duo_import_call()
        duo_import()
        seconds, _record = time_call(duo_import, max(1, min(3, repeat)))
        result.duo_import = seconds


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.0f} ms"


def table(result: Result) -> list[str]:
    """The result as a Markdown table (it goes in the README as it is)."""
    lines = [
        "| page | median | admin list | ratio | queries (demo → national) | size |",
        "|---|---|---|---|---|---|",
    ]
    for measurement in result.measurements:
        page = measurement.page
        if not measurement.url:
            lines.append(f"| {page.label} | not available | | | | |")
            continue
        ratio = f"{measurement.ratio:.2f}" if measurement.ratio is not None else ""
        demo, national = result.demo_queries.get(page.label), result.national_queries.get(page.label)
        queries = f"{demo} → {national}" if demo is not None else ""
        status = "" if measurement.status == 200 else f" (HTTP {measurement.status})"
        lines.append(
            f"| {page.label}{status} | {_ms(measurement.median)} | {_ms(measurement.admin_median)} | {ratio} | "
            f"{queries} | {measurement.size // 1024} KB |"
        )
    if result.programme_pdf:
        seconds, pages, size, schools = result.programme_pdf
        lines.append(
            f"| programme PDF (demo scale, {schools} schools, {pages} pages) | {_ms(seconds)} | | | | {size // 1024} KB |"
        )
    else:
        lines.append("| programme PDF | not available | | | | |")
    if result.duo_import is not None:
        lines.append(f"| DUO import, Amsterdam pupils file, no change | {_ms(result.duo_import)} | | | | |")
    lines.extend(f"\n{url}: {error}" for url, error in result.errors.items())
    return lines
