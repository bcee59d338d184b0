"""No lost updates on the goals and measures of a plan (ADR 14): two people open the same form and both save; the
second is refused with what the first changed, keeps what they typed, and can save again after reading it."""

from decimal import Decimal

import pytest

from improvement_plans.constants import Phase
from improvement_plans.models import Goal, Measure
from tests.factories import AnalysisFactory, GoalFactory, ImprovementPlanFactory, MeasureFactory
from tests.stale_saves import refusal, saved_by, signed_in, version_on

KEPT = "Uw wijzigingen zijn niet opgeslagen. Uw invoer staat hieronder nog: neem over wat u wilt houden"


@pytest.fixture
def plan(board, expert):
    analysis = AnalysisFactory(
        trajectory__phase=Phase.PLAN, trajectory__school__board=board, status="goedgekeurd", answered=True
    )
    analysis.trajectory.education_experts.add(expert)
    return ImprovementPlanFactory(trajectory=analysis.trajectory)


@pytest.fixture
def goal(plan):
    return GoalFactory(plan=plan, deadline=plan.trajectory.registered_on.replace(year=2010, month=7, day=1))


def url(plan, suffix: str) -> str:
    return f"/trajecten/{plan.trajectory_id}/plan/{plan.number}/{suffix}"


def goal_data(goal, version, **overrides) -> dict:
    data = {
        "version": version,
        "theme": "rekenen",
        "findings": [finding.pk for finding in goal.findings.all()],
        "description": goal.description,
        "indicator": goal.indicator,
        "unit": goal.unit,
        "baseline": "55",
        "target": "75",
        "direction": "hoger",
        "deadline": goal.deadline.strftime("%d-%m-%Y"),
        "owner": goal.owner,
    }
    return {**data, **overrides}


def test_the_second_save_of_a_goal_names_the_first_change_and_keeps_what_was_typed(goal, expert, board_user):
    path = url(goal.plan, f"doelen/{goal.pk}/")
    first, second = signed_in(expert), signed_in(board_user)
    seen = version_on(first.get(path).content.decode())
    assert version_on(second.get(path).content.decode()) == seen

    changed = goal_data(goal, seen, description="Meer leerlingen lezen op niveau.", target="80")
    assert first.post(path, changed).status_code == 302

    typed = goal_data(goal, seen, owner="Intern begeleider", target="70")
    content = refusal(second.post(path, typed))
    goal.refresh_from_db()
    assert (
        f"Iemand anders heeft dit doel opgeslagen terwijl u eraan werkte {saved_by(goal)}: "
        "Doel → „Meer leerlingen lezen op niveau.”; Streefwaarde → 80. " + KEPT
    ) in content
    assert 'value="Intern begeleider"' in content and 'value="70"' in content  # what the second person typed
    # Nothing of the second save was written over the first.
    assert (goal.description, goal.target, goal.owner) == (
        "Meer leerlingen lezen op niveau.",
        Decimal("80"),
        "Directeur en rekencoördinator",
    )
    # Having read what changed, the second person saves again: now based on what they have seen.
    assert version_on(content) == goal.version
    assert second.post(path, {**typed, "version": goal.version}).status_code == 302
    goal.refresh_from_db()
    assert (goal.owner, goal.target) == ("Intern begeleider", Decimal("70"))


def test_removing_a_goal_that_someone_changed_meanwhile_is_refused(goal, expert, board_user):
    remove = url(goal.plan, f"doelen/{goal.pk}/verwijderen/")
    first, second = signed_in(expert), signed_in(board_user)
    seen = version_on(second.get(remove).content.decode())
    first.post(url(goal.plan, f"doelen/{goal.pk}/"), goal_data(goal, seen, unit="leerlingen"))

    content = refusal(second.post(remove, {"version": seen}))
    goal.refresh_from_db()
    assert (
        f"Iemand anders heeft dit doel opgeslagen terwijl u eraan werkte {saved_by(goal)}: Eenheid → „leerlingen”."
        in content
    )
    assert "Er is niets verwijderd" in content
    assert Goal.objects.filter(pk=goal.pk).exists()


@pytest.fixture
def measure(goal):
    starts_on = goal.plan.trajectory.registered_on.replace(year=2008, month=11, day=1)
    return MeasureFactory(goal=goal, starts_on=starts_on, ends_on=starts_on.replace(year=2009, month=7))


def measure_data(measure, version, **overrides) -> dict:
    data = {
        "version": version,
        "kind": measure.kind,
        "description": measure.description,
        "responsible": measure.responsible,
        "starts_on": measure.starts_on.strftime("%d-%m-%Y"),
        "ends_on": measure.ends_on.strftime("%d-%m-%Y"),
        "estimated_cost": "12.500,00",
    }
    return {**data, **overrides}


def test_the_second_save_of_a_measure_names_the_first_change_and_keeps_what_was_typed(
    measure, expert, board_user
):
    path = url(measure.goal.plan, f"maatregelen/{measure.pk}/")
    first, second = signed_in(expert), signed_in(board_user)
    seen = version_on(first.get(path).content.decode())
    second.get(path)

    changed = measure_data(
        measure, seen, kind="coaching_directeur", estimated_cost="1.234,56", ends_on="01-06-2009"
    )
    assert first.post(path, changed).status_code == 302

    content = refusal(second.post(path, measure_data(measure, seen, responsible="Directeur")))
    measure.refresh_from_db()
    assert (
        f"Iemand anders heeft deze maatregel opgeslagen terwijl u eraan werkte {saved_by(measure)}: "
        f"Soort maatregel → {measure.get_kind_display()}; Einde → 01-06-2009; Geraamde kosten → € 1.234,56."
    ) in content.replace("\u00a0", " ")
    assert 'value="Directeur"' in content
    assert (measure.responsible, measure.estimated_cost) == ("Rekencoördinator", Decimal("1234.56"))


def test_removing_a_measure_that_someone_changed_meanwhile_is_refused(measure, expert, board_user):
    remove = url(measure.goal.plan, f"maatregelen/{measure.pk}/verwijderen/")
    first, second = signed_in(expert), signed_in(board_user)
    seen = version_on(second.get(remove).content.decode())
    first.post(
        url(measure.goal.plan, f"maatregelen/{measure.pk}/"), measure_data(measure, seen, responsible="IB")
    )

    content = refusal(second.post(remove, {"version": seen}))
    assert (
        "Iemand anders heeft deze maatregel opgeslagen" in content and "Verantwoordelijke → „IB”" in content
    )
    assert Measure.objects.filter(pk=measure.pk).exists()
    # With the version the refusal brought, the removal goes through.
    assert second.post(remove, {"version": version_on(content)}).status_code == 302
    assert not Measure.objects.filter(pk=measure.pk).exists()


def test_a_stale_goal_save_with_a_mistake_shows_both_in_one_round(goal, expert, board_user):
    path = url(goal.plan, f"doelen/{goal.pk}/")
    first, second = signed_in(expert), signed_in(board_user)
    seen = version_on(first.get(path).content.decode())
    second.get(path)
    assert first.post(path, goal_data(goal, seen, target="80")).status_code == 302

    content = refusal(second.post(path, goal_data(goal, seen, target="55")))  # the target equals the baseline
    goal.refresh_from_db()
    assert f"Iemand anders heeft dit doel opgeslagen terwijl u eraan werkte {saved_by(goal)}" in content
    assert "de streefwaarde moet verschillen van de beginwaarde." in content
    assert version_on(content) == goal.version  # the next save is based on what the user has now seen
    assert goal.target == Decimal("80")


def test_a_stale_measure_save_with_a_mistake_shows_both_in_one_round(measure, expert, board_user):
    path = url(measure.goal.plan, f"maatregelen/{measure.pk}/")
    first, second = signed_in(expert), signed_in(board_user)
    seen = version_on(first.get(path).content.decode())
    second.get(path)
    assert first.post(path, measure_data(measure, seen, estimated_cost="1.234,56")).status_code == 302

    # The end before the start: a mistake only the service finds (the form's own fields are all filled in).
    content = refusal(second.post(path, measure_data(measure, seen, ends_on="01-10-2008")))
    measure.refresh_from_db()
    assert (
        f"Iemand anders heeft deze maatregel opgeslagen terwijl u eraan werkte {saved_by(measure)}" in content
    )
    assert "Vul een einddatum in die na de begindatum ligt." in content
    assert version_on(content) == measure.version
    assert measure.estimated_cost == Decimal("1234.56")
