"""The profile page: who the user is, which reminders they get, and the calendar address that the user creates and
renews after a confirmation (renewing makes the old address stop working)."""

import pytest
from django.utils.html import escape

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import SchoolBoardFactory, SchoolFactory, UserFactory
from tests.pages import part, text


@pytest.fixture
def expert(db):
    return UserFactory(
        role=Role.EDUCATION_EXPERT, first_name="Els", last_name="Bakker", email="els@example.nl"
    )


def test_the_profile_shows_who_the_user_is(client, expert):
    client.force_login(expert)
    summary = part(text(client.get("/profiel/")), "profile-summary", ends=("</dl>",))
    assert "Els Bakker" in summary and "els@example.nl" in summary and "Onderwijsexpert" in summary


def test_a_board_user_and_a_director_see_their_board_and_school(client, db):
    board = SchoolBoardFactory(name="Stichting Amstelland")
    client.force_login(
        UserFactory(role=Role.SCHOOL_DIRECTOR, school=SchoolFactory(board=board, name="De Regenboog"))
    )
    assert "De Regenboog" in part(text(client.get("/profiel/")), "profile-summary", ends=("</dl>",))
    client.force_login(UserFactory(role=Role.SCHOOL_BOARD, school_board=board))
    assert "Stichting Amstelland" in part(text(client.get("/profiel/")), "profile-summary", ends=("</dl>",))


def test_the_profile_lists_the_reminders_of_the_role(client, db):
    from kwaliteitsaanpak.core.reminders import reminder_kinds_for

    reviewer = UserFactory(role=Role.EXPERT_GROUP)
    client.force_login(reviewer)
    reminders = part(text(client.get("/profiel/")), "profile-reminders", ends=("</section>",))
    kinds = reminder_kinds_for(reviewer)
    assert kinds
    for label, description in kinds:
        assert escape(str(label)) in reminders and escape(str(description)) in reminders


def test_a_role_without_reminders_is_told_so(client, db):
    client.force_login(UserFactory(role=Role.MUNICIPALITY))
    reminders = part(text(client.get("/profiel/")), "profile-reminders", ends=("</section>",))
    assert "Uw rol krijgt geen herinneringen per e-mail." in reminders


def test_an_expert_creates_a_calendar_address_after_confirming(client, expert):
    client.force_login(expert)
    profile = text(client.get("/profiel/"))
    assert 'href="/profiel/agenda/">Agenda-adres maken' in profile
    confirmation = text(client.get("/profiel/agenda/"))
    assert "Adres maken" in confirmation and "Terug naar uw profiel, er verandert niets" in confirmation
    expert.refresh_from_db()
    assert expert.calendar_token == ""  # looking at the confirmation changes nothing
    response = client.post("/profiel/agenda/", follow=True)
    expert.refresh_from_db()
    assert len(expert.calendar_token) >= 32
    content = text(response)
    assert "Uw agenda-adres is gemaakt." in content
    assert f"http://testserver/agenda/{expert.calendar_token}.ics" in content
    assert client.get(f"/agenda/{expert.calendar_token}.ics").status_code == 200


def test_renewing_the_address_makes_the_old_one_stop_working(client, expert):
    client.force_login(expert)
    client.post("/profiel/agenda/")
    expert.refresh_from_db()
    old = expert.calendar_token
    assert "Het huidige adres werkt direct niet meer." in text(client.get("/profiel/agenda/"))
    response = client.post("/profiel/agenda/", follow=True)
    expert.refresh_from_db()
    assert expert.calendar_token != old
    assert "Het oude adres werkt niet meer" in text(response)
    client.logout()
    assert client.get(f"/agenda/{old}.ics").status_code == 404
    assert client.get(f"/agenda/{expert.calendar_token}.ics").status_code == 200


@pytest.mark.parametrize("role", [Role.SCHOOL_BOARD, Role.INSPECTION, Role.PROGRAMME_STAFF])
def test_roles_without_a_calendar_get_no_address(client, db, role):
    user = UserFactory(role=role)
    client.force_login(user)
    assert "Uw agenda" not in text(client.get("/profiel/"))
    assert client.get("/profiel/agenda/").status_code == 403
    assert client.post("/profiel/agenda/").status_code == 403
    user.refresh_from_db()
    assert user.calendar_token == ""


@pytest.mark.parametrize("role", [Role.FINANCIAL_EXPERT, Role.EXPERT_GROUP])
def test_the_financial_expert_and_the_expert_group_have_a_calendar(client, db, role):
    client.force_login(UserFactory(role=role))
    assert "Uw agenda" in text(client.get("/profiel/"))
    assert client.post("/profiel/agenda/").status_code == 302
