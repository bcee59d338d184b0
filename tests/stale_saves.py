"""Two people open the same edit form; both save. Helpers for the tests of refused stale saves (ADR 14): what the
refusal names (who, when), the version a form carries, and two signed-in browsers."""

import html
import re

from django.test import Client
from django.utils import timezone

from tests.pages import text


def signed_in(user) -> Client:
    """A browser of its own, signed in as `user`."""
    browser = Client()
    browser.force_login(user)
    return browser


def version_on(content: str) -> int:
    """The edit version the page's form carries."""
    found = re.search(r'name="version" value="(\d+)"', content)
    assert found, "the form carries no version"
    return int(found.group(1))


def saved_by(record) -> str:
    """ "(Els Bakker, 03-12-2026 10:14)": who saved `record` last and when, as the refusal names them."""
    row = record.history.order_by("-history_date", "-history_id").first()
    when = timezone.localtime(row.history_date).strftime("%d-%m-%Y %H:%M")
    return f"({row.history_user}, {when})"


def refusal(response) -> str:
    """The page's text with HTML entities read as characters (the refusal quotes with „ and ”)."""
    assert response.status_code == 200, response.status_code
    return html.unescape(text(response))
