"""Dutch is the programme's language: a browser set to English still gets Dutch; English only when chosen."""

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import UserFactory
from tests.pages import text


def test_a_browser_that_prefers_english_gets_the_dutch_interface(client, db):
    response = client.get("/inloggen/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.headers["Content-Language"] == "nl"
    assert "Inloggen" in text(response) and "Gemeente Amsterdam" in text(response)
    assert "Log in with" not in text(response)


def test_a_user_who_chooses_english_on_the_profile_page_keeps_it(client, db):
    client.force_login(UserFactory(role=Role.SCHOOL_BOARD))
    profile = text(client.get("/profiel/"))
    assert "Taal van de applicatie" in profile and "English" in profile

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/profiel/"}, follow=True)

    assert "Language of the application" in text(response)
    assert text(client.get("/mijn-taken/")).count("My tasks") >= 1
    client.post("/i18n/setlang/", {"language": "nl", "next": "/profiel/"})
    assert "Mijn taken" in text(client.get("/mijn-taken/"))


def test_an_unknown_language_in_the_cookie_falls_back_to_dutch(client, db):
    client.cookies["django_language"] = "fr"
    assert "Inloggen" in text(client.get("/inloggen/"))
