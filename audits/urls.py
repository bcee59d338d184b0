"""The pages of execution: expert visits and actions, audits, inspection reviews. Each area keeps its routes in
its own module; they share the `audits` namespace."""

from . import urls_audits, urls_calendar, urls_inspection, urls_visits

app_name = "audits"

urlpatterns = [
    *urls_visits.urlpatterns,
    *urls_audits.urlpatterns,
    *urls_inspection.urlpatterns,
    *urls_calendar.urlpatterns,
]
