"""Every role exists as a group, sees a navigation that fits it and a start page that says what it can do."""

import pytest
from django.contrib.auth.models import Group

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import UserFactory


def test_every_role_is_a_group_with_permissions(db):
    for role in Role:
        assert Group.objects.get(name=role).permissions.exists(), role


READER = ["Start", "Scholen", "Schoolbesturen"]
NAVIGATION = {
    Role.PROGRAMME_STAFF: [
        *READER,
        "Trajecten",
        "Financiën",
        "Audits",
        "Open acties",
        "Tussenopbrengsten",
        "Monitor",
        "Register importeren",
    ],
    Role.EDUCATION_EXPERT: [
        *READER,
        "Trajecten",
        "Financiën",
        "Open acties",
        "Tussenopbrengsten",
        "Indicatoren",
    ],
    Role.FINANCIAL_EXPERT: [*READER, "Trajecten", "Financiën", "Tussenopbrengsten"],
    Role.EXPERT_GROUP: [*READER, "Trajecten", "Financiën", "Audits", "Tussenopbrengsten", "Monitor"],
    Role.INSPECTION: [*READER, "Tussenopbrengsten"],
    Role.SCHOOL_BOARD: [*READER, "Trajecten", "Financiën", "Tussenopbrengsten"],
    Role.SCHOOL_DIRECTOR: [*READER, "Trajecten", "Financiën", "Tussenopbrengsten"],
    Role.MUNICIPALITY: [*READER, "Financiën", "Tussenopbrengsten", "Monitor"],
}


@pytest.mark.parametrize(("role", "labels"), NAVIGATION.items())
def test_the_navigation_fits_the_role(client, db, role, labels):
    client.force_login(UserFactory(role=role))
    navigation = client.get("/").context["navigation"]
    assert [str(item["label"]) for item in navigation] == labels


def test_staff_with_admin_access_see_the_administration(client, db):
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF, is_staff=True))
    assert "Beheer" in [str(item["label"]) for item in client.get("/").context["navigation"]]


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (Role.INSPECTION, "Inspectieoordelen vastleggen", "Scholenregister van DUO importeren"),
        (Role.PROGRAMME_STAFF, "Scholenregister van DUO importeren", "Inspectieoordelen vastleggen"),
        (Role.SCHOOL_BOARD, "Bekijk de scholen van uw bestuur", "School toevoegen"),
    ],
)
def test_the_start_page_says_what_the_role_can_do(client, db, role, shown, hidden):
    user = UserFactory(role=role, first_name="Sanne")
    client.force_login(user)
    content = client.get("/").content.decode()
    assert "Welkom, Sanne" in content
    assert shown in content
    assert hidden not in content


def test_the_header_shows_the_name_and_role_and_logging_out_works(client, db):
    user = UserFactory(role=Role.INSPECTION, first_name="Koen", last_name="Smit")
    client.force_login(user)
    content = client.get("/").content.decode()
    assert "Koen Smit" in content and "Inspectie" in content
    response = client.post("/uitloggen/")
    assert response.url == "/inloggen/"
    assert client.get("/").status_code == 302


def test_logging_in_with_a_wrong_password_says_so_in_dutch(client, db):
    UserFactory(email="iemand@example.nl")
    response = client.post("/inloggen/", {"username": "iemand@example.nl", "password": "fout"})
    assert "horen niet bij elkaar" in response.content.decode()
