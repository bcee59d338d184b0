"""Login with the City's identity provider (issue 13, ADR 13), against the stub provider of `oidc_stub` through the
real mozilla-django-oidc request and callback: a known person logs in with the role the application gave them (their
e-mail address matched whatever its case), the login counts as the second step, and an unknown person, a wrong or
replayed state, a wrong nonce and a wrongly signed token are refused with nobody logged in."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import UserFactory
from tests.kwaliteitsaanpak import oidc_stub
from tests.pages import text

pytestmark = pytest.mark.django_db
SETUP = "/profiel/tweestapsverificatie/"


@pytest.fixture
def provider(settings, monkeypatch):
    oidc_stub.settings_for(settings)
    return oidc_stub.install(monkeypatch)


def start(client, next_url: str = "") -> str:
    """The button on the login page: the application sends the browser to the provider."""
    response = client.get("/oidc/inloggen/" + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302
    return response["Location"]


def back(client, callback_url: str):
    """The browser returns from the provider to the application's callback."""
    assert callback_url.startswith("http://testserver/oidc/callback/?")
    return client.get(callback_url.removeprefix("http://testserver"))


def logged_in_user(client):
    return client.get("/profiel/").wsgi_request.user


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_known_person_logs_in_with_the_role_the_application_gave_them(client, settings, provider):
    settings.TWO_FACTOR_REQUIRED = True
    staff = UserFactory(role=Role.PROGRAMME_STAFF, email="sanne.deboer@amsterdam.nl")
    response = back(
        client, provider.authorize(start(client, "/trajecten/"), email="Sanne.DeBoer@Amsterdam.NL")
    )
    assert response["Location"] == "/trajecten/"
    # The City's provider did the multi-factor authentication: no second step here, even for programme staff.
    assert client.get("/trajecten/").status_code == 200
    user = logged_in_user(client)
    assert user.pk == staff.pk and user.role_names == [Role.PROGRAMME_STAFF.value]
    assert client.session["kwaliteitsaanpak_login_method"] == "oidc"
    assert get_user_model().objects.count() == 1


def test_without_counting_as_second_factor_staff_still_set_up_the_app(client, settings, provider):
    settings.TWO_FACTOR_REQUIRED = True
    settings.OIDC_COUNTS_AS_SECOND_FACTOR = False
    UserFactory(role=Role.EXPERT_GROUP, email="greet@amsterdam.nl")
    back(client, provider.authorize(start(client), email="greet@amsterdam.nl"))
    assert client.get("/trajecten/")["Location"].startswith(SETUP)


def test_an_unknown_person_is_refused_and_gets_no_account(client, provider):
    UserFactory(role=Role.SCHOOL_BOARD, email="bestuur@example.nl")
    response = back(client, provider.authorize(start(client), email="onbekend@amsterdam.nl"))
    assert response["Location"] == "/inloggen/"
    assert messages_of(response) == [
        "U hebt nog geen account in Kwaliteitsaanpak. Vraag de programmaorganisatie (DMO) om een account voor uw "
        "e-mailadres; daarna kunt u inloggen met uw gemeentelijke account."
    ]
    assert not logged_in_user(client).is_authenticated
    assert not get_user_model().objects.filter(email="onbekend@amsterdam.nl").exists()


def test_an_inactive_account_or_an_unverified_address_is_refused(client, provider):
    UserFactory(role=Role.SCHOOL_BOARD, email="oud@amsterdam.nl", is_active=False)
    UserFactory(role=Role.SCHOOL_BOARD, email="nieuw@amsterdam.nl")
    back(client, provider.authorize(start(client), email="oud@amsterdam.nl"))
    assert not logged_in_user(client).is_authenticated
    back(client, provider.authorize(start(client), email="nieuw@amsterdam.nl", email_verified=False))
    assert not logged_in_user(client).is_authenticated


def test_a_state_the_session_did_not_send_is_refused(client, provider):
    UserFactory(role=Role.SCHOOL_BOARD, email="bestuur@amsterdam.nl")
    callback = provider.authorize(start(client), email="bestuur@amsterdam.nl")
    forged = callback.replace("state=", "state=vervalst")
    response = back(client, forged)
    assert response["Location"] == "/inloggen/"
    assert "Inloggen met uw gemeentelijke account is niet gelukt" in messages_of(response)[0]
    assert not logged_in_user(client).is_authenticated
    assert provider.token_requests == 0  # refused before the code was exchanged


def test_a_callback_in_another_browser_or_a_replayed_one_is_refused(client, provider):
    UserFactory(role=Role.SCHOOL_BOARD, email="bestuur@amsterdam.nl")
    callback = provider.authorize(start(client), email="bestuur@amsterdam.nl")
    from django.test import Client

    other_browser = Client()
    assert back(other_browser, callback)["Location"] == "/inloggen/"
    assert not logged_in_user(other_browser).is_authenticated
    assert back(client, callback)["Location"] == "/"
    client.post("/uitloggen/")
    assert back(client, callback)["Location"] == "/inloggen/"  # the state was used
    assert not logged_in_user(client).is_authenticated


def test_a_token_with_another_nonce_or_signature_is_refused(client, provider):
    UserFactory(role=Role.SCHOOL_BOARD, email="bestuur@amsterdam.nl")
    response = back(
        client, provider.authorize(start(client), email="bestuur@amsterdam.nl", nonce="een-andere")
    )
    assert response["Location"] == "/inloggen/"
    assert not logged_in_user(client).is_authenticated
    response = back(
        client,
        provider.authorize(
            start(client), email="bestuur@amsterdam.nl", signing_secret="niet-het-geheim-" * 3
        ),
    )
    assert response["Location"] == "/inloggen/"
    assert not logged_in_user(client).is_authenticated
    assert provider.token_requests == 2


def test_the_login_page_offers_the_city_login_only_while_it_is_configured(client, settings, provider):
    page = text(client.get("/inloggen/?next=/scholen/"))
    assert "Inloggen met uw gemeentelijke account" in page
    assert 'href="/oidc/inloggen/?next=/scholen/"' in page
    settings.OIDC_ENABLED = False
    assert "gemeentelijke account" not in text(client.get("/inloggen/"))
    assert client.get("/oidc/inloggen/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
