"""Object permissions on trajectories. The object is always the trajectory (or, to register, the school)."""

import rules

from kwaliteitsaanpak.permissions import has_model_perm
from schools.rules import is_own_board_school, sees_all_schools

sees_all_trajectories = has_model_perm("improvement_plans.view_all_trajectories")


@rules.predicate
def is_assigned_expert(user, trajectory) -> bool:
    if trajectory is None:
        return False
    if trajectory.financial_expert_id == user.pk:
        return True
    # Uses the prefetched experts when the page loaded them.
    return any(expert.pk == user.pk for expert in trajectory.education_experts.all())


@rules.predicate
def is_own_board_trajectory(user, trajectory) -> bool:
    return (
        trajectory is not None
        and bool(user.school_board_id)
        and trajectory.school.board_id == user.school_board_id
    )


@rules.predicate
def is_own_school_director(user, trajectory) -> bool:
    """A school director and a trajectory of the one school they lead."""
    return trajectory is not None and bool(user.school_id) and trajectory.school_id == user.school_id


@rules.predicate
def is_assigned_education_expert(user, trajectory) -> bool:
    """Only an education expert assigned to the trajectory (not its financial expert)."""
    return trajectory is not None and any(
        expert.pk == user.pk for expert in trajectory.education_experts.all()
    )


can_see_trajectory = (
    sees_all_trajectories | is_assigned_expert | is_own_board_trajectory | is_own_school_director
)

rules.add_perm(
    "improvement_plans.view_trajectory",
    has_model_perm("improvement_plans.view_trajectory") & can_see_trajectory,
)
# To register, the object is the school: staff may register any school, a board user only its own.
rules.add_perm(
    "improvement_plans.add_trajectory",
    has_model_perm("improvement_plans.add_trajectory") & (sees_all_schools | is_own_board_school),
)
rules.add_perm("improvement_plans.manage_trajectory", has_model_perm("improvement_plans.manage_trajectory"))
rules.add_perm(
    "improvement_plans.work_on_analysis",
    has_model_perm("improvement_plans.work_on_analysis") & can_see_trajectory,
)
rules.add_perm(
    "improvement_plans.submit_analysis",
    has_model_perm("improvement_plans.submit_analysis") & can_see_trajectory,
)
rules.add_perm("improvement_plans.review_analysis", has_model_perm("improvement_plans.review_analysis"))
rules.add_perm(
    "improvement_plans.write_internal_note",
    has_model_perm("improvement_plans.write_internal_note") & can_see_trajectory,
)
rules.add_perm(
    "improvement_plans.work_on_plan", has_model_perm("improvement_plans.work_on_plan") & can_see_trajectory
)
rules.add_perm(
    "improvement_plans.submit_plan", has_model_perm("improvement_plans.submit_plan") & can_see_trajectory
)
rules.add_perm("improvement_plans.review_plan", has_model_perm("improvement_plans.review_plan"))
rules.add_perm("improvement_plans.start_plan_version", has_model_perm("improvement_plans.start_plan_version"))

# Execution: the board (and its school director) fills in the quarterly progress report, the board submits it, an
# assigned education expert assesses it. The object is the trajectory.
rules.add_perm(
    "improvement_plans.work_on_progress_report",
    has_model_perm("improvement_plans.work_on_progress_report") & can_see_trajectory,
)
rules.add_perm(
    "improvement_plans.submit_progress_report",
    has_model_perm("improvement_plans.submit_progress_report") & can_see_trajectory,
)
rules.add_perm(
    "improvement_plans.assess_progress_report",
    has_model_perm("improvement_plans.assess_progress_report") & is_assigned_education_expert,
)
