"""The routes of the calendar feed (included by `audits.urls`): a private iCalendar feed per user, opened by the
secret token in its address, without logging in."""

from django.urls import path

from .calendar_feed import calendar_feed

urlpatterns = [
    path("agenda/<str:token>.ics", calendar_feed, name="calendar_feed"),
]
