"""Recording a visit, moving and cancelling it, agreeing and closing actions: what each service does, what it
refuses (with a Dutch message, changing nothing) and who may call it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from audits.constants import AuditEventKind, VisitStatus
from audits.services import visits as services
from improvement_plans.constants import Phase
from kwaliteitsaanpak.accounts.roles import Role
from tests.audits import visits_world
from tests.audits.visits_world import ACTOR_IDS, ACTORS, APPS, PLANNED_ON, TODAY, VisitWorld
from tests.refusals import NOT_ALLOWED, field_messages, messages_of, refused_unchanged

# The world of the visits tests and the frozen clock (tests/audits/visits_world.py).
frozen = visits_world.frozen
world = visits_world.world


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def record(world, visit, user=None, **changes):
    arguments = {
        "visited_on": PLANNED_ON,
        "spoken_with": "De directeur en de IB",
        "classes_visited": "Groep 3 en 5",
        "findings": "De rekenlessen zijn nog niet veranderd.",
        "stagnating": False,
        "expected_version": visit.version,
    } | changes
    return services.visit_record(user=user or world.expert, visit=visit, **arguments)


def events(world) -> list[tuple[str, str]]:
    return list(world.trajectory.events.order_by("created_at", "id").values_list("kind", "comment"))


# Recording


def test_the_expert_records_the_visit_and_the_next_quarters_visit_is_planned(world):
    visit = world.planned_visit()
    record(world, visit)
    visit.refresh_from_db()
    assert (visit.status, visit.visited_on, visit.recorded_by, visit.stagnating) == (
        VisitStatus.DONE,
        PLANNED_ON,
        world.expert,
        False,
    )
    assert visit.findings == "De rekenlessen zijn nog niet veranderd."
    assert events(world) == [(AuditEventKind.VISIT_RECORDED, "Kwartaal 1, bezocht op 19 maart 2009.")]
    assert list(world.trajectory.expert_visits.values_list("quarter", "status")) == [
        (1, VisitStatus.DONE),
        (2, VisitStatus.PLANNED),
    ]


def test_a_stagnating_visit_says_so_on_the_timeline(world):
    record(world, world.planned_visit(), stagnating=True)
    [(_kind, comment)] = events(world)
    assert "De uitvoering stagneert" in comment


def test_every_missing_part_is_reported_at_once_and_nothing_changes(world):
    visit = world.planned_visit()
    error = refused_unchanged(
        APPS, lambda: record(world, visit, visited_on=None, spoken_with=" ", findings="")
    )
    assert set(error.message_dict) == {"visited_on", "spoken_with", "findings"}
    assert field_messages(error, "visited_on") == ["Vul de datum van het bezoek in."]


def test_a_visit_in_the_future_is_refused(world):
    visit = world.planned_visit()
    error = refused_unchanged(
        APPS, lambda: record(world, visit, visited_on=TODAY + datetime.timedelta(days=1))
    )
    assert "in de toekomst" in field_messages(error, "visited_on")[0]


def test_a_visit_before_execution_started_is_refused(world):
    visit = world.planned_visit()
    error = refused_unchanged(APPS, lambda: record(world, visit, visited_on=datetime.date(2009, 1, 30)))
    assert field_messages(error, "visited_on") == [
        "Het bezoek kan niet plaatsvinden voordat de uitvoering begon op 2 februari 2009."
    ]


def test_a_record_based_on_an_older_version_is_refused(world):
    visit = world.planned_visit()
    seen = visit.version
    record(world, visit, expected_version=seen)
    error = refused_unchanged(APPS, lambda: record(world, visit, expected_version=seen, findings="Anders"))
    assert "Iemand anders heeft" in messages_of(error)[0]


def test_a_recorded_visit_can_be_corrected_with_the_version_seen(world):
    visit = world.planned_visit()
    record(world, visit)
    visit.refresh_from_db()
    record(world, visit, findings="Bijgewerkt")
    visit.refresh_from_db()
    assert visit.findings == "Bijgewerkt"
    assert events(world)[-1][1].endswith("(gecorrigeerd)")


def test_a_cancelled_visit_cannot_be_recorded(world):
    visit = world.planned_visit(status=VisitStatus.CANCELLED)
    error = refused_unchanged(APPS, lambda: record(world, visit))
    assert messages_of(error) == ["Dit bezoek is geannuleerd en kan niet worden vastgelegd."]


def test_a_visit_with_actions_stays_stagnating(world):
    action = world.open_action()
    visit = action.visit
    error = refused_unchanged(APPS, lambda: record(world, visit, stagnating=False))
    assert "blijft het gemarkeerd als stagnerend" in field_messages(error, "stagnating")[0]


@pytest.mark.parametrize("phase", [Phase.PLAN, Phase.SUSTAINING, Phase.WITHDRAWN])
def test_visits_are_recorded_only_in_execution(world, phase):
    visit = world.planned_visit()
    world.trajectory.phase = phase
    world.trajectory.save()
    error = refused_unchanged(APPS, lambda: record(world, visit))
    assert messages_of(error)[0].startswith("Deze stap kan nu niet: het traject is in de fase")


# Moving and cancelling


def test_a_planned_visit_is_moved_and_the_timeline_says_from_when_to_when(world):
    visit = world.planned_visit()
    services.visit_reschedule(
        user=world.expert, visit=visit, expected_version=visit.version, planned_on=datetime.date(2009, 4, 2)
    )
    visit.refresh_from_db()
    assert visit.planned_on == datetime.date(2009, 4, 2)
    assert events(world) == [("bezoek_verplaatst", "Kwartaal 1: van 19 maart 2009 naar 2 april 2009.")]


@pytest.mark.parametrize(
    ("planned_on", "message"),
    [
        (None, "Vul de nieuwe datum van het bezoek in."),
        (datetime.date(2009, 3, 24), "Kies een datum vanaf vandaag."),
        (datetime.date(2009, 4, 2), "Het bezoek staat al op deze datum gepland."),
    ],
)
def test_moving_needs_a_new_date_from_today(world, planned_on, message):
    visit = world.planned_visit(planned_on=datetime.date(2009, 4, 2))
    error = refused_unchanged(
        APPS,
        lambda: services.visit_reschedule(
            user=world.expert, visit=visit, expected_version=visit.version, planned_on=planned_on
        ),
    )
    assert field_messages(error, "planned_on") == [message]


def test_a_done_visit_cannot_be_moved_or_cancelled(world):
    visit = world.stagnating_visit()
    for call in (
        lambda: services.visit_reschedule(
            user=world.expert, visit=visit, expected_version=visit.version, planned_on=TODAY
        ),
        lambda: services.visit_cancel(
            user=world.expert, visit=visit, expected_version=visit.version, reason="x"
        ),
    ):
        error = refused_unchanged(APPS, call)
        assert messages_of(error) == [
            "Dit bezoek is afgelegd; alleen een gepland bezoek kan worden verplaatst of geannuleerd."
        ]


def test_cancelling_needs_a_reason_and_plans_the_next_quarters_visit(world):
    visit = world.planned_visit()
    error = refused_unchanged(
        APPS,
        lambda: services.visit_cancel(
            user=world.expert, visit=visit, expected_version=visit.version, reason=" "
        ),
    )
    assert field_messages(error, "reason") == ["Geef de reden waarom het bezoek niet doorgaat."]
    services.visit_cancel(
        user=world.expert, visit=visit, expected_version=visit.version, reason="De school is gesloten."
    )
    assert list(world.trajectory.expert_visits.values_list("quarter", "status")) == [
        (1, VisitStatus.CANCELLED),
        (2, VisitStatus.PLANNED),
    ]
    assert events(world) == [("bezoek_geannuleerd", "Kwartaal 1: De school is gesloten.")]


# Actions


def add_action(world, visit, **changes):
    arguments = {
        "description": "De IB maakt de groepsplannen af.",
        "responsible": "Intern begeleider",
        "due_on": datetime.date(2009, 4, 30),
    } | changes
    return services.action_add(user=world.expert, visit=visit, **arguments)


def test_an_action_is_agreed_after_a_stagnating_visit(world):
    visit = world.stagnating_visit()
    action = add_action(world, visit)
    assert (action.trajectory, action.created_by, action.is_open) == (world.trajectory, world.expert, True)
    assert events(world) == [
        (
            AuditEventKind.STAGNATION,
            "De IB maakt de groepsplannen af. (Intern begeleider, uiterlijk 30 april 2009)",
        )
    ]


def test_no_actions_after_a_visit_that_did_not_stagnate_or_was_not_recorded(world):
    for visit in (world.stagnating_visit(stagnating=False), world.planned_visit(quarter=2)):
        error = refused_unchanged(APPS, lambda visit=visit: add_action(world, visit))
        assert "Leg eerst het bezoek vast" in messages_of(error)[0]


def test_an_action_needs_what_who_and_a_date_from_the_visit_on(world):
    visit = world.stagnating_visit()
    error = refused_unchanged(
        APPS,
        lambda: add_action(world, visit, description="", responsible=" ", due_on=datetime.date(2009, 3, 1)),
    )
    assert set(error.message_dict) == {"description", "responsible", "due_on"}
    assert field_messages(error, "due_on") == ["Kies een datum vanaf het bezoek op 19 maart 2009."]
    error = refused_unchanged(APPS, lambda: add_action(world, visit, due_on=datetime.date(2010, 6, 1)))
    assert field_messages(error, "due_on") == ["Kies een datum binnen een jaar na het bezoek."]


def test_an_action_is_closed_once_with_a_note(world):
    action = world.open_action()
    error = refused_unchanged(
        APPS, lambda: services.action_close(user=world.expert, action=action, closing_note=" ")
    )
    assert field_messages(error, "closing_note") == ["Schrijf op hoe de actie is uitgevoerd."]
    services.action_close(user=world.expert, action=action, closing_note="Klaar en besproken.")
    action.refresh_from_db()
    assert (action.closed_on, action.closed_by, action.closing_note) == (
        TODAY,
        world.expert,
        "Klaar en besproken.",
    )
    assert events(world)[-1] == (AuditEventKind.ACTION_CLOSED, f"{action.description}: Klaar en besproken.")
    error = refused_unchanged(
        APPS, lambda: services.action_close(user=world.expert, action=action, closing_note="Nog eens")
    )
    assert messages_of(error) == ["Deze actie is al gesloten op 25 maart 2009."]


def test_actions_can_still_be_closed_in_sustaining(world):
    action = world.open_action()
    world.trajectory.phase = Phase.SUSTAINING
    world.trajectory.save()
    services.action_close(user=world.expert, action=action, closing_note="Gedaan")
    action.refresh_from_db()
    assert not action.is_open


# Who may call which service


ALLOWED = {Role.PROGRAMME_STAFF, Role.EDUCATION_EXPERT}
# Per service: what it works on (made before the call, so that a refusal can be shown to change nothing) and the call.
CALLS = {
    "visit_record": (
        VisitWorld.planned_visit,
        lambda user, visit: services.visit_record(
            user=user,
            visit=visit,
            expected_version=visit.version,
            visited_on=PLANNED_ON,
            spoken_with="De directeur",
            classes_visited="",
            findings="Het loopt.",
            stagnating=False,
        ),
    ),
    "visit_reschedule": (
        VisitWorld.planned_visit,
        lambda user, visit: services.visit_reschedule(
            user=user, visit=visit, expected_version=visit.version, planned_on=TODAY
        ),
    ),
    "visit_cancel": (
        VisitWorld.planned_visit,
        lambda user, visit: services.visit_cancel(
            user=user, visit=visit, expected_version=visit.version, reason="Ziekte"
        ),
    ),
    "action_add": (
        VisitWorld.stagnating_visit,
        lambda user, visit: services.action_add(
            user=user, visit=visit, description="Iets", responsible="IB", due_on=TODAY
        ),
    ),
    "action_close": (
        VisitWorld.open_action,
        lambda user, action: services.action_close(user=user, action=action, closing_note="Gedaan"),
    ),
}


@pytest.mark.parametrize(
    ("name", "actor"),
    [pytest.param(name, actor, id=f"{name}-{ACTOR_IDS[actor]}") for name in CALLS for actor in ACTORS],
)
def test_only_staff_and_the_assigned_education_expert_record_visits_and_manage_actions(world, name, actor):
    user = world[actor]
    make, call = CALLS[name]
    subject = make(world)
    if actor in ALLOWED:
        call(user, subject)
        assert world.trajectory.events.count() == 1
    else:
        error = refused_unchanged(APPS, lambda: call(user, subject), PermissionDenied)
        assert str(error) == NOT_ALLOWED
