"""The models of improvement_plans, one module per aggregate: the trajectory, its analysis and its plan versions.
Import them from here (`from improvement_plans.models import Trajectory`)."""

from .analysis import (
    Analysis,
    AnalysisAttachment,
    AnalysisFinding,
    AnalysisReview,
    ClassVisit,
    ClassVisitObservation,
    Interview,
    attachment_upload_to,
)
from .plan import Goal, GoalComment, ImprovementPlan, Measure, PlanReview
from .progress import (
    GoalProgress,
    GoalProgressComment,
    MeasureProgress,
    ProgressReport,
    ProgressReportDocument,
    ProgressReportReview,
)
from .round import ProgrammeRound, first_round
from .trajectory import Trajectory, TrajectoryEvent, TrajectoryNote, TrajectoryQuerySet

__all__ = [
    "Analysis",
    "AnalysisAttachment",
    "AnalysisFinding",
    "AnalysisReview",
    "ClassVisit",
    "ClassVisitObservation",
    "Goal",
    "GoalComment",
    "GoalProgress",
    "GoalProgressComment",
    "ImprovementPlan",
    "Interview",
    "Measure",
    "MeasureProgress",
    "PlanReview",
    "ProgrammeRound",
    "ProgressReport",
    "ProgressReportDocument",
    "ProgressReportReview",
    "Trajectory",
    "TrajectoryEvent",
    "TrajectoryNote",
    "TrajectoryQuerySet",
    "attachment_upload_to",
    "first_round",
]
