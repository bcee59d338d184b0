from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Trajectory


@admin.register(Trajectory)
class TrajectoryAdmin(SimpleHistoryAdmin):
    list_display = ["school", "reason", "phase", "registered_on", "ended_on"]
    list_filter = ["phase", "reason"]
    search_fields = ["school__name", "school__brin"]
    list_select_related = ["school"]
    autocomplete_fields = ["school"]
    date_hierarchy = "registered_on"
