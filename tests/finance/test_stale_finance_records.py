"""No lost updates on budget lines and the experts' hours (ADR 14): two people open the same form and both save;
the second is refused with what the first changed (amounts in euros), keeps what they typed, and nothing of the
first save is overwritten. Removing a record that changed meanwhile is refused too."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from finance import services
from finance.constants import Quarter
from finance.models import BudgetLine, ExpertCost
from improvement_plans.constants import Phase
from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import ExpertCostFactory, TrajectoryFactory, UserFactory
from tests.finance.page_budgets import add_line, line_data, make_plan, url
from tests.stale_saves import refusal, saved_by, signed_in, version_on

KEPT = "Uw wijzigingen zijn niet opgeslagen. Uw invoer staat hieronder nog"


@pytest.fixture
def line(board, financial_expert):
    plan = make_plan(board, financial_expert)
    budget = services.budget_create(user=financial_expert, plan=plan)
    return add_line(financial_expert, budget)


def test_the_second_save_of_a_budget_line_names_the_first_change(line, financial_expert, staff):
    path = url(line.budget, f"regels/{line.pk}/")
    first, second = signed_in(financial_expert), signed_in(staff)
    seen = version_on(first.get(path).content.decode())
    assert version_on(second.get(path).content.decode()) == seen

    changed = line_data(
        line.budget.plan, version=seen, amount="13.000", municipality_amount="10.500", board_amount="2.500"
    )
    assert first.post(path, changed).status_code == 302

    typed = line_data(line.budget.plan, version=seen, description="Scholing door de PO-raad")
    content = refusal(second.post(path, typed)).replace("\u00a0", " ")
    line.refresh_from_db()
    assert (
        f"Iemand anders heeft deze begrotingsregel opgeslagen terwijl u eraan werkte {saved_by(line)}: "
        "Omschrijving → „Teamscholing directe instructie”; Bedrag → € 13.000,00; "
        "Bijdrage gemeente → € 10.500,00. " + KEPT
    ) in content
    assert 'value="Scholing door de PO-raad"' in content  # what the second person typed
    assert (line.amount, line.description) == (Decimal("13000.00"), "Teamscholing directe instructie")


def test_removing_a_budget_line_that_someone_changed_meanwhile_is_refused(line, financial_expert, staff):
    remove = url(line.budget, f"regels/{line.pk}/verwijderen/")
    first, second = signed_in(financial_expert), signed_in(staff)
    seen = version_on(second.get(remove).content.decode())
    first.post(url(line.budget, f"regels/{line.pk}/"), line_data(line.budget.plan, version=seen))

    content = refusal(second.post(remove, {"version": seen}))
    assert (
        "Iemand anders heeft deze begrotingsregel opgeslagen" in content
        and "Er is niets verwijderd" in content
    )
    assert BudgetLine.objects.filter(pk=line.pk).exists()


TODAY = timezone.localdate()
LAST_QUARTER = Quarter.of(Quarter.of(TODAY).first_day - datetime.timedelta(days=1))


@pytest.fixture
def cost(expert):
    trajectory = TrajectoryFactory(
        phase=Phase.EXECUTION,
        registered_on=TODAY - datetime.timedelta(days=400),
        execution_started_on=TODAY - datetime.timedelta(days=200),
    )
    trajectory.education_experts.add(expert)
    return ExpertCostFactory(
        trajectory=trajectory,
        expert=expert,
        year=LAST_QUARTER.year,
        quarter=LAST_QUARTER.number,
        hours=Decimal("12.5"),
        hourly_rate=Decimal("95"),
    )


def cost_data(cost, version, **overrides) -> dict:
    data = {
        "version": version,
        "expert": cost.expert_id,
        "quarter": LAST_QUARTER.value,
        "hours": "12,5",
        "hourly_rate": "95,00",
        "note": "",
    }
    return {**data, **overrides}


def test_the_second_save_of_an_experts_hours_names_the_first_change(cost, staff):
    path = f"/trajecten/{cost.trajectory_id}/expertkosten/{cost.pk}/"
    colleague = UserFactory(role=Role.PROGRAMME_STAFF, first_name="Joost", last_name="de Vries")
    first, second = signed_in(colleague), signed_in(staff)
    seen = version_on(first.get(path).content.decode())
    second.get(path)

    assert first.post(path, cost_data(cost, seen, hours="14", hourly_rate="120,50")).status_code == 302

    content = refusal(second.post(path, cost_data(cost, seen, note="Ook de intake"))).replace("\u00a0", " ")
    cost.refresh_from_db()
    assert (
        f"Iemand anders heeft deze uren opgeslagen terwijl u eraan werkte {saved_by(cost)}: "
        "Uren → 14; Uurtarief → € 120,50. " + KEPT
    ) in content
    assert "(Joost de Vries, " in content
    assert 'value="Ook de intake"' in content
    assert (cost.hours, cost.hourly_rate, cost.note) == (Decimal("14"), Decimal("120.50"), "")


def test_removing_hours_that_someone_changed_meanwhile_is_refused(cost, staff):
    remove = f"/trajecten/{cost.trajectory_id}/expertkosten/{cost.pk}/verwijderen/"
    colleague = UserFactory(role=Role.PROGRAMME_STAFF)
    second = signed_in(staff)
    seen = version_on(second.get(remove).content.decode())
    signed_in(colleague).post(
        f"/trajecten/{cost.trajectory_id}/expertkosten/{cost.pk}/", cost_data(cost, seen, note="Intake")
    )

    content = refusal(second.post(remove, {"version": seen}))
    assert "Iemand anders heeft deze uren opgeslagen" in content and "Bericht → „Intake”" in content
    assert ExpertCost.objects.filter(pk=cost.pk).exists()


def test_a_stale_budget_line_save_with_a_mistake_shows_both_in_one_round(line, financial_expert, staff):
    path = url(line.budget, f"regels/{line.pk}/")
    first, second = signed_in(financial_expert), signed_in(staff)
    seen = version_on(first.get(path).content.decode())
    second.get(path)
    changed = line_data(
        line.budget.plan, version=seen, amount="13.000", municipality_amount="10.500", board_amount="2.500"
    )
    assert first.post(path, changed).status_code == 302

    typed = line_data(line.budget.plan, version=seen, municipality_amount="1.000")  # shares no longer add up
    content = refusal(second.post(path, typed)).replace("\u00a0", " ")
    line.refresh_from_db()
    assert (
        f"Iemand anders heeft deze begrotingsregel opgeslagen terwijl u eraan werkte {saved_by(line)}"
        in content
    )
    assert "De bijdragen komen niet uit op het bedrag van € 12.345,67" in content
    assert version_on(content) == line.version
    assert line.amount == Decimal("13000.00")


def test_a_stale_save_of_hours_with_a_mistake_shows_both_in_one_round(cost, staff):
    path = f"/trajecten/{cost.trajectory_id}/expertkosten/{cost.pk}/"
    first, second = signed_in(UserFactory(role=Role.PROGRAMME_STAFF)), signed_in(staff)
    seen = version_on(first.get(path).content.decode())
    second.get(path)
    assert first.post(path, cost_data(cost, seen, hours="14")).status_code == 302

    content = refusal(second.post(path, cost_data(cost, seen, hours="0"))).replace("\u00a0", " ")
    cost.refresh_from_db()
    assert f"Iemand anders heeft deze uren opgeslagen terwijl u eraan werkte {saved_by(cost)}" in content
    assert "Vul een aantal uren boven nul in." in content
    assert version_on(content) == cost.version
    assert cost.hours == Decimal("14")
