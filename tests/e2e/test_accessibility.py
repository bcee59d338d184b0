"""In the browser, on the demo data: what the accessibility checks of every browser test rest on, and the pages around
the edges. axe-core finds a violation when there is one; the main menu's links get the strong focus ring; at 390 px a
list shows its key columns and its results first, with the filters behind a "Filters" button, and a board user sees
no board filter or column; the 403, 404 pages are Dutch (axe checks each page, as in every browser test)."""

import re

import pytest
from playwright.sync_api import expect

from monitoring.demo import seed_demo
from tests.e2e.browser import AxeChecker, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(db):
    seed_demo()


def test_axe_reports_a_serious_violation_with_the_page_rule_and_element(live_server, page):
    page.goto(live_server.url + "/inloggen/")
    page.evaluate(
        """() => {
            const image = document.createElement("img");
            image.src = "/static/kwaliteitsaanpak/site.css";
            image.id = "no-alt";
            document.querySelector("main").append(image);
        }"""
    )

    axe = AxeChecker(page)
    axe.check()

    assert list(axe.violations) == [(page.url, "image-alt")]
    report = axe.report()
    assert "critical image-alt: Images must have alternative text" in report
    assert '#no-alt: <img src="/static/kwaliteitsaanpak/site.css" id="no-alt">' in report


def test_the_main_menu_links_get_the_strong_focus_ring(live_server, page, screenshot, demo):
    log_in(page, live_server, "dmo@kwaliteitsaanpak.example")
    menu_link = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Scholen")

    menu_link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard: :focus-visible

    style = menu_link.evaluate(
        "link => { const s = getComputedStyle(link); return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow]; }"
    )
    assert style[:3] == ["solid", "3px", "rgb(255, 191, 71)"], style
    assert style[3] == "rgb(26, 26, 26) 0px 0px 0px 6px", style  # a dark ring around the yellow
    screenshot(page, "a11y-menu-focus")


def test_at_390_px_the_trajectory_list_shows_its_results_first(live_server, page, screenshot, demo):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "dmo@kwaliteitsaanpak.example")
    page.goto(live_server.url + "/trajecten/")

    toggle = page.get_by_role("button", name="Filters")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Fase", exact=True)).to_be_hidden()
    table = page.locator("main table")
    box = table.bounding_box()
    assert box is not None and box["y"] < PHONE["height"], box  # the results start on the first screen
    headers = [header.strip() for header in table.locator("thead th:visible").all_inner_texts()]
    assert headers[:2] == ["School", "Fase"], headers
    assert "Schoolbestuur" not in headers and "Stadsdeel" not in headers
    # Nothing is cut off: the visible columns fit the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "a11y-trajectories-390")

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label("Fase", exact=True)).to_be_visible()
    screenshot(page, "a11y-trajectories-390-filters")

    # On a wide screen the panel is open and every column is there.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    expect(page.get_by_role("button", name="Filters")).to_be_hidden()
    expect(page.get_by_label("Fase", exact=True)).to_be_visible()
    expect(page.locator("main table thead")).to_contain_text("Schoolbestuur")


def test_a_board_user_gets_no_board_filter_or_column(live_server, page, screenshot, demo):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "bestuur@kwaliteitsaanpak.example")

    for path, name in (
        ("/trajecten/", "trajectories"),
        ("/scholen/", "schools"),
        ("/financien/", "finances"),
    ):
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + path)
        screenshot(page, f"a11y-board-{name}-390-first-screen")
        if path == "/financien/":  # the key figures stay compact: the first budget row is on the first screen
            expect(page.locator("main table tbody tr").first).to_be_in_viewport()
        page.get_by_role("button", name="Filters").click()
        expect(page.locator("#filter-panel")).to_have_class(re.compile(r"\bshow\b"))
        screenshot(page, f"a11y-board-{name}-390")
        page.set_viewport_size({"width": 1280, "height": 900})
        expect(page.locator("main table")).to_be_visible()
        main = page.locator("main")
        expect(main.get_by_label("Schoolbestuur")).to_have_count(0)
        expect(main.locator("thead")).not_to_contain_text("Schoolbestuur")
        screenshot(page, f"a11y-board-{name}")


def test_the_404_and_403_pages_are_dutch_and_pass_axe(live_server, page, screenshot, demo):
    log_in(page, live_server, "expert@kwaliteitsaanpak.example")

    response = page.goto(live_server.url + "/bestaat-niet/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    page.get_by_role("link", name="bekijk uw taken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("taken")
    page.go_back()
    screenshot(page, "a11y-404")

    response = page.goto(live_server.url + "/uitvoering/audits/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang tot deze pagina")
    page.set_viewport_size(PHONE)
    screenshot(page, "a11y-403-390")
    page.wait_for_load_state("networkidle")  # no request left running when the test database is emptied
