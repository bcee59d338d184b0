"""The private calendar feed: an expert's own visits and the audits of their trajectories, every audit for the
expert group; opened by the secret token without logging in; an unknown token is a 404."""

import datetime

import pytest
from icalendar import Calendar

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import SchoolFactory, TrajectoryFactory, UserFactory
from tests.kwaliteitsaanpak.factories_personal import AuditFactory, ExpertVisitFactory


@pytest.fixture
def school(db):
    return SchoolFactory(
        name="De Regenboog", street_address="Kerkstraat 12", postcode="1017 GC", city="Amsterdam"
    )


def with_token(user, token: str):
    user.calendar_token = token
    user.save(update_fields=["calendar_token"])
    return user


def events(client, token: str) -> dict[str, dict]:
    """The feed's events by UID: summary, start, location and description."""
    response = client.get(f"/agenda/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["uid"]): {
            "summary": str(event["summary"]),
            "start": event.decoded("dtstart"),
            "location": str(event["location"]),
            "description": str(event["description"]),
        }
        for event in calendar.walk("VEVENT")
    }


def test_an_expert_gets_their_visits_and_the_audits_of_their_trajectories(client, school):
    expert = with_token(UserFactory(role=Role.EDUCATION_EXPERT), "geheim-els")
    trajectory = TrajectoryFactory(school=school)
    trajectory.education_experts.add(expert)
    visit = ExpertVisitFactory(trajectory=trajectory, quarter=1, planned_on=datetime.date(2009, 3, 2))
    audit = AuditFactory(trajectory=trajectory, kind="jaar_1", planned_on=datetime.date(2010, 1, 15))
    elsewhere = ExpertVisitFactory(
        trajectory=TrajectoryFactory(school=SchoolFactory(name="Het Anker")), expert=expert
    )
    ExpertVisitFactory(trajectory=TrajectoryFactory(), quarter=1)  # another expert's
    AuditFactory(trajectory=TrajectoryFactory())  # not assigned
    ExpertVisitFactory(trajectory=trajectory, quarter=2, status="geannuleerd")
    feed = events(client, "geheim-els")
    assert set(feed) == {
        f"visit-{visit.pk}@kwaliteitsaanpak.amsterdam.nl",
        f"visit-{elsewhere.pk}@kwaliteitsaanpak.amsterdam.nl",
        f"audit-{audit.pk}@kwaliteitsaanpak.amsterdam.nl",
    }
    assert feed[f"visit-{visit.pk}@kwaliteitsaanpak.amsterdam.nl"] | {"description": ""} == {
        "summary": "Schoolbezoek De Regenboog",
        "start": datetime.date(2009, 3, 2),
        "location": "Kerkstraat 12, 1017 GC Amsterdam",
        "description": "",
    }
    audit_event = feed[f"audit-{audit.pk}@kwaliteitsaanpak.amsterdam.nl"]
    assert audit_event["summary"] == "Audit na jaar 1 De Regenboog"
    assert audit_event["start"] == datetime.date(2010, 1, 15)
    assert "http://testserver/trajecten/" in audit_event["description"]


def test_what_was_planned_for_an_ended_trajectory_leaves_the_calendar(client, school):
    with_token(UserFactory(role=Role.EXPERT_GROUP), "geheim-greet")
    expert = with_token(UserFactory(role=Role.EDUCATION_EXPERT), "geheim-els")
    ended = TrajectoryFactory(school=school, phase="teruggetrokken", ended_on=datetime.date(2009, 6, 1))
    ExpertVisitFactory(trajectory=ended, expert=expert, quarter=2)
    done = ExpertVisitFactory(
        trajectory=ended, expert=expert, quarter=1, status="afgelegd", visited_on=datetime.date(2009, 3, 3)
    )
    AuditFactory(trajectory=ended)
    assert set(events(client, "geheim-els")) == {f"visit-{done.pk}@kwaliteitsaanpak.amsterdam.nl"}
    assert events(client, "geheim-greet") == {}


def test_the_uid_stays_the_same_when_a_visit_moves(client, school):
    expert = with_token(UserFactory(role=Role.EDUCATION_EXPERT), "geheim")
    visit = ExpertVisitFactory(trajectory=TrajectoryFactory(school=school), expert=expert)
    before = events(client, "geheim")
    visit.planned_on = datetime.date(2009, 3, 9)
    visit.save()
    after = events(client, "geheim")
    assert set(before) == set(after)
    assert next(iter(after.values()))["start"] == datetime.date(2009, 3, 9)


def test_the_expert_group_gets_every_audit_and_no_visits(client, school):
    with_token(UserFactory(role=Role.EXPERT_GROUP), "geheim-greet")
    audits = [AuditFactory(trajectory=TrajectoryFactory(school=school)), AuditFactory(kind="jaar_2")]
    ExpertVisitFactory(trajectory=audits[0].trajectory)
    feed = events(client, "geheim-greet")
    assert set(feed) == {f"audit-{audit.pk}@kwaliteitsaanpak.amsterdam.nl" for audit in audits}
    assert sorted(event["summary"].split(" ")[3] for event in feed.values()) == ["1", "2"]


def test_the_feed_needs_no_login_and_shows_nothing_else(client, school):
    with_token(UserFactory(role=Role.EDUCATION_EXPERT), "geheim")
    response = client.get("/agenda/geheim.ics")
    assert response.status_code == 200
    assert client.get("/mijn-taken/").status_code == 302  # the token logs no one in
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("token", ["onbekend", "", "GEHEIM"])
def test_an_unknown_token_is_not_found(client, school, token):
    with_token(UserFactory(role=Role.EDUCATION_EXPERT), "geheim")
    assert client.get(f"/agenda/{token}.ics").status_code == 404


def test_the_token_of_a_role_without_a_calendar_or_an_inactive_user_is_not_found(client, db):
    with_token(UserFactory(role=Role.SCHOOL_BOARD), "bestuur")
    with_token(UserFactory(role=Role.EDUCATION_EXPERT, is_active=False), "vertrokken")
    assert client.get("/agenda/bestuur.ics").status_code == 404
    assert client.get("/agenda/vertrokken.ics").status_code == 404


def test_the_feed_takes_a_fixed_number_of_queries(client, school, django_assert_max_num_queries):
    reviewer = with_token(UserFactory(role=Role.EXPERT_GROUP), "geheim")
    for _ in range(5):
        AuditFactory(trajectory=TrajectoryFactory())
    assert reviewer.calendar_token
    with django_assert_max_num_queries(6):
        client.get("/agenda/geheim.ics")
