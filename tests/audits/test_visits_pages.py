"""The visit pages as the education expert, the board and staff use them: recording a visit with stagnation leads
to agreeing actions, open actions show on the trajectory page until closed, an overdue one is flagged, and staff's
overview lists every open action."""

import datetime

import pytest
from django.urls import reverse

from audits.constants import VisitStatus
from audits.models import ExpertVisit, StagnationAction
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.my_tasks import tasks_for
from schools.constants import Stadsdeel
from tests.audits import visits_world
from tests.audits.factories_visits import ExecutingTrajectoryFactory, StagnationActionFactory
from tests.audits.visits_world import PLANNED_ON, TODAY
from tests.factories import SchoolBoardFactory, SchoolFactory, UserFactory
from tests.pages import part, refused_form, same_query_count, text
from tests.stale_saves import version_on

# The world of the visits tests and the frozen clock (tests/audits/visits_world.py).
frozen = visits_world.frozen
world = visits_world.world


def visit_url(visit, name="visit_detail"):
    return reverse(f"audits:{name}", args=[visit.trajectory_id, visit.pk])


RECORD = {
    "visited_on": "19-03-2009",
    "spoken_with": "De directeur en de IB",
    "classes_visited": "Groep 3 en 5",
    "findings": "De groepsplannen rekenen zijn niet af.",
    "stagnating": "ja",
}


def test_recording_a_stagnating_visit_leads_to_agreeing_actions_until_they_are_closed(client, world):
    visit = world.planned_visit()
    client.force_login(world.expert)
    page = text(client.get(visit_url(visit, "visit_record")))
    assert 'value="19-03-2009"' in page  # the planned day, which has passed, is offered

    response = client.post(visit_url(visit, "visit_record"), RECORD | {"version": visit.version}, follow=True)
    assert response.redirect_chain[-1][0] == visit_url(visit, "action_create")
    assert "De uitvoering stagneert: leg vast wat u met de school hebt afgesproken." in text(response)

    trajectory_page = text(client.get(world.trajectory.get_absolute_url()))
    assert "Uitvoering stagneert: spreek acties af met de school." in part(
        trajectory_page, "stagnation-alert", ("</div>",)
    )

    response = client.post(
        visit_url(visit, "action_create"),
        {
            "description": "De IB maakt de groepsplannen af.",
            "responsible": "Intern begeleider",
            "due_on": "15-04-2009",
        },
        follow=True,
    )
    assert "De actie is toegevoegd." in text(response)
    action = StagnationAction.objects.get()

    trajectory_page = text(client.get(world.trajectory.get_absolute_url()))
    assert 'data-testid="stagnation-alert"' not in trajectory_page
    panel = part(trajectory_page, "panel-open-actions", ("</ul>",))
    assert "De IB maakt de groepsplannen af." in panel and "uiterlijk 15 april 2009" in panel
    assert "Te laat" not in panel

    response = client.post(
        reverse("audits:action_close", args=[world.trajectory.pk, action.pk]),
        {"closing_note": "De plannen zijn af."},
        follow=True,
    )
    assert "De actie is gesloten." in text(response)
    assert 'data-testid="panel-open-actions"' not in text(response)
    assert "Actie gesloten" in text(response) or "De plannen zijn af." in text(response)  # on the timeline


def test_a_visit_without_stagnation_goes_back_to_the_visit(client, world):
    visit = world.planned_visit()
    client.force_login(world.expert)
    response = client.post(
        visit_url(visit, "visit_record"),
        RECORD | {"stagnating": "nee", "version": visit.version},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == visit_url(visit)
    assert "Het bezoek is vastgelegd." in text(response)
    assert "Actie afspreken" not in text(response)


def test_an_empty_record_form_explains_every_missing_part_and_saves_nothing(client, world):
    visit = world.planned_visit()
    client.force_login(world.expert)
    response = refused_form(
        client,
        visit_url(visit, "visit_record"),
        {"version": visit.version, "visited_on": "", "spoken_with": "", "findings": ""},
        "Vul de datum van het bezoek in.",
    )
    for message in ("Schrijf op met wie u hebt gesproken", "Kies of de uitvoering stagneert."):
        assert message in text(response)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_a_record_on_a_visit_changed_meanwhile_is_refused(client, world):
    visit = world.planned_visit()
    client.force_login(world.expert)
    client.post(visit_url(visit, "visit_record"), RECORD | {"stagnating": "nee", "version": visit.version})
    response = refused_form(
        client,
        visit_url(visit, "visit_record"),
        RECORD | {"version": visit.version, "findings": "Iets anders"},
        "Iemand anders heeft dit bezoek opgeslagen",
    )
    visit.refresh_from_db()
    assert visit.findings == RECORD["findings"]
    assert response.status_code == 200
    # The form shown with the refusal keeps what was typed and is based on the version now read: saving it again
    # (the user has seen what changed) is accepted instead of refused over and over.
    content = response.content.decode()
    assert "Iets anders" in content
    assert version_on(content) == visit.version
    client.post(
        visit_url(visit, "visit_record"), RECORD | {"version": version_on(content), "findings": "Iets anders"}
    )
    visit.refresh_from_db()
    assert visit.findings == "Iets anders"


@pytest.mark.parametrize("actor", [Role.SCHOOL_BOARD, Role.SCHOOL_DIRECTOR])
def test_the_school_reads_the_visit_and_its_findings_but_cannot_record(client, world, actor):
    action = world.open_action()
    visit = action.visit
    client.force_login(world[actor])
    page = text(client.get(visit_url(visit)))
    assert "De groepsplannen rekenen zijn niet af." in part(page, "findings", ("</dd>",))
    assert action.description in page
    assert "Bezoek vastleggen" not in page and "Sluiten" not in page and "Wijzigen" not in page
    assert client.get(visit_url(visit, "visit_record")).status_code == 403
    assert (
        client.get(reverse("audits:action_close", args=[world.trajectory.pk, action.pk])).status_code == 403
    )
    assert client.get(reverse("audits:action_overview")).status_code == 403


def test_an_overdue_action_is_flagged_on_the_trajectory_and_the_visits_page(client, world):
    world.open_action(due_on=TODAY - datetime.timedelta(days=1), description="Te laat werk")
    world.open_action(visit=ExpertVisit.objects.get(), due_on=TODAY, description="Op tijd werk")
    client.force_login(world.expert)
    panel = part(text(client.get(world.trajectory.get_absolute_url())), "panel-open-actions", ("</ul>",))
    late, on_time = panel.split("Op tijd werk", 1)
    assert "Te laat werk" in late and "Te laat</span>" in late
    assert "Te laat</span>" not in on_time
    page = text(client.get(reverse("audits:visit_list", args=[world.trajectory.pk])))
    assert part(page, "open-actions", ("</ul>",)).count("Te laat</span>") == 1


def test_pages_that_change_a_visit_send_back_while_it_cannot_change(client, world):
    visit = world.planned_visit(status=VisitStatus.CANCELLED)
    client.force_login(world.expert)
    response = client.get(visit_url(visit, "visit_record"), follow=True)
    assert response.redirect_chain[-1][0] == visit_url(visit)
    assert "Dit bezoek is geannuleerd en kan niet worden vastgelegd." in text(response)
    response = client.get(visit_url(visit, "action_create"), follow=True)
    assert "Acties worden afgesproken na een vastgelegd bezoek" in text(response)


def test_moving_and_cancelling_a_planned_visit(client, world):
    visit = world.planned_visit(planned_on=datetime.date(2009, 3, 30))
    client.force_login(world.expert)
    refused_form(
        client,
        visit_url(visit, "visit_reschedule"),
        {"version": visit.version, "planned_on": "01-03-2009"},
        "Kies een datum vanaf vandaag.",
    )
    response = client.post(
        visit_url(visit, "visit_reschedule"),
        {"version": visit.version, "planned_on": "02-04-2009"},
        follow=True,
    )
    assert "Het bezoek is verplaatst." in text(response) and "2 april 2009" in text(response)
    visit.refresh_from_db()
    response = client.post(
        visit_url(visit, "visit_cancel"),
        {"version": visit.version, "reason": "De school is gesloten."},
        follow=True,
    )
    assert "Het bezoek is geannuleerd." in text(response)
    assert list(world.trajectory.expert_visits.values_list("quarter", "status")) == [
        (1, VisitStatus.CANCELLED),
        (2, VisitStatus.PLANNED),
    ]


# Staff's overview of open actions


def overview(client, query: str = "") -> str:
    return text(client.get(reverse("audits:action_overview") + query))


def test_the_overview_lists_every_open_action_with_school_board_and_overdue_flag(client, world, staff_user):
    overdue = world.open_action(
        due_on=TODAY - datetime.timedelta(days=3), description="Groepsplannen afmaken"
    )
    StagnationActionFactory(
        visit__trajectory__school__name="De Vlinder",
        due_on=TODAY + datetime.timedelta(days=20),
        description="Scholing",
    )
    StagnationActionFactory(
        closed_on=TODAY, closed_by=staff_user, closing_note="Klaar", description="Gesloten werk"
    )
    client.force_login(staff_user)
    page = overview(client)
    table = part(page, "open-actions")
    assert "2 resultaten" in page
    assert "Gesloten werk" not in table
    first, second = table.split("<tr")[2:]
    assert "De Regenboog" in first and "Stichting Eigen" in first and "Te laat" in first
    assert "De Vlinder" in second and "Te laat" not in second
    assert overdue.description in overview(client, "?overdue=on")
    assert "Scholing" not in part(overview(client, "?overdue=on"), "open-actions")
    assert "Scholing" not in part(overview(client, f"?board={world.board.pk}"), "open-actions")


def test_the_overview_filters_by_stadsdeel_and_sorts_by_school(client, world, staff_user):
    world.school.stadsdeel = Stadsdeel.NOORD
    world.school.save()
    world.open_action(description="In Noord")
    StagnationActionFactory(visit__trajectory__school__name="Aardbei", description="Elders")
    client.force_login(staff_user)
    assert "Elders" not in part(overview(client, f"?stadsdeel={Stadsdeel.NOORD}"), "open-actions")
    by_school = part(overview(client, "?sort=school"), "open-actions")
    assert by_school.index("Aardbei") < by_school.index("De Regenboog")
    assert "Er zijn geen open acties die aan deze filters voldoen" in overview(client, "?q=Onbekend")


def test_the_overview_says_what_happens_when_there_are_no_actions(client, staff_user):
    client.force_login(staff_user)
    assert "Er zijn geen open acties." in overview(client)


def test_an_expert_sees_the_open_actions_of_their_own_trajectories_only(client, world):
    world.open_action(description="Van Els")
    StagnationActionFactory(description="Van een ander")
    client.force_login(world.expert)
    table = part(overview(client), "open-actions")
    assert "Van Els" in table and "Van een ander" not in table


def test_the_overview_takes_the_same_queries_for_many_actions_and_pages_them(client, world, staff_user):
    world.open_action()
    client.force_login(staff_user)
    small = reverse("audits:action_overview")
    for _ in range(30):
        StagnationActionFactory(visit__trajectory__school__board=SchoolBoardFactory())
    assert same_query_count(client, small, small + "?page=2") == same_query_count(client, small, small)
    assert "31 resultaten" in overview(client)


# My tasks


def test_the_expert_is_asked_to_record_visits_planned_up_to_a_week_ahead_and_to_agree_and_close_actions(
    world,
):
    world.planned_visit()  # 19 March: overdue
    world.planned_visit(quarter=2, planned_on=TODAY + datetime.timedelta(days=7))
    world.planned_visit(quarter=3, planned_on=TODAY + datetime.timedelta(days=8))
    other = ExecutingTrajectoryFactory(school=SchoolFactory(name="De Zon"), expert=world.expert)
    stagnating = world.stagnating_visit(trajectory=other, quarter=1)
    action = world.open_action(visit=world.stagnating_visit(trajectory=other, quarter=2))
    tasks = [(task.what, task.school, task.due_on) for task in tasks_for(world.expert, TODAY)]
    assert tasks == [
        ("Bezoek van kwartaal 1 vastleggen", "De Regenboog", PLANNED_ON),
        ("Uitvoering stagneert: spreek acties af met de school", "De Zon", stagnating.visited_on),
        ("Bezoek van kwartaal 2 vastleggen", "De Regenboog", TODAY + datetime.timedelta(days=7)),
        (
            f"Sluit de actie “{action.description}” (Intern begeleider, uiterlijk 15 april 2009)",
            "De Zon",
            action.due_on,
        ),
    ]


def test_staff_are_asked_to_follow_up_overdue_actions_only_and_the_board_nothing(world, staff_user):
    late = world.open_action(due_on=TODAY - datetime.timedelta(days=1))
    world.open_action(visit=late.visit, due_on=TODAY + datetime.timedelta(days=1))
    world.planned_visit(quarter=2)
    visit_tasks = [task for task in tasks_for(staff_user, TODAY) if task.kind == "visits"]
    assert [task.url for task in visit_tasks] == [
        reverse("audits:action_close", args=[world.trajectory.pk, late.pk])
    ]
    assert [task for task in tasks_for(world[Role.SCHOOL_BOARD], TODAY) if task.kind == "visits"] == []
    assert [
        task for task in tasks_for(UserFactory(role=Role.EXPERT_GROUP), TODAY) if task.kind == "visits"
    ] == []
