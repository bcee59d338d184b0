"""The admin shows trajectories, analyses and their records read-only: every change runs through the services in
`improvement_plans.services` (ADR 5)."""

from django.contrib import admin

from kwaliteitsaanpak.core.admin import ReadOnlyAdmin, ReadOnlyInline

from . import models


class TrajectoryEventInline(ReadOnlyInline):
    model = models.TrajectoryEvent
    fields = ["created_at", "kind", "actor", "comment"]


@admin.register(models.Trajectory)
class TrajectoryAdmin(ReadOnlyAdmin):
    list_display = ["school", "reason", "phase", "registered_on", "intake_date", "ended_on"]
    list_filter = ["phase", "reason"]
    search_fields = ["school__name", "school__brin"]
    list_select_related = ["school"]
    autocomplete_fields = ["school", "registered_by", "financial_expert"]
    filter_horizontal = ["education_experts", "intake_experts"]
    date_hierarchy = "registered_on"
    inlines = [TrajectoryEventInline]


class AnalysisFindingInline(ReadOnlyInline):
    model = models.AnalysisFinding
    fields = ["topic", "rating", "finding"]


class AnalysisReviewInline(ReadOnlyInline):
    model = models.AnalysisReview
    fields = ["submitted_at", "submitted_by", "decision", "decided_by", "decided_at", "comments"]


@admin.register(models.Analysis)
class AnalysisAdmin(ReadOnlyAdmin):
    list_display = ["trajectory", "status", "version", "updated_at"]
    list_filter = ["status"]
    search_fields = ["trajectory__school__name"]
    list_select_related = ["trajectory__school"]
    inlines = [AnalysisFindingInline, AnalysisReviewInline]


class ClassVisitObservationInline(ReadOnlyInline):
    model = models.ClassVisitObservation


@admin.register(models.ClassVisit)
class ClassVisitAdmin(ReadOnlyAdmin):
    list_display = ["analysis", "date", "group", "teacher_role", "observer"]
    list_select_related = ["analysis__trajectory__school", "observer"]
    inlines = [ClassVisitObservationInline]


@admin.register(models.Interview)
class InterviewAdmin(ReadOnlyAdmin):
    list_display = ["analysis", "date", "partner", "interviewer"]
    list_select_related = ["analysis__trajectory__school", "interviewer"]


@admin.register(models.AnalysisAttachment)
class AnalysisAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_filename", "analysis", "uploaded_by", "uploaded_at"]
    list_select_related = ["analysis__trajectory__school", "uploaded_by"]


@admin.register(models.TrajectoryNote)
class TrajectoryNoteAdmin(ReadOnlyAdmin):
    list_display = ["trajectory", "author", "visibility", "created_at"]
    list_filter = ["visibility"]
    list_select_related = ["trajectory__school", "author"]


@admin.register(models.TrajectoryEvent)
class TrajectoryEventAdmin(ReadOnlyAdmin):
    list_display = ["trajectory", "kind", "actor", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["trajectory__school", "actor"]
