"""The models of audits, one module per aggregate: expert visits and their actions, audits, inspection reviews."""

from .audits import Audit, AuditGoalJudgement, AuditReview
from .inspection import InspectionJudgement, InspectionReview, InterimResult, SupervisionArrangement
from .visits import ExpertVisit, StagnationAction

__all__ = [
    "Audit",
    "AuditGoalJudgement",
    "AuditReview",
    "ExpertVisit",
    "InspectionJudgement",
    "InspectionReview",
    "InterimResult",
    "StagnationAction",
    "SupervisionArrangement",
]
