"""Reads of improvement_plans, one module per aggregate; what other apps and the pages may call is re-exported
here (`from improvement_plans import selectors`)."""

from .analysis import SUBMISSION_TASK_STATUS, analysis_of, analysis_with_everything
from .plan import (
    COMPARED_GOAL_FIELDS,
    GoalChange,
    GoalRow,
    ThemeRows,
    goal_numbers,
    goal_order,
    goals_by_theme,
    latest_plan,
    plan_comparison,
    plan_goal_rows,
    plan_with_everything,
)
from .trajectory import (
    education_experts,
    financial_experts,
    notes_visible_to,
    open_phase_values,
    schools_to_register,
    trajectory_overview_counts,
)

__all__ = [
    "COMPARED_GOAL_FIELDS",
    "SUBMISSION_TASK_STATUS",
    "GoalChange",
    "GoalRow",
    "ThemeRows",
    "analysis_of",
    "analysis_with_everything",
    "education_experts",
    "financial_experts",
    "goal_numbers",
    "goal_order",
    "goals_by_theme",
    "latest_plan",
    "notes_visible_to",
    "open_phase_values",
    "plan_comparison",
    "plan_goal_rows",
    "plan_with_everything",
    "schools_to_register",
    "trajectory_overview_counts",
]
