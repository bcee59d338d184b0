"""Our validation, not the browser's: every form leaves checking to the server, so that an empty submit shows the
Dutch error summary instead of the browser's own bubble in the browser's language."""

import re

import pytest

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import SchoolFactory, UserFactory


@pytest.mark.parametrize(
    "url",
    [
        "/scholen/nieuw/",
        "/besturen/nieuw/",
        "/import/nieuw/",
        "/trajecten/aanmelden/",
        "/scholen/",
        "/trajecten/",
    ],
)
def test_every_form_on_the_page_leaves_validation_to_the_server(client, db, url):
    SchoolFactory()  # a school to register, so that the registration page shows its form
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF, is_staff=True))
    html = client.get(url).content.decode()
    forms = re.findall(r"<form\b[^>]*>", html)
    page_forms = [form for form in forms if "logout" not in form and "uitloggen" not in form]

    assert page_forms, f"no form on {url}"
    assert all("novalidate" in form for form in page_forms), page_forms
