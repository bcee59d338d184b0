"""The trajectory pages (trajectories.py) and the pages of the quality analysis (analysis.py)."""

from .analysis import (
    AnalysisDetailView,
    AnalysisEditView,
    AnalysisReviewView,
    AnalysisSubmitView,
    AttachmentCreateView,
    AttachmentDownloadView,
    ClassVisitCreateView,
    ClassVisitUpdateView,
    InterviewCreateView,
    InterviewUpdateView,
)
from .trajectories import (
    AssignExpertsView,
    IntakeOutcomeView,
    IntakeScheduleView,
    NoteCreateView,
    TrajectoryDetailView,
    TrajectoryListView,
    TrajectoryRegisterView,
    TrajectoryWithdrawView,
)

__all__ = [
    "AnalysisDetailView",
    "AnalysisEditView",
    "AnalysisReviewView",
    "AnalysisSubmitView",
    "AssignExpertsView",
    "AttachmentCreateView",
    "AttachmentDownloadView",
    "ClassVisitCreateView",
    "ClassVisitUpdateView",
    "IntakeOutcomeView",
    "IntakeScheduleView",
    "InterviewCreateView",
    "InterviewUpdateView",
    "NoteCreateView",
    "TrajectoryDetailView",
    "TrajectoryListView",
    "TrajectoryRegisterView",
    "TrajectoryWithdrawView",
]
