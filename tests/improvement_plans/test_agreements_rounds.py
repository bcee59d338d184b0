"""The result agreements in their programme round: the years come from the trajectory's round (on the form, the
plan page and the PDF), the starting values stand beside the targets and are pre-filled from the monitor where it
knows them, and one submit reports every problem of the form and the service together (issue 12)."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from improvement_plans.constants import FinalTest, Indicator, Phase
from improvement_plans.documents import PLAN_TEMPLATE, plan_pdf_context
from improvement_plans.models import ImprovementPlan
from kwaliteitsaanpak.core.pdf import render_html
from schools.constants import Verdict
from tests.factories import (
    AnalysisFactory,
    ImprovementPlanFactory,
    InspectionVerdictFactory,
    ProgrammeRoundFactory,
)
from tests.monitoring.factories_indicators import IndicatorValueFactory
from tests.pages import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def current_round():
    return ProgrammeRoundFactory(
        name="Kwaliteitsaanpak 2026–2028",
        reference_date=datetime.date(2026, 1, 31),
        target_year=2027,
        exception_year=2028,
    )


@pytest.fixture
def plan(board, expert, current_round):
    """A draft plan of the 2026 round, started on 1 October 2026 (school year 2026–2027), without starting values."""
    analysis = AnalysisFactory(
        trajectory__phase=Phase.PLAN,
        trajectory__school__board=board,
        trajectory__programme_round=current_round,
        status="goedgekeurd",
        answered=True,
    )
    analysis.trajectory.education_experts.add(expert)
    plan = ImprovementPlanFactory(trajectory=analysis.trajectory, final_test="", final_test_target=None)
    ImprovementPlan.objects.filter(pk=plan.pk).update(
        created_at=datetime.datetime(2026, 10, 1, 10, tzinfo=datetime.UTC)
    )
    return ImprovementPlan.objects.get(pk=plan.pk)


def url(plan, suffix: str = "") -> str:
    return f"/trajecten/{plan.trajectory_id}/plan/{plan.number}/{suffix}"


def agreements(plan, **overrides) -> dict:
    return {
        "version": plan.version,
        "final_test": "iep",
        "final_test_baseline": "76,5",
        "final_test_target": "80",
        "lwoo_baseline": "24,5",
        "lwoo_target": "19,5",
        "target_date": "doel",
        "target_justification": "",
    } | overrides


def errors_of(content: str) -> dict[str, str]:
    """Each field's message beside it."""
    return dict(re.findall(r'id="error_1_id_(\w+)"[^>]*><strong>(.*?)</strong>', content, re.S))


def test_the_form_offers_the_years_of_the_trajectorys_round(client, plan, board_user):
    client.force_login(board_user)
    content = text(client.get(url(plan, "resultaatafspraken/")))
    assert "In 2027 (het doel van de ronde)" in content
    assert "In 2028 (alleen voor een zeer zwakke school" in content
    assert "De school doet mee in de ronde Kwaliteitsaanpak 2026–2028" in content
    assert "2010" not in content and "2011" not in content


def test_the_starting_values_are_pre_filled_from_the_monitor(client, plan, board_user):
    school = plan.trajectory.school
    IndicatorValueFactory(school=school, school_year=2025, final_test=FinalTest.IEP, value=Decimal("76.4"))
    IndicatorValueFactory(school=school, school_year=2026, final_test=FinalTest.IEP, value=Decimal("79.0"))
    IndicatorValueFactory(
        school=school, school_year=2025, indicator=Indicator.LWOO, final_test="", value=Decimal("23.5")
    )
    client.force_login(board_user)
    content = text(client.get(url(plan, "resultaatafspraken/")))
    # The school year the plan was started in (2026–2027) had no result yet: the one before it is the start.
    assert re.search(r'name="final_test_baseline" value="76,4"', content)
    assert re.search(r'name="lwoo_baseline" value="23,5"', content)
    assert re.search(r'<option value="iep" selected>', content)
    assert "de beginscore eindtoets 76,4, van schooljaar 2025–2026" in content
    assert "het beginpercentage LWOO 23,5%, van schooljaar 2025–2026" in content


def test_starting_values_of_the_plan_itself_are_not_overwritten_by_the_monitor(client, plan, board_user):
    ImprovementPlan.objects.filter(pk=plan.pk).update(
        final_test="iep", final_test_baseline=Decimal("71"), lwoo_baseline=Decimal("30")
    )
    IndicatorValueFactory(
        school=plan.trajectory.school, school_year=2025, final_test="iep", value=Decimal("76.4")
    )
    client.force_login(board_user)
    content = text(client.get(url(plan, "resultaatafspraken/")))
    assert re.search(r'name="final_test_baseline" value="71"', content)
    assert "Ingevuld uit de indicatoren van de monitor" not in content


def test_one_submit_reports_the_numbers_and_the_rounds_rule_together(client, plan, board_user):
    InspectionVerdictFactory(
        school=plan.trajectory.school, date=datetime.date(2026, 3, 1), verdict=Verdict.WEAK
    )
    client.force_login(board_user)
    data = agreements(
        plan,
        final_test="cito",
        final_test_baseline="480",
        final_test_target="533,55",
        lwoo_baseline="veel",
        lwoo_target="533,5",
        target_date="uitzondering",
        target_justification="Meer tijd.",
    )
    content = text(client.post(url(plan, "resultaatafspraken/"), data))
    assert errors_of(content) == {
        "final_test_baseline": "Een score op de Cito-eindtoets ligt tussen 501 en 550.",
        "final_test_target": "Vul hoogstens 1 cijfer(s) na de komma in.",
        "lwoo_baseline": "Vul een percentage in, bijvoorbeeld 18,5.",
        "lwoo_target": "Een percentage ligt tussen 0 en 100.",
        "target_date": (
            "Alleen een school die zeer zwak is beoordeeld, mag tot 2028 de tijd krijgen; het huidige oordeel "
            "van deze school is niet zeer zwak."
        ),
    }
    assert "533,5" not in errors_of(content)["lwoo_target"]  # not the final test's example
    assert "Meer tijd.</textarea>" in content  # what was typed stays
    stored = ImprovementPlan.objects.get(pk=plan.pk)
    assert (stored.final_test_baseline, stored.lwoo_target) == (None, Decimal("18"))


def test_a_starting_result_without_a_test_asks_for_the_test(client, plan, board_user):
    client.force_login(board_user)
    content = text(
        client.post(url(plan, "resultaatafspraken/"), agreements(plan, final_test="", final_test_target=""))
    )
    assert errors_of(content) == {
        "final_test": (
            "Kies de eindtoets waarop het doel en de beginscore worden gemeten: elke toets heeft een eigen schaal."
        )
    }


def test_saved_agreements_show_each_target_beside_its_start_and_the_rounds_year(client, plan, board_user):
    client.force_login(board_user)
    response = client.post(url(plan, "resultaatafspraken/"), agreements(plan), follow=True)
    content = text(response)
    stored = ImprovementPlan.objects.get(pk=plan.pk)
    assert (stored.final_test_baseline, stored.lwoo_baseline, stored.target_year) == (
        Decimal("76.5"),
        Decimal("24.5"),
        2027,
    )
    agreements_part = content[content.index('data-testid="agreements"') :]
    agreements_part = agreements_part[: agreements_part.index("</dl>")]
    assert "Beginwaarde: 76,5" in agreements_part and "Beginwaarde: 24,5%" in agreements_part
    assert "in 2027" in agreements_part and "Kwaliteitsaanpak 2026–2028" in agreements_part


def test_the_plan_document_has_the_starting_values_and_the_rounds_year(plan, current_round):
    ImprovementPlan.objects.filter(pk=plan.pk).update(
        final_test="iep",
        final_test_baseline=Decimal("76.5"),
        final_test_target=Decimal("80"),
        lwoo_baseline=Decimal("24.5"),
    )
    html = render_html(PLAN_TEMPLATE, plan_pdf_context(ImprovementPlan.objects.get(pk=plan.pk)))
    readable = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", html, flags=re.S))
    )
    assert "Beginscore eindtoets 76,5" in readable
    assert "Beginpercentage LWOO 24,5%" in readable
    assert "in 2027 (Kwaliteitsaanpak 2026–2028)" in readable


def test_no_year_of_the_first_round_is_written_into_the_agreements_templates():
    """The years come from the round: only the first round's constants name 2010 and 2011."""
    templates = Path(settings.BASE_DIR) / "templates" / "improvement_plans"
    for name in ("plan_agreements.html", "includes/plan_agreements.html", "pdf/plan.html"):
        content = (templates / name).read_text()
        assert "2010" not in content and "2011" not in content, name
