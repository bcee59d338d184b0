"""Steps the browser tests repeat: opening a page as someone (tests/e2e/people.py), submitting, saving a form and
deciding a review. A step keeps its checks (`expect`) inside, so that a test reads as the story of the pages."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.browser import log_in


def open_as(page, live_server, email: str, url: str, heading: str | None = None) -> None:
    """Log in as `email` and open `url` (a full URL, with the live server's address), whose title holds `heading`,
    if given."""
    log_in(page, live_server, email)
    page.goto(url)
    if heading:
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)


def typed_date(date: datetime.date | None = None) -> str:
    """A date as one types it in a date field (dd-mm-jjjj); today by default."""
    return (date or timezone.localdate()).strftime("%d-%m-%Y")


def submit(page, name: str) -> None:
    """Follow the link `name` to its confirmation page and press the button of the same name there."""
    page.get_by_role("link", name=name).click()
    page.get_by_role("button", name=name).click()


def save(page, button: str, message: str) -> None:
    """Press the form's `button`; the next page confirms with `message`."""
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("status")).to_contain_text(message)


def refused(page, button: str, *messages: str) -> None:
    """Press the form's `button`; the form comes back with the error summary holding every one of `messages`."""
    page.get_by_role("button", name=button).click()
    for message in messages:
        expect(page.get_by_role("alert")).to_contain_text(message)


def decide(page, decision: str, message: str | None = None) -> None:
    """On a review page: choose `decision` ("Goedkeuren", "Terugsturen met opmerkingen") and record it; the next page
    confirms with `message`, if given."""
    page.get_by_label(decision).check()
    if message:
        save(page, "Besluit vastleggen", message)
    else:
        page.get_by_role("button", name="Besluit vastleggen").click()
