"""The routes of the calendar feed (included by `audits.urls`)."""

urlpatterns: list = []
