"""The routes of the inspection pages (included by `audits.urls`)."""

urlpatterns: list = []
