"""The admin shows budgets and their records read-only: every change runs through `finance.services`."""

from django.contrib import admin

from kwaliteitsaanpak.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Budget, BudgetLine, BudgetReview, ExpertCost, GrantDecision, RealisationQuarter


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = [
        "measure",
        "school_year",
        "category",
        "description",
        "amount",
        "municipality_amount",
        "board_amount",
    ]


class BudgetReviewInline(ReadOnlyInline):
    model = BudgetReview
    fields = ["submitted_at", "submitted_by", "decision", "decided_by", "decided_at", "comments"]


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ["trajectory", "plan", "status", "approved_at", "equalisation_waived_on"]
    list_filter = ["status"]
    search_fields = ["trajectory__school__name", "trajectory__school__brin"]
    list_select_related = ["trajectory__school", "plan"]
    inlines = [BudgetLineInline, BudgetReviewInline]


@admin.register(GrantDecision)
class GrantDecisionAdmin(ReadOnlyAdmin):
    list_display = ["reference", "budget", "date", "amount"]
    search_fields = ["reference", "budget__trajectory__school__name"]
    list_select_related = ["budget__trajectory__school", "budget__plan"]


@admin.register(RealisationQuarter)
class RealisationQuarterAdmin(ReadOnlyAdmin):
    list_display = ["trajectory", "year", "quarter", "recorded_by", "updated_at"]
    list_select_related = ["trajectory__school", "recorded_by"]


@admin.register(ExpertCost)
class ExpertCostAdmin(ReadOnlyAdmin):
    list_display = ["trajectory", "expert", "year", "quarter", "hours", "hourly_rate"]
    list_select_related = ["trajectory__school", "expert"]
