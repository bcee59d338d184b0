"""In the browser, on the demo data: the municipality lands on a start page with its money, opens the finance
overview, reads the programme's totals and the budgets per school, and narrows them down to the committed money of
one stadsdeel; the demo board sees its own schools' budgets only."""

import re

import pytest
from playwright.sync_api import expect

from monitoring.demo import seed_demo
from tests.e2e.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MONEY = re.compile(r"^€\s[\d.]+,\d\d$")


@pytest.fixture
def demo(db):
    seed_demo()


def test_the_municipality_reads_committed_and_planned_money(live_server, page, screenshot, demo):
    log_in(page, live_server, "gemeente@kwaliteitsaanpak.example")

    # The start page shows the municipality's money and leads to the overview.
    totals = page.get_by_test_id("home-finance-totals")
    expect(totals).to_contain_text("Toegezegd")
    expect(totals).to_contain_text("Gepland")
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Financiën"))
    expect(card).to_contain_text("hoeveel geld de gemeente heeft toegezegd")
    screenshot(page, "finance-overview-home-municipality")

    card.get_by_role("link", name="Financiën").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Financiën")
    expect(page.get_by_test_id("result-count")).to_have_text("21 begrotingen")
    committed = page.get_by_test_id("total-committed").inner_text()
    assert MONEY.match(committed.replace("\u00a0", " ")), committed
    expect(page.get_by_text("pas toegezegd als de expertgroep")).to_be_visible()
    # Every status of the budgets that count now, as tags with a word; the board's revision is marked.
    table = page.locator("table")
    for status in ("Goedgekeurd", "Ingediend", "Teruggestuurd", "Concept"):
        expect(table.locator(".tag", has_text=status).first).to_be_visible()
    expect(table.get_by_text("Herziening in voorbereiding")).to_be_visible()
    # The municipality reads totals only: no link to a budget it may not open.
    expect(table.get_by_role("link", name="SBO De Zonnewijzer")).to_have_count(0)
    expect(table.get_by_role("cell", name="SBO De Zonnewijzer")).to_be_visible()
    screenshot(page, "finance-overview-municipality")

    # Only the committed money, then sorted by what was spent, most first.
    page.get_by_label("Geld van de gemeente").select_option(label="Toegezegd")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_test_id("result-count")).to_have_text("16 begrotingen")
    expect(page.get_by_role("heading", name="Totalen van de begrotingen hieronder")).to_be_visible()
    expect(page.get_by_test_id("total-planned")).to_have_text("€\u00a00,00")
    assert page.get_by_test_id("total-committed").inner_text() == committed
    page.locator("th", has_text="Besteed").get_by_role("link").click()
    expect(page.locator("th.asc")).to_contain_text("Besteed")
    page.locator("th", has_text="Besteed").get_by_role("link").click()
    expect(page.locator("th.desc")).to_contain_text("Besteed")
    screenshot(page, "finance-overview-municipality-committed")


def test_the_demo_board_sees_its_own_budgets(live_server, page, screenshot, demo):
    log_in(page, live_server, "bestuur@kwaliteitsaanpak.example")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Financiën").click()

    expect(page.get_by_test_id("result-count")).to_have_text("3 begrotingen")
    expect(page.get_by_label("Schoolbestuur")).to_have_count(0)  # only its own board: nothing to choose
    expect(page.get_by_test_id("total-expert-costs")).to_have_count(0)
    expect(page.locator("table").get_by_role("link", name="SBO De Zonnewijzer")).to_be_visible()
    screenshot(page, "finance-overview-board")
