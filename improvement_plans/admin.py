from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Analysis,
    AnalysisAttachment,
    AnalysisFinding,
    AnalysisReview,
    ClassVisit,
    ClassVisitObservation,
    Interview,
    Trajectory,
    TrajectoryEvent,
    TrajectoryNote,
)


class TrajectoryEventInline(admin.TabularInline):
    model = TrajectoryEvent
    fields = ["created_at", "kind", "actor", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Trajectory)
class TrajectoryAdmin(SimpleHistoryAdmin):
    list_display = ["school", "reason", "phase", "registered_on", "intake_date", "ended_on"]
    list_filter = ["phase", "reason"]
    search_fields = ["school__name", "school__brin"]
    list_select_related = ["school"]
    autocomplete_fields = ["school", "registered_by", "financial_expert"]
    filter_horizontal = ["education_experts", "intake_experts"]
    date_hierarchy = "registered_on"
    inlines = [TrajectoryEventInline]


class AnalysisFindingInline(admin.TabularInline):
    model = AnalysisFinding
    fields = ["topic", "rating", "finding"]
    extra = 0


class AnalysisReviewInline(admin.TabularInline):
    model = AnalysisReview
    fields = ["submitted_at", "submitted_by", "decision", "decided_by", "decided_at", "comments"]
    extra = 0


@admin.register(Analysis)
class AnalysisAdmin(SimpleHistoryAdmin):
    list_display = ["trajectory", "status", "version", "updated_at"]
    list_filter = ["status"]
    search_fields = ["trajectory__school__name"]
    list_select_related = ["trajectory__school"]
    inlines = [AnalysisFindingInline, AnalysisReviewInline]


class ClassVisitObservationInline(admin.TabularInline):
    model = ClassVisitObservation
    extra = 0


@admin.register(ClassVisit)
class ClassVisitAdmin(SimpleHistoryAdmin):
    list_display = ["analysis", "date", "group", "teacher_role", "observer"]
    list_select_related = ["analysis__trajectory__school", "observer"]
    inlines = [ClassVisitObservationInline]


@admin.register(Interview)
class InterviewAdmin(SimpleHistoryAdmin):
    list_display = ["analysis", "date", "partner", "interviewer"]
    list_select_related = ["analysis__trajectory__school", "interviewer"]


@admin.register(AnalysisAttachment)
class AnalysisAttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_filename", "analysis", "uploaded_by", "uploaded_at"]
    list_select_related = ["analysis__trajectory__school", "uploaded_by"]


@admin.register(TrajectoryNote)
class TrajectoryNoteAdmin(admin.ModelAdmin):
    list_display = ["trajectory", "author", "visibility", "created_at"]
    list_filter = ["visibility"]
    list_select_related = ["trajectory__school", "author"]


@admin.register(TrajectoryEvent)
class TrajectoryEventAdmin(admin.ModelAdmin):
    list_display = ["trajectory", "kind", "actor", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["trajectory__school", "actor"]
