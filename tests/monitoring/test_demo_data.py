"""`make run`'s demo data: fictional, the shape the issue asks for, and loaded only into an empty register."""

from django.contrib.auth.models import Group
from django.core.management import call_command

from improvement_plans.models import Analysis, ImprovementPlan, Trajectory
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.accounts.roles import Role
from monitoring.demo import DEMO_PASSWORD
from schools.models import School, SchoolBoard


def test_seed_demo_fills_an_empty_register_and_prints_a_login_per_role(db, capsys):
    call_command("seed_demo")

    assert School.objects.count() == 40
    assert SchoolBoard.objects.count() == 8
    on_list = School.objects.with_current_verdict().filter(on_reference_list=True)
    assert on_list.count() == 33
    assert all(school.brin.startswith("99") for school in School.objects.all())  # never a real BRIN
    assert Trajectory.objects.filter(ended_on__isnull=True).count() == 34
    assert Analysis.objects.filter(status="ingediend").exists()  # something for the expert group to judge
    assert ImprovementPlan.objects.filter(status="ingediend").exists()
    revision = ImprovementPlan.objects.get(number=2)  # after an audit, for the comparison
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


def test_seed_demo_leaves_a_register_with_schools_alone(db):
    call_command("seed_demo")
    call_command("seed_demo")
    assert School.objects.count() == 40
    assert User.objects.count() == len(Role)
