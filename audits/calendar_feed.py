"""The private calendar feed (iCalendar) of an expert's planned school visits and audits, and of every audit for
the expert group, at `/agenda/<token>.ics`.

A calendar program fetches it without logging in, so the secret token in the address (`User.calendar_token`,
created and renewed on the profile page) is the only key: it opens this feed and nothing else, an unknown or renewed
token is a 404, and a user whose role has no calendar gets a 404 too. The feed's events are whole days, with a
stable UID per visit and audit so a calendar program updates an event rather than adding a second one.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from improvement_plans.models import Trajectory
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.accounts.services import has_calendar

from .constants import VisitStatus
from .models import Audit, ExpertVisit

UID_DOMAIN = "kwaliteitsaanpak.amsterdam.nl"


def calendar_owner(token: str) -> User:
    """The active user whose calendar this token opens; 404 for anything else."""
    user = User.objects.filter(calendar_token=token, is_active=True).first() if token else None
    if user is None or not has_calendar(user):
        raise Http404
    return user


def assigned_trajectories(user: User) -> QuerySet:
    """The ids of the trajectories the user is assigned to as education or financial expert."""
    return Trajectory.objects.filter(Q(education_experts=user) | Q(financial_expert=user)).values("pk")


def feed_visits(user: User) -> QuerySet[ExpertVisit]:
    """An expert's own visits (as the visiting expert, or on an assigned trajectory), not the cancelled ones nor the
    planned visits of a trajectory that ended. The expert group's calendar holds audits only."""
    if not (
        user.has_perm("improvement_plans.act_as_education_expert")
        or user.has_perm("improvement_plans.act_as_financial_expert")
    ):
        return ExpertVisit.objects.none()
    return (
        ExpertVisit.objects.filter(Q(expert=user) | Q(trajectory__in=assigned_trajectories(user)))
        .exclude(status=VisitStatus.CANCELLED)
        .exclude(status=VisitStatus.PLANNED, trajectory__ended_on__isnull=False)
        .select_related("trajectory__school")
        .order_by("planned_on", "pk")
    )


def feed_audits(user: User) -> QuerySet[Audit]:
    """Every audit for the expert group; the audits of an expert's assigned trajectories. An audit that was not held
    before its trajectory ended is left out."""
    audits = (
        Audit.objects.exclude(held_on__isnull=True, trajectory__ended_on__isnull=False)
        .select_related("trajectory__school")
        .order_by("planned_on", "pk")
    )
    if user.has_perm("audits.decide_audit"):
        return audits
    return audits.filter(trajectory__in=assigned_trajectories(user))


def school_location(school) -> str:
    place = " ".join(part for part in (school.postcode, school.city) if part)
    return ", ".join(part for part in (school.street_address, place) if part)


def _page_url(request: HttpRequest, record) -> str:
    """The record's page, or its trajectory's page while the record has none."""
    try:
        path = record.get_absolute_url()
    except NoReverseMatch:
        path = record.trajectory.get_absolute_url()
    return request.build_absolute_uri(path)


def _event(request: HttpRequest, *, uid: str, summary: str, day: datetime.date, record) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", timezone.now())
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("location", school_location(record.trajectory.school))
    url = _page_url(request, record)
    event.add("url", url)
    event.add("description", _("See %(url)s") % {"url": url})
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar(request: HttpRequest, user: User) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Gemeente Amsterdam//Kwaliteitsaanpak Basisonderwijs//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Kwaliteitsaanpak: visits and audits"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for visit in feed_visits(user):
        summary = _("School visit %(school)s") % {"school": visit.trajectory.school.name}
        day = visit.visited_on or visit.planned_on
        calendar.add_component(
            _event(request, uid=f"visit-{visit.pk}", summary=summary, day=day, record=visit)
        )
    for audit in feed_audits(user):
        summary = f"{audit.get_kind_display()} {audit.trajectory.school.name}"
        day = audit.held_on or audit.planned_on
        calendar.add_component(
            _event(request, uid=f"audit-{audit.pk}", summary=summary, day=day, record=audit)
        )
    return calendar


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = calendar_owner(token)
    with translation.override(settings.LANGUAGE_CODE):
        body = build_calendar(request, user).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kwaliteitsaanpak.ics"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response
