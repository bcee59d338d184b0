"""The 403, 404 and 500 pages are Dutch and in the house style (the header, the skip link, one h1, a way back to the
start page), with DEBUG off as in production. The 500 page renders without a request context and without the
database, which may be what failed."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from kwaliteitsaanpak.accounts.roles import Role
from tests.pages import text


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def assert_house_style(html: str, heading: str) -> None:
    assert html.count("<h1") == 1
    assert f"<h1>{heading}</h1>" in html
    assert 'class="site-header"' in html
    assert 'href="#main"' in html  # the skip link
    assert '<html lang="nl">' in html
    assert 'href="/">Ga naar de startpagina</a>' in html
    assert "Django" not in html and "Not Found" not in html and "Forbidden" not in html


def test_a_page_that_does_not_exist_says_so_in_dutch(client, user_in_role):
    client.force_login(user_in_role(Role.SCHOOL_BOARD))

    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    html = response.content.decode()
    assert_house_style(html, "Pagina niet gevonden")
    assert "Deze pagina bestaat niet, of is niet voor u beschikbaar." in text(response)
    assert 'aria-label="Hoofdmenu"' in html  # the logged-in user keeps the menu
    assert 'href="/mijn-taken/">bekijk uw taken</a>' in html


def test_an_anonymous_visitor_gets_the_dutch_404_too(client):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert_house_style(response.content.decode(), "Pagina niet gevonden")
    assert "bekijk uw taken" not in response.content.decode()


def test_a_page_the_role_may_not_open_says_so_in_dutch(client, user_in_role):
    client.force_login(user_in_role(Role.EDUCATION_EXPERT, first_name="Sanne", last_name="de Wit"))

    response = client.get("/uitvoering/audits/")

    assert response.status_code == 403
    assert_house_style(response.content.decode(), "Geen toegang tot deze pagina")
    assert "U bent ingelogd als Sanne de Wit. Uw rol geeft geen toegang tot deze pagina." in text(response)
    assert "vraag de programmastaf (DMO)" in text(response)


@pytest.mark.urls("tests.kwaliteitsaanpak.error_urls")
def test_a_server_error_shows_the_dutch_500_page(client, user_in_role):
    client.force_login(user_in_role(Role.PROGRAMME_STAFF))
    client.raise_request_exception = False

    response = client.get("/kapot/")

    assert response.status_code == 500
    html = response.content.decode()
    assert_house_style(html, "Er is iets misgegaan")
    assert "Probeer het over een paar minuten opnieuw." in text(response)
    assert "A page that fails" not in html  # nothing of the error itself


def test_the_500_page_needs_neither_a_request_context_nor_the_database(django_db_blocker):
    with django_db_blocker.block():
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert_house_style(html, "Er is iets misgegaan")
    assert "Uitloggen" not in html  # no user: the page does not know who is logged in


def test_a_form_refused_by_the_csrf_check_says_in_dutch_what_to_do(user_in_role):
    """A form left open across a new login is refused by the CSRF check: the user reads that nothing was saved and
    how to go on, in the house style, not Django's English "CSRF verification failed"."""
    from django.test import Client

    from schools.models import SchoolBoard
    from tests.factories import SchoolBoardFactory

    board = SchoolBoardFactory(name="Stichting Zuid")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_in_role(Role.PROGRAMME_STAFF))

    response = client.post(f"/besturen/{board.pk}/wijzigen/", {"name": "Stichting Noord"})

    assert response.status_code == 403
    html = response.content.decode()
    assert_house_style(html, "Uw formulier kon niet worden verwerkt")
    assert "Er is niets opgeslagen." in text(response)
    assert "CSRF verification" not in html
    assert SchoolBoard.objects.get(pk=board.pk).name == "Stichting Zuid"
