"""What the PDF monitoring reports show, built from the monitor's own readers: the programme report from
`dashboard(user, filters)` with a section per school from `school_monitor(user, school)`, and the one-school report
from `school_monitor` alone.

`programme_report_context` and `school_report_context` give the templates' context (tests render it to HTML with
`report_html`, without WeasyPrint); `build_report_pdf` makes a requested report's PDF through
`kwaliteitsaanpak.core.pdf`, reporting its progress as it goes (per school section, then the rendering).

Public: `programme_report_context`, `school_report_context`, `report_html`, `build_report_pdf`, the templates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kwaliteitsaanpak.core.money import format_money
from kwaliteitsaanpak.core.pdf import render_html, render_pdf_with_page_count
from schools.models import School

from .dashboard import Dashboard, DashboardFilters, dashboard
from .models import MonitorReport, MonitorReportKind
from .school_monitor import SchoolMonitor, school_monitor
from .svg_charts import Chart, ChartRow, bar_chart

PROGRAMME_TEMPLATE = "monitoring/pdf/programme_report.html"
SCHOOL_TEMPLATE = "monitoring/pdf/school_report.html"

Progress = Callable[[int], None]

# How many school years of each indicator a school's section shows (the school monitor has them all).
RECENT_YEARS = 3
# How the progress of a programme report is divided: the figures, the school sections, the rendering.
FIGURES_DONE, SECTIONS_DONE = 5, 60


def _nothing(progress: int) -> None:
    """No one follows the progress (a test, the benchmark)."""


def _count(value: int) -> str:
    return number_format(value, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class Section:
    """A school's section in the programme report: its monitor and the dashboard's row of it (results against
    its targets and the reference average, money, what is overdue)."""

    monitor: SchoolMonitor
    row: object | None  # dashboard.SchoolRow

    @property
    def anchor(self) -> str:
        return f"school-{self.monitor.school.pk}"

    @property
    def results(self) -> list:
        """The indicators of success (final test per test, LWOO) as (series, earlier points, latest point), with
        the latest school years only. Pupil numbers judge nothing and stay on the school monitor's page."""
        rows = []
        for series in self.monitor.indicators:
            if series.judged and series.points:
                recent = series.points[-RECENT_YEARS:]
                rows.append((series, recent[:-1], recent[-1]))
        return rows

    @property
    def key_dates(self) -> list:
        """The trajectory's own dates; the round's years are on the cover."""
        return [key_date for key_date in self.monitor.key_dates if key_date.day is not None]


def programme_charts(figures: Dashboard) -> list[Chart]:
    """The programme's figures as charts, each with its figures for the table under it: trajectories per phase,
    the reference list against the target, money per funder."""
    reference = figures.reference_list
    reference_rows = [
        (_("Still very weak"), reference.still_very_weak),
        (_("Still weak"), reference.still_only_weak),
        (_("No longer (very) weak"), reference.no_longer_weak - reference.without_verdict),
    ]
    if reference.without_verdict:
        reference_rows.append((_("No verdict yet"), reference.without_verdict))
    return [
        bar_chart(
            _("Trajectories per phase"),
            (_("Trajectories"),),
            [ChartRow(str(phase.label), (phase.count,), (_count(phase.count),)) for phase in figures.phases],
        ),
        bar_chart(
            _("Reference list: %(total)s schools against the target of none (very) weak in %(year)s")
            % {"total": reference.total, "year": reference.target_year},
            (_("Schools"),),
            [ChartRow(str(label), (count,), (_count(count),)) for label, count in reference_rows],
        ),
        bar_chart(
            _("Money per funder"),
            (_("Planned"), _("Committed"), _("Spent")),
            [
                ChartRow(
                    str(funder.funder),
                    (funder.planned, funder.committed, funder.spent),
                    (
                        format_money(funder.planned),
                        format_money(funder.committed),
                        format_money(funder.spent),
                    ),
                )
                for funder in figures.money
            ],
        ),
    ]


def programme_summary(figures: Dashboard) -> list[str]:
    """The summary's sentences: the reference list against the target, the trajectories, what lags, the money."""
    reference = figures.reference_list
    sentences = [
        ngettext(
            "%(count)s trajectory in this selection.",
            "%(count)s trajectories in this selection.",
            figures.trajectory_count,
        )
        % {"count": figures.trajectory_count}
    ]
    if reference.total:
        sentences.append(
            _(
                "Of the %(total)s schools on the reference list, %(weak)s are still judged (very) weak "
                "(%(very_weak)s very weak); the target is none in %(target)s, argued exceptions in %(exception)s."
            )
            % {
                "total": reference.total,
                "weak": reference.still_weak,
                "very_weak": reference.still_very_weak,
                "target": reference.target_year,
                "exception": reference.exception_year,
            }
        )
        if reference.exceptions:
            sentences.append(
                ngettext(
                    "%(count)s school has an argued exception until %(year)s.",
                    "%(count)s schools have an argued exception until %(year)s.",
                    reference.exceptions,
                )
                % {"count": reference.exceptions, "year": reference.exception_year}
            )
    if figures.overdue_total:
        sentences.append(
            _("Overdue: %(list)s.")
            % {"list": ", ".join(f"{row.label.lower()} {row.count}" for row in figures.overdue if row.count)}
        )
    if figures.behind:
        sentences.append(
            ngettext(
                "%(count)s school has goals behind schedule or stagnates.",
                "%(count)s schools have goals behind schedule or stagnate.",
                len(figures.behind),
            )
            % {"count": len(figures.behind)}
        )
    total = figures.money_total
    sentences.append(
        _("Money: %(committed)s committed and %(planned)s planned; %(spent)s spent.")
        % {
            "committed": format_money(total.committed),
            "planned": format_money(total.planned),
            "spent": format_money(total.spent),
        }
    )
    if figures.sustaining_flags:
        sentences.append(
            ngettext(
                "%(count)s school in sustaining is flagged.",
                "%(count)s schools in sustaining are flagged.",
                len(figures.sustaining_flags),
            )
            % {"count": len(figures.sustaining_flags)}
        )
    return sentences


def _printed() -> dict:
    return {"printed_at": timezone.localtime()}


def programme_report_context(user, filters: DashboardFilters, progress: Progress = _nothing) -> dict:
    """Everything the programme report shows, for `user` (who asked for it) with `filters`."""
    figures = dashboard(user, filters)
    progress(FIGURES_DONE)
    rows = figures.school_rows
    sections = []
    for index, row in enumerate(rows, start=1):
        sections.append(Section(school_monitor(user, row.school), row))
        progress(FIGURES_DONE + (SECTIONS_DONE - FIGURES_DONE) * index // len(rows))
    return {
        "title": _("Monitor Kwaliteitsaanpak Basisonderwijs"),
        "subtitle": _("Programme report"),
        "figures": figures,
        "programme_round": figures.programme_round,
        "filter_lines": filters.describe(),
        "summary": programme_summary(figures),
        "charts": programme_charts(figures),
        "sections": sections,
        "requested_by": user,
        **_printed(),
    }


def school_report_context(user, school: School) -> dict:
    """Everything the one-school report shows: the school's section with a cover."""
    monitor = school_monitor(user, school)
    return {
        "title": _("Monitor Kwaliteitsaanpak Basisonderwijs"),
        "subtitle": _("School report: %(school)s") % {"school": school.name},
        "programme_round": monitor.programme_round,
        "filter_lines": [_("School: %(school)s (%(code)s)") % {"school": school.name, "code": school.code}],
        "sections": [Section(monitor, None)],
        "requested_by": user,
        **_printed(),
    }


def report_html(template_name: str, context: dict) -> str:
    return render_html(template_name, context)


def build_report_pdf(report: MonitorReport, progress: Progress = _nothing) -> tuple[bytes, int]:
    """The requested report as PDF bytes and its number of pages, made with the rights of who asked for it."""
    user = report.requested_by
    if report.kind == MonitorReportKind.PROGRAMME:
        filters = DashboardFilters.from_query(report.filters, user)
        context = programme_report_context(user, filters, progress)
        template = PROGRAMME_TEMPLATE
    else:
        context = school_report_context(user, report.school)
        template = SCHOOL_TEMPLATE
    progress(SECTIONS_DONE)
    return render_pdf_with_page_count(template, context)


def render_programme_report(user, filters: DashboardFilters) -> tuple[bytes, int]:
    """The programme report as PDF bytes and its number of pages, made at once (the benchmark; users ask for it
    through `services_reports.monitor_report_request`, which makes it in a Celery task)."""
    return render_pdf_with_page_count(PROGRAMME_TEMPLATE, programme_report_context(user, filters))
