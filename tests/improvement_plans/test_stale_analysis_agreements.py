"""No lost updates on the quality analysis and the plan's result agreements (ADR 14): two people open the same form
and both save; the second is refused with what the first changed, keeps what they typed, and — the form now carrying
the record's current version — their next save goes through. Also when the form has errors of its own (ADR 12)."""

from decimal import Decimal

import pytest

from improvement_plans.constants import ANALYSIS_QUESTIONS, CORE_THEMES, Phase
from tests.factories import AnalysisFactory, ImprovementPlanFactory
from tests.stale_saves import refusal, saved_by, signed_in, version_on

KEPT = "Uw wijzigingen zijn niet opgeslagen. Uw invoer staat hieronder nog: neem over wat u wilt houden"
TOPICS = [*ANALYSIS_QUESTIONS, *CORE_THEMES]


@pytest.fixture
def analysis(board, expert):
    """A draft analysis; the expert is assigned to its trajectory."""
    analysis = AnalysisFactory(trajectory__school__board=board, trajectory__school__name="De Vuurtoren")
    analysis.trajectory.education_experts.add(expert)
    return analysis


def analysis_path(analysis) -> str:
    return f"/trajecten/{analysis.trajectory_id}/analyse/wijzigen/"


def analysis_data(version, **overrides) -> dict:
    data = {
        "version": version,
        "data_used": "Eindtoets 2006–2008 en het leerlingvolgsysteem.",
        "strengths": "Betrokken team.",
        "weaknesses": "Weinig zicht op de opbrengsten.",
    }
    for topic in TOPICS:
        data[f"finding_{topic}"] = ""
        data[f"rating_{topic}"] = ""
    return {**data, **overrides}


def test_the_second_save_of_the_analysis_names_the_first_change_and_goes_through_after_reading_it(
    analysis, expert, board_user
):
    path = analysis_path(analysis)
    first, second = signed_in(expert), signed_in(board_user)
    seen = version_on(first.get(path).content.decode())
    assert version_on(second.get(path).content.decode()) == seen

    assert first.post(path, analysis_data(seen, strengths="Sterk rekenonderwijs.")).status_code == 302

    typed = analysis_data(seen, weaknesses="Begrijpend lezen blijft achter.", finding_rekenen="Goed gevolgd.")
    content = refusal(second.post(path, typed))
    analysis.refresh_from_db()
    assert (
        f"Iemand anders heeft deze analyse opgeslagen terwijl u eraan werkte {saved_by(analysis)}: "
        "Gebruikte gegevens → „Eindtoets 2006–2008 en het leerlingvolgsysteem.”; "
        "Sterke punten → „Sterk rekenonderwijs.”; Zwakke punten → „Weinig zicht op de opbrengsten.”. " + KEPT
    ) in content
    assert "Begrijpend lezen blijft achter." in content and "Goed gevolgd." in content  # what was typed
    assert (analysis.strengths, analysis.weaknesses) == (
        "Sterk rekenonderwijs.",
        "Weinig zicht op de opbrengsten.",
    )

    # Having read what changed, the second person saves again: based on the version the refusal brought.
    assert version_on(content) == analysis.version
    again = {**typed, "strengths": "Sterk rekenonderwijs.", "version": version_on(content)}
    assert second.post(path, again).status_code == 302
    analysis.refresh_from_db()
    assert (analysis.strengths, analysis.weaknesses) == (
        "Sterk rekenonderwijs.",
        "Begrijpend lezen blijft achter.",
    )
    assert analysis.findings.get(topic="rekenen").finding == "Goed gevolgd."


def test_a_stale_analysis_with_an_error_of_its_own_shows_both_and_moves_on_to_the_current_version(
    analysis, expert, board_user
):
    path = analysis_path(analysis)
    first, second = signed_in(expert), signed_in(board_user)
    seen = version_on(second.get(path).content.decode())
    assert first.post(path, analysis_data(seen, strengths="Sterk rekenonderwijs.")).status_code == 302

    # A rating off the scale (a tampered form) and a stale version: one round reports both (ADR 12).
    typed = analysis_data(seen, weaknesses="Begrijpend lezen blijft achter.", rating_rekenen="9")
    content = refusal(second.post(path, typed))
    analysis.refresh_from_db()
    assert "Iemand anders heeft deze analyse opgeslagen terwijl u eraan werkte" in content
    assert "Sterke punten → „Sterk rekenonderwijs.”" in content
    assert "Selecteer een geldige keuze" in content  # the rating's own error
    assert version_on(content) == analysis.version

    again = {**typed, "rating_rekenen": "2", "version": version_on(content)}
    assert second.post(path, again).status_code == 302
    analysis.refresh_from_db()
    assert analysis.weaknesses == "Begrijpend lezen blijft achter."
    assert analysis.findings.get(topic="rekenen").rating == 2


@pytest.fixture
def plan(board, expert):
    analysis = AnalysisFactory(
        trajectory__phase=Phase.PLAN, trajectory__school__board=board, status="goedgekeurd", answered=True
    )
    analysis.trajectory.education_experts.add(expert)
    return ImprovementPlanFactory(trajectory=analysis.trajectory)


def agreements_path(plan) -> str:
    return f"/trajecten/{plan.trajectory_id}/plan/{plan.number}/resultaatafspraken/"


def agreements(version, **overrides) -> dict:
    return {
        "version": version,
        "final_test": "cito",
        "final_test_baseline": "528,5",
        "final_test_target": "533",
        "lwoo_baseline": "24,5",
        "lwoo_target": "19,5",
        "target_date": "doel",
        "target_justification": "",
    } | overrides


def test_the_second_save_of_the_result_agreements_names_the_first_change_and_goes_through_after_reading_it(
    plan, expert, board_user
):
    path = agreements_path(plan)
    first, second = signed_in(expert), signed_in(board_user)
    seen = version_on(first.get(path).content.decode())
    assert version_on(second.get(path).content.decode()) == seen
    assert first.post(path, agreements(seen)).status_code == 302
    plan.refresh_from_db()
    seen = plan.version

    assert first.post(path, agreements(seen, final_test_target="535,5", lwoo_target="18")).status_code == 302

    typed = agreements(seen, lwoo_baseline="25", lwoo_target="17,5")
    content = refusal(second.post(path, typed))
    plan.refresh_from_db()
    assert (
        f"Iemand anders heeft dit plan opgeslagen terwijl u eraan werkte {saved_by(plan)}: "
        "Streefscore eindtoets → 535,5; Streefpercentage LWOO → 18. " + KEPT
    ) in content
    assert 'value="25"' in content and 'value="17,5"' in content  # what the second person typed
    assert (plan.final_test_target, plan.lwoo_baseline, plan.lwoo_target) == (
        Decimal("535.5"),
        Decimal("24.5"),
        Decimal("18.0"),
    )

    assert version_on(content) == plan.version
    again = {**typed, "final_test_target": "535,5", "version": version_on(content)}
    assert second.post(path, again).status_code == 302
    plan.refresh_from_db()
    assert (plan.final_test_target, plan.lwoo_baseline, plan.lwoo_target) == (
        Decimal("535.5"),
        Decimal("25.0"),
        Decimal("17.5"),
    )


def test_stale_result_agreements_with_an_error_the_service_finds_show_both_in_one_round(
    plan, expert, board_user
):
    path = agreements_path(plan)
    first, second = signed_in(expert), signed_in(board_user)
    seen = version_on(second.get(path).content.decode())
    assert first.post(path, agreements(seen, final_test_target="535,5")).status_code == 302

    # The exception year for a school that is not very weak (the service's rule) and a stale version: one round
    # reports both (ADR 12, ADR 14).
    typed = agreements(seen, target_date="uitzondering", target_justification="Veel nieuwe leerlingen.")
    content = refusal(second.post(path, typed))
    plan.refresh_from_db()
    assert "Alleen een school die zeer zwak is beoordeeld, mag tot" in content
    assert "Iemand anders heeft dit plan opgeslagen terwijl u eraan werkte" in content
    assert "Streefscore eindtoets → 535,5" in content
    assert version_on(content) == plan.version

    again = {**typed, "target_date": "doel", "version": version_on(content)}
    assert second.post(path, again).status_code == 302
    plan.refresh_from_db()
    assert plan.final_test_target == Decimal("533")  # the second person's, saved after reading the first's
