from django.contrib import admin

from kwaliteitsaanpak.core.admin import HistoryAdmin

from .models import InspectionVerdict, RegisterImport, School, SchoolBoard


class SchoolInline(admin.TabularInline):
    model = School
    fields = ["brin", "location_code", "name", "kind", "stadsdeel"]
    extra = 0
    show_change_link = True


@admin.register(SchoolBoard)
class SchoolBoardAdmin(HistoryAdmin):
    list_display = ["name", "number", "contact_name", "contact_email"]
    search_fields = ["name", "number"]
    inlines = [SchoolInline]


class InspectionVerdictInline(admin.TabularInline):
    model = InspectionVerdict
    fields = ["date", "verdict", "supervision_arrangement", "reference_list", "report_reference"]
    extra = 0


@admin.register(School)
class SchoolAdmin(HistoryAdmin):
    list_display = ["name", "brin", "location_code", "board", "kind", "stadsdeel", "pupil_count"]
    list_filter = ["kind", "stadsdeel"]
    search_fields = ["name", "brin", "board__name"]
    list_select_related = ["board"]
    autocomplete_fields = ["board"]
    inlines = [InspectionVerdictInline]


@admin.register(InspectionVerdict)
class InspectionVerdictAdmin(HistoryAdmin):
    list_display = ["school", "date", "verdict", "supervision_arrangement", "reference_list"]
    list_filter = ["verdict", "supervision_arrangement", "reference_list"]
    search_fields = ["school__name", "school__brin"]
    list_select_related = ["school"]
    autocomplete_fields = ["school"]
    date_hierarchy = "date"


@admin.register(RegisterImport)
class RegisterImportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "original_filename", "status", "started_by"]
    list_filter = ["kind", "status"]
    list_select_related = ["started_by"]
    readonly_fields = ["report", "error", "rows_total", "rows_processed", "finished_at"]
