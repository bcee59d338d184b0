"""In the browser: the Inspectie corrects a recorded verdict. Found by fuzzing the forms: saving this page answered
a server error on every save (the judgement's field `verdict` clashed with the service's record) and on an emptied
date (the title read the date the form had just emptied)."""

import datetime

import pytest
from playwright.sync_api import expect

from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import Verdict
from schools.models import InspectionVerdict
from tests.e2e.steps import open_as, refused, save
from tests.factories import InspectionVerdictFactory, SchoolFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_inspector_corrects_a_verdict_after_an_emptied_date(live_server, page, screenshot, db):
    UserFactory(role=Role.INSPECTION, email="inspectie@example.nl")
    verdict = InspectionVerdictFactory(
        school=SchoolFactory(name="Basisschool De Kompasroos"),
        date=datetime.date(2007, 10, 1),
        verdict=Verdict.WEAK,
    )
    open_as(
        page,
        live_server,
        "inspectie@example.nl",
        f"{live_server.url}/oordelen/{verdict.pk}/wijzigen/",
        "Oordeel van 01-10-2007",
    )

    # An emptied date: explained, and the title still names the stored date.
    page.get_by_label("Datum van het oordeel").fill("")
    refused(page, "Oordeel opslaan", "Er is een probleem")
    expect(page.get_by_role("heading", level=1)).to_contain_text("01-10-2007")
    screenshot(page, "verdict-change-errors")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "verdict-change-errors-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Datum van het oordeel").fill("02-10-2007")
    page.get_by_label("Zeer zwak", exact=True).check()
    save(page, "Oordeel opslaan", "Het oordeel is gewijzigd.")
    verdict.refresh_from_db()
    assert (verdict.date, verdict.verdict) == (datetime.date(2007, 10, 2), Verdict.VERY_WEAK)
    assert InspectionVerdict.objects.count() == 1
    screenshot(page, "verdict-change-saved")
