"""`make run`'s demo data: fictional, the shape the issue asks for, and loaded only into an empty register."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from finance.models import Budget, ExpertCost
from finance.selectors import budget_overview, finance_overview, programme_totals, realisation_overview
from finance.services import check_quarter
from improvement_plans.models import Analysis, ImprovementPlan, Trajectory
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.accounts.roles import Role
from schools.demo import DEMO_PASSWORD
from schools.models import School, SchoolBoard


def test_seed_demo_fills_an_empty_register_and_prints_a_login_per_role(db, capsys):
    call_command("seed_demo")

    assert School.objects.count() == 40
    assert SchoolBoard.objects.count() == 8
    on_list = School.objects.with_current_verdict().filter(on_reference_list=True)
    assert on_list.count() == 33
    assert all(school.brin.startswith("99") for school in School.objects.all())  # never a real BRIN
    assert Trajectory.objects.filter(ended_on__isnull=True).count() == 38
    assert Analysis.objects.filter(status="ingediend").exists()  # something for the expert group to judge
    assert ImprovementPlan.objects.filter(status="ingediend").exists()
    revision = ImprovementPlan.objects.get(number=2, status="concept")  # being revised, for the comparison
    assert revision.goals.exclude(target_change_reason="").count() == 1
    assert (
        not Trajectory.objects.filter(phase="uitvoering", plans__status="goedgekeurd")
        .filter(execution_started_on__isnull=True)
        .exists()
    )

    output = capsys.readouterr().out
    for role in Role:
        user = User.objects.get(groups=Group.objects.get(name=role))
        assert user.check_password(DEMO_PASSWORD)
        assert user.email in output
    assert User.objects.get(groups__name=Role.SCHOOL_BOARD).school_board is not None
    assert "kwaliteit-demo" in output


def test_seed_demo_leaves_a_register_with_schools_alone(demo):
    call_command("seed_demo")
    assert School.objects.count() == 40
    assert Trajectory.objects.count() == 38
    assert User.objects.count() == len(Role)


def test_seed_demo_gives_the_budgets_a_story_in_step_with_the_plans(demo):
    assert set(Budget.objects.values_list("status", flat=True)) == {
        "concept",
        "ingediend",
        "teruggestuurd",
        "goedgekeurd",
    }
    for plan_status, budget_status in [("concept", "concept"), ("ingediend", "ingediend")]:
        plans = ImprovementPlan.objects.filter(status=plan_status, number=1)
        assert plans.exists()
        assert all(plan.budget.status == budget_status for plan in plans)
    assert Budget.objects.get(status="teruggestuurd").reviews.get().comments

    running = Trajectory.objects.filter(phase__in=["uitvoering", "borging"])
    assert running.count() == 16
    for trajectory in running:
        budget = trajectory.budgets.get(status="goedgekeurd")
        overview = budget_overview(budget)
        assert budget.equalisation_waived_on is not None
        assert Decimal(60) <= overview.total.municipality_percentage <= Decimal(80)
        assert len(overview.per_year) == 2
        assert len(overview.per_category) >= 4
        assert budget.grant_decision.amount <= overview.total.municipality
        # Spending is recorded three weeks after a quarter ends, never ahead: only a trajectory that started
        # execution in the last months may have none yet.
        quarters = list(trajectory.realisation_quarters.all())
        started_lately = trajectory.execution_started_on > timezone.localdate() - datetime.timedelta(days=120)
        assert quarters or started_lately
        if quarters:
            assert realisation_overview(budget).total.spent.total > 0
        assert all(record.recorded_at.date() <= timezone.localdate() for record in quarters)
        assert ExpertCost.objects.filter(trajectory=trajectory).values("expert").distinct().count() >= 1
        # Spending and the experts' hours lie in quarters the services would accept.
        for record in [*trajectory.realisation_quarters.all(), *trajectory.expert_costs.all()]:
            check_quarter(trajectory, record.period)
    overspent = [
        budget
        for budget in Budget.objects.filter(status="goedgekeurd")
        if realisation_overview(budget).overspent_lines
    ]
    assert len(overspent) == 1  # one line overspent somewhere, for the page's flag


def test_seed_demo_revises_the_board_budget_and_shows_each_reader_its_overview(demo):
    revision = Budget.objects.get(plan__number=2, plan__status="concept")
    assert revision.status == "concept"
    assert revision.change_reason
    assert revision.trajectory.budgets.get(plan__number=1).status == "goedgekeurd"  # still committed
    assert revision.lines.count() == revision.trajectory.budgets.get(plan__number=1).lines.count()

    municipality = User.objects.get(groups__name=Role.MUNICIPALITY)
    rows = finance_overview(municipality)
    assert rows.count() == 21  # every trajectory with a plan but the one that has not started it
    totals = programme_totals(rows)
    assert totals["committed"] > totals["planned"] > 0
    assert totals["granted"] and totals["spent_municipality"] and totals["expert_costs"]

    board_user = User.objects.get(groups__name=Role.SCHOOL_BOARD)
    own = finance_overview(board_user)
    assert own.count() == 3
    assert {row.trajectory.school.board_id for row in own} == {board_user.school_board_id}
    assert own.filter(revision_open=True).count() == 1
