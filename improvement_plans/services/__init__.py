"""Every change to trajectories, their analyses and their improvement plans, one module per aggregate. The
services are re-exported here (`from improvement_plans import services`); the trajectory's public API for other
apps' steps is documented in `services.trajectory`."""

from .analysis import (
    analysis_approve,
    analysis_missing_answers,
    analysis_return,
    analysis_submit,
    analysis_update,
    attachment_add,
    class_visit_save,
    interview_save,
)
from .plan import (
    goal_remove,
    goal_save,
    measure_remove,
    measure_save,
    plan_approve,
    plan_create,
    plan_missing_parts,
    plan_new_version,
    plan_period,
    plan_return,
    plan_submit,
    plan_update_agreements,
)
from .trajectory import (
    PROGRAMME_START,
    intake_record_outcome,
    intake_schedule,
    note_add,
    trajectory_assign_experts,
    trajectory_register,
    trajectory_withdraw,
)

__all__ = [
    "PROGRAMME_START",
    "analysis_approve",
    "analysis_missing_answers",
    "analysis_return",
    "analysis_submit",
    "analysis_update",
    "attachment_add",
    "class_visit_save",
    "goal_remove",
    "goal_save",
    "interview_save",
    "intake_record_outcome",
    "intake_schedule",
    "measure_remove",
    "measure_save",
    "note_add",
    "plan_approve",
    "plan_create",
    "plan_missing_parts",
    "plan_new_version",
    "plan_period",
    "plan_return",
    "plan_submit",
    "plan_update_agreements",
    "trajectory_assign_experts",
    "trajectory_register",
    "trajectory_withdraw",
]
