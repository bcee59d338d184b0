from django.contrib import admin

from kwaliteitsaanpak.core.admin import HistoryAdmin

from .models import Benchmark, FinalScoreImport, IndicatorValue


@admin.register(IndicatorValue)
class IndicatorValueAdmin(HistoryAdmin):
    list_display = ["school", "school_year", "indicator", "final_test", "value", "source"]
    list_filter = ["school_year", "indicator", "final_test", "source"]
    search_fields = ["school__name", "school__brin"]
    raw_id_fields = ["school", "final_score_import", "recorded_by"]


@admin.register(Benchmark)
class BenchmarkAdmin(HistoryAdmin):
    list_display = ["school_year", "indicator", "final_test", "reference", "value"]
    list_filter = ["school_year", "indicator", "reference"]


@admin.register(FinalScoreImport)
class FinalScoreImportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "original_filename", "status", "school_year", "started_by"]
    list_filter = ["status"]
    readonly_fields = ["report", "error"]
