"""The routes of the visits pages (included by `audits.urls`)."""

urlpatterns: list = []
