"""Login (issue 13, ADR 11): lockout after failed attempts, strong passwords, sessions that end, no user
enumeration."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import DEMO_PASSWORD, UserFactory
from tests.pages import text

LOGIN = "/inloggen/"
WRONG = "Dit e-mailadres en wachtwoord horen niet bij elkaar"
LOCKED = "U hebt te vaak een verkeerd wachtwoord ingevuld"
BLOCKED_FOR = "inloggen met dit e-mailadres 15 minuten geblokkeerd"


def log_in(client, email: str, password: str, ip: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def user(db):
    return UserFactory(role=Role.SCHOOL_BOARD, email="bestuur@example.nl")


def test_five_wrong_passwords_lock_the_address_out_for_15_minutes_with_a_dutch_message(client, user):
    for _attempt in range(4):
        assert WRONG in text(log_in(client, user.email, "verkeerd-wachtwoord"))

    fifth = log_in(client, user.email, "verkeerd-wachtwoord")
    sixth = log_in(client, user.email, DEMO_PASSWORD)  # even the right password

    for response in (fifth, sixth):
        assert response.status_code == 429
        assert LOCKED in text(response) and BLOCKED_FOR in text(response)
        assert 'value="bestuur@example.nl"' in text(response)  # the address stays filled in
    assert "_auth_user_id" not in client.session

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        after = log_in(client, user.email, DEMO_PASSWORD)
    assert after.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def test_the_lockout_is_per_address_and_ip_address(client, user):
    colleague = UserFactory(role=Role.SCHOOL_BOARD, email="collega@example.nl")
    for _attempt in range(5):
        log_in(client, user.email, "verkeerd-wachtwoord")

    assert log_in(client, user.email, DEMO_PASSWORD, ip="10.0.0.2").status_code == 302  # another computer
    client.logout()
    assert log_in(client, colleague.email, DEMO_PASSWORD).status_code == 302  # another address


def test_only_failures_count_so_logging_in_often_never_locks_out(client, user):
    for _attempt in range(12):
        assert log_in(client, user.email, DEMO_PASSWORD).status_code == 302
        client.logout()
    for _attempt in range(4):
        log_in(client, user.email, "verkeerd-wachtwoord")
    assert log_in(client, user.email, DEMO_PASSWORD).status_code == 302  # a success resets the count
    client.logout()
    for _attempt in range(4):
        log_in(client, user.email, "verkeerd-wachtwoord")
    assert log_in(client, user.email, DEMO_PASSWORD).status_code == 302


def test_no_answer_tells_whether_an_address_has_an_account(client, user):
    known = log_in(client, user.email, "verkeerd-wachtwoord")
    unknown = log_in(client, "niemand@example.nl", "verkeerd-wachtwoord")
    assert known.status_code == unknown.status_code == 200
    assert WRONG in text(known) and WRONG in text(unknown)
    for _attempt in range(4):
        known = log_in(client, user.email, "verkeerd-wachtwoord")
        unknown = log_in(client, "niemand@example.nl", "verkeerd-wachtwoord")
    assert known.status_code == unknown.status_code == 429
    assert without_tokens(text(known), user.email) == without_tokens(text(unknown), "niemand@example.nl")


def without_tokens(page: str, email: str) -> str:
    """The page without what differs per request (the CSRF token) and without the address typed."""
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", page).replace(email, "")


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Kort-1!", "te kort"),
        ("elf-tekens!", "te kort"),  # 11 characters
        ("password1234", "te algemeen"),
        ("qwerty123456", "te algemeen"),
    ],
)
def test_a_password_has_at_least_12_characters_and_is_not_a_common_one(password, problem):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert any(problem in message for message in refused.value.messages), refused.value.messages


def test_the_demo_password_is_strong_enough():
    validate_password(DEMO_PASSWORD)  # 14 characters, not a common password


def test_a_session_ends_after_30_minutes_without_a_request(client, user, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    log_in(client, user.email, DEMO_PASSWORD)
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(minutes=25)):
        assert client.get("/").status_code == 200  # the request renews the session
    with time_machine.travel(start + datetime.timedelta(minutes=50)):
        assert client.get("/").status_code == 200  # 25 minutes after the last request
    with time_machine.travel(start + datetime.timedelta(minutes=81)):
        response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)


@pytest.mark.parametrize(
    ("role", "staff", "ends_with_the_browser"),
    [
        (Role.PROGRAMME_STAFF, False, True),
        (Role.EXPERT_GROUP, False, True),
        (Role.INSPECTION, True, True),  # may use /beheer/
        (Role.SCHOOL_BOARD, False, False),
        (Role.EDUCATION_EXPERT, False, False),
    ],
)
def test_staff_sessions_end_when_the_browser_closes(client, db, role, staff, ends_with_the_browser):
    person = UserFactory(role=role, is_staff=staff)

    log_in(client, person.email, DEMO_PASSWORD)

    cookie = client.cookies["sessionid"]
    if ends_with_the_browser:
        assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
        assert client.session.get_expire_at_browser_close()
    else:
        assert int(cookie["max-age"]) == 30 * 60
    assert client.session.get_expiry_age() == 30 * 60  # the server ends either after 30 idle minutes
