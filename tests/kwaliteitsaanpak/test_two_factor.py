"""Two-step verification (issue 13, ADR 13): programme staff and the expert group reach no page before the second
step, /beheer/ asks it of everyone, other roles may turn it on and off, a wrong code is refused and repeated wrong
codes make the user wait, and programme staff reset a lost phone. The suite runs with TWO_FACTOR_REQUIRED off; these
tests turn it on."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kwaliteitsaanpak.accounts.models import SecondFactorEvent
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.accounts.services import second_factor_reset
from tests.factories import UserFactory
from tests.kwaliteitsaanpak.factories_login import TOTPDeviceFactory, code_for, wrong_code_for
from tests.pages import part, text

pytestmark = pytest.mark.django_db
PASSWORD = "kwaliteit-demo"  # noqa: S105 (the factories' password)
SETUP = "/profiel/tweestapsverificatie/"
VERIFY = "/profiel/tweestapsverificatie/code/"
TURN_OFF = "/profiel/tweestapsverificatie/uitzetten/"
# The pages that must answer before the second step: logging in and out, the second step itself, the language.
EXEMPT = {"/inloggen/", "/uitloggen/", SETUP, VERIFY, "/oidc/inloggen/", "/oidc/callback/", "/i18n/setlang/"}


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def log_in(client, user) -> None:
    """The password step, as on the login page."""
    response = client.post("/inloggen/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, "the password was refused"


def every_route() -> list[str]:
    """Every URL of the application with its parameters filled in (1, or "x" for a text), and the administration."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield "/" + prefix + str(pattern.pattern)

    filled = {
        re.sub(r"<int:\w+>", "1", re.sub(r"<(?:str|slug|path):\w+>|<\w+>", "x", route))
        for route in walk(get_resolver().url_patterns)
    }
    return sorted(filled - EXEMPT) + ["/beheer/", "/beheer/accounts/user/"]


def test_every_route_is_listed():
    routes = every_route()
    assert "/" in routes and "/trajecten/" in routes and "/profiel/" in routes and "/trajecten/1/" in routes
    assert len(routes) > 60


@pytest.mark.parametrize("role", [Role.PROGRAMME_STAFF, Role.EXPERT_GROUP])
def test_staff_and_the_expert_group_reach_no_page_before_setting_it_up(client, required, role):
    client.force_login(UserFactory(role=role))
    for url in every_route():
        response = client.get(url)
        assert (response.status_code, response.get("Location", "").split("?")[0]) == (302, SETUP), url
        assert client.post(url).get("Location") == SETUP, url
    assert client.get("/scholen/?page=2")["Location"] == SETUP + "?next=%2Fscholen%2F%3Fpage%3D2"
    assert client.get(SETUP).status_code == 200


@pytest.mark.parametrize("role", [Role.PROGRAMME_STAFF, Role.EXPERT_GROUP])
def test_staff_and_the_expert_group_with_an_app_reach_no_page_before_the_code(client, required, role):
    user = UserFactory(role=role)
    TOTPDeviceFactory(user=user)
    log_in(client, user)
    for url in every_route():
        response = client.get(url)
        assert (response.status_code, response.get("Location", "").split("?")[0]) == (302, VERIFY), url
    assert client.get("/trajecten/")["Location"] == VERIFY + "?next=%2Ftrajecten%2F"


def test_the_code_after_the_password_opens_the_page_asked_for(client, required):
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    device = TOTPDeviceFactory(user=staff)
    log_in(client, staff)
    page = text(client.get(VERIFY + "?next=/trajecten/"))
    assert "Vul uw code in" in page and "6-cijferige code" in page
    response = client.post(VERIFY, {"code": code_for(device), "next": "/trajecten/"})
    assert response["Location"] == "/trajecten/"
    assert client.get("/trajecten/").status_code == 200
    # The session stays verified until logout; a new login asks the code again.
    client.post("/uitloggen/")
    log_in(client, staff)
    assert client.get("/trajecten/")["Location"].startswith(VERIFY)


def test_a_wrong_code_is_refused_and_repeated_wrong_codes_make_the_user_wait(client, required):
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    device = TOTPDeviceFactory(user=staff)
    log_in(client, staff)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        page = text(client.post(VERIFY, {"code": wrong_code_for(device)}))
        assert "Deze code klopt niet" in page
        assert client.get("/").status_code == 302  # still nowhere
        page = text(client.post(VERIFY, {"code": "12a"}))
        assert "Vul de code in als 6 cijfers" in page
        # The second wrong code within the wait: refused without being checked, even the right one.
        page = text(client.post(VERIFY, {"code": code_for(device)}))
        assert "U hebt te vaak een verkeerde code ingevuld" in page
    with time_machine.travel(start + datetime.timedelta(seconds=2), tick=False):
        page = text(client.post(VERIFY, {"code": wrong_code_for(device)}))
        assert "Deze code klopt niet" in page
    with time_machine.travel(start + datetime.timedelta(seconds=3), tick=False):
        assert "U hebt te vaak een verkeerde code ingevuld. Wacht 1 seconde" in text(
            client.post(VERIFY, {"code": code_for(device)})
        )
    with time_machine.travel(start + datetime.timedelta(seconds=6), tick=False):
        assert client.post(VERIFY, {"code": code_for(device)})["Location"] == "/"
        assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_administration_asks_the_second_step_of_everyone(client, required):
    administrator = UserFactory(role=Role.MUNICIPALITY, is_staff=True)
    client.force_login(administrator)
    assert client.get("/").status_code == 200  # the role is not forced elsewhere
    assert client.get("/beheer/")["Location"] == SETUP + "?next=%2Fbeheer%2F"
    assert client.get("/beheer/accounts/user/")["Location"].startswith(SETUP)
    device = TOTPDeviceFactory(user=administrator)
    client.post("/uitloggen/")
    log_in(client, administrator)
    assert client.get("/beheer/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": code_for(device)})
    assert client.get("/beheer/").status_code == 200


@pytest.mark.parametrize("role", [Role.SCHOOL_BOARD, Role.EDUCATION_EXPERT, Role.INSPECTION])
def test_other_roles_are_not_forced_but_can_turn_it_on_and_off(client, required, role):
    user = UserFactory(role=role)
    client.force_login(user)
    assert client.get("/").status_code == 200
    section = part(text(client.get("/profiel/")), "profile-second-factor", ends=("</section>",))
    assert "Uit" in section and f'href="{SETUP}"' in section

    page = text(client.get(SETUP))
    secret = re.search(r'data-testid="totp-secret">.*?</span>([A-Z2-7 ]+)<', page).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", secret)
    assert "<svg" in page and 'class="qr-code' in page
    assert text(client.get(SETUP)).count(secret) == 1  # a reload shows the same secret
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(SETUP, {"code": wrong_code_for(device)}).status_code == 200
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5), tick=False):
        response = client.post(SETUP, {"code": code_for(device)})
    assert response["Location"] == "/profiel/"
    assert TOTPDevice.objects.get(user=user).confirmed
    assert "Tweestapsverificatie staat aan" in text(client.get("/profiel/"))

    # From now on the code follows the password.
    client.post("/uitloggen/")
    log_in(client, user)
    assert client.get("/")["Location"] == VERIFY
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=40), tick=False):
        client.post(VERIFY, {"code": code_for(device)})
        assert client.get(TURN_OFF).status_code == 200
        assert client.post(TURN_OFF)["Location"] == "/profiel/#tweestapsverificatie"
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert list(SecondFactorEvent.objects.filter(user=user).values_list("kind", flat=True)) == [
        SecondFactorEvent.Kind.TURNED_OFF,
        SecondFactorEvent.Kind.SET_UP,
    ]
    client.post("/uitloggen/")
    log_in(client, user)
    assert client.get("/").status_code == 200


def test_a_role_that_requires_it_cannot_turn_it_off(client, required):
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    device = TOTPDeviceFactory(user=staff)
    log_in(client, staff)
    client.post(VERIFY, {"code": code_for(device)})
    section = part(text(client.get("/profiel/")), "profile-second-factor", ends=("</section>",))
    assert "Aan" in section and "kunt u niet uitzetten" in section and TURN_OFF not in section
    assert client.get(TURN_OFF).status_code == 403
    assert client.post(TURN_OFF).status_code == 403
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_with_the_requirement_off_nobody_is_forced_but_a_user_with_an_app_is_asked_the_code(client):
    staff = UserFactory(role=Role.PROGRAMME_STAFF, is_staff=True)
    client.force_login(staff)
    assert client.get("/").status_code == 200 and client.get("/beheer/").status_code == 200
    board_user = UserFactory(role=Role.SCHOOL_BOARD)
    TOTPDeviceFactory(user=board_user)
    client.post("/uitloggen/")
    log_in(client, board_user)
    assert client.get("/")["Location"] == VERIFY


def test_programme_staff_reset_a_lost_phone_recorded_with_who_did_it(client):
    staff = UserFactory(role=Role.PROGRAMME_STAFF, is_staff=True, first_name="Sanne", last_name="de Boer")
    expert = UserFactory(role=Role.EXPERT_GROUP)
    TOTPDeviceFactory(user=expert)
    client.force_login(staff)
    response = client.post(
        "/beheer/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [expert.pk]},
        follow=True,
    )
    assert "Tweestapsverificatie hersteld voor 1 gebruiker(s)" in text(response)
    assert not TOTPDevice.objects.filter(user=expert).exists()
    event = SecondFactorEvent.objects.get(user=expert)
    assert (event.kind, event.actor) == (SecondFactorEvent.Kind.RESET, staff)
    client.force_login(expert)
    assert "door Sanne de Boer" in part(
        text(client.get("/profiel/")), "profile-second-factor", ends=("</section>",)
    )

    with pytest.raises(PermissionDenied):
        second_factor_reset(actor=UserFactory(role=Role.EXPERT_GROUP), user=staff)


def test_a_reset_sends_a_signed_in_user_to_set_it_up_again(client, required):
    expert_group = UserFactory(role=Role.EXPERT_GROUP)
    device = TOTPDeviceFactory(user=expert_group)
    log_in(client, expert_group)
    client.post(VERIFY, {"code": code_for(device)})
    assert client.get("/").status_code == 200
    second_factor_reset(actor=UserFactory(role=Role.PROGRAMME_STAFF), user=expert_group)
    # The session knew of a device: the code page sees it is gone and sends the user on to set it up again.
    assert client.get("/")["Location"] == VERIFY
    assert client.get(VERIFY)["Location"] == "/"
    assert client.get("/")["Location"] == SETUP
    assert client.get("/")["Location"] == SETUP
