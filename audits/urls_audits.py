"""The routes of the audits pages (included by `audits.urls`)."""

urlpatterns: list = []
