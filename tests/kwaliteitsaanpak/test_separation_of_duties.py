"""Separation of duties (ADR 2): whoever decides on a record does not draw it up. The role map, the groups after
migrate, the migration that took the permissions away, the services and the pages all say so; the expert group's
adoption of an audit that adjusts the plan still starts the new version, which the board and its experts write."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

from improvement_plans.models import ImprovementPlan
from kwaliteitsaanpak.accounts.roles import ROLE_PERMISSIONS, Role
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.factories import UserFactory

# A decision → what draws up the record it decides on.
DECIDES_ON = {
    "improvement_plans.review_analysis": {
        "improvement_plans.work_on_analysis",
        "improvement_plans.submit_analysis",
    },
    "improvement_plans.review_plan": {
        "improvement_plans.work_on_plan",
        "improvement_plans.submit_plan",
        "improvement_plans.start_plan_version",
    },
    "finance.review_budget": {"finance.work_on_budget", "finance.submit_budget"},
    "improvement_plans.assess_progress_report": {
        "improvement_plans.work_on_progress_report",
        "improvement_plans.submit_progress_report",
    },
    "audits.judge_interim_results": {"audits.supply_interim_results", "audits.submit_interim_results"},
}
# The one exception, on purpose: the expert group performs the audits (DOMAIN.md: "approve analyses, plans and
# budgets; perform the audits") and adopts them; an audit is its own judgement, not a record of others it decides on.
OWN_JUDGEMENT = {"audits.decide_audit": {"audits.work_on_audit", "audits.submit_audit"}}


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_no_role_draws_up_what_it_decides_on(role):
    held = ROLE_PERMISSIONS[role]
    overlaps = {decision: drafting & held for decision, drafting in DECIDES_ON.items() if decision in held}
    assert {decision: found for decision, found in overlaps.items() if found} == {}


def test_the_expert_group_reads_approves_returns_and_audits_only():
    held = ROLE_PERMISSIONS[Role.EXPERT_GROUP]
    writes = {
        name
        for name in held
        if name.split(".", 1)[1].startswith(("work_on_", "submit_", "start_", "record_"))
    }
    assert writes == OWN_JUDGEMENT["audits.decide_audit"]
    assert {"finance.work_on_budget", "improvement_plans.start_plan_version"}.isdisjoint(held)


def test_after_migrate_the_expert_group_holds_no_drawing_up_permission(db):
    group = Group.objects.get(name=Role.EXPERT_GROUP)
    held = {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }
    drafting = set().union(*DECIDES_ON.values())
    assert held & drafting == set()


def test_the_migration_takes_the_permissions_from_a_group_that_still_has_them(db):
    group = Group.objects.get(name=Role.EXPERT_GROUP)
    extra = Permission.objects.filter(
        content_type__app_label__in=["finance", "improvement_plans"],
        codename__in=["work_on_budget", "start_plan_version"],
    )
    group.permissions.add(*extra)
    kept = Permission.objects.get(content_type__app_label="finance", codename="review_budget")

    migration = importlib.import_module("kwaliteitsaanpak.accounts.migrations.0005_separation_of_duties")
    migration.withdraw_role_permissions(apps)

    assert not group.permissions.filter(pk__in=extra).exists()
    assert group.permissions.filter(pk=kept.pk).exists()
    assert extra.count() == 2


def test_the_expert_group_may_not_draw_up_a_budget_or_start_a_plan_version(db):
    from finance.services import budget_create
    from improvement_plans.services import plan_new_version
    from tests.factories import ImprovementPlanFactory

    member = UserFactory(role=Role.EXPERT_GROUP)
    plan = ImprovementPlanFactory(status=SubmissionStatus.APPROVED, trajectory__phase="uitvoering")

    with pytest.raises(PermissionDenied):
        budget_create(user=member, plan=plan)
    with pytest.raises(PermissionDenied):
        plan_new_version(user=member, trajectory=plan.trajectory, reason="Bijstellen na de audit")
    assert not member.has_perm("finance.work_on_budget", plan.trajectory)
    assert ImprovementPlan.objects.filter(trajectory=plan.trajectory).count() == 1


def test_adopting_an_audit_that_adjusts_the_plan_still_starts_the_next_version(db):
    """The expert group decides; the new version is started as part of its decision and written by the board."""
    from audits.constants import AuditDecision
    from tests.actors import BOARD, EXPERT_GROUP
    from tests.audits.factories_audits import adopted_audit
    from tests.improvement_plans.worlds import make_world

    world = make_world()
    member = world[EXPERT_GROUP]
    assert not member.has_perm("improvement_plans.start_plan_version")

    audit = adopted_audit(world, AuditDecision.ADJUST_PLAN)

    new = audit.follow_up_plan
    assert (new.number, new.previous.number, new.status, new.created_by) == (
        2,
        1,
        SubmissionStatus.DRAFT,
        member,
    )
    assert world[BOARD].has_perm("improvement_plans.work_on_plan", audit.trajectory)
    assert not member.has_perm("improvement_plans.work_on_plan", audit.trajectory)
