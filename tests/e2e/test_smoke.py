import pytest

pytestmark = pytest.mark.e2e


def test_login_page_renders_in_chromium(live_server, page, screenshot):
    response = page.goto(live_server.url + "/inloggen/")

    assert response is not None and response.ok, response and response.status
    assert page.get_by_role("heading", level=1).first.inner_text().strip()
    # The browser's own reading of the field: a duplicated type attribute would make it type="text".
    email = page.locator("form input[name=username]")
    assert email.count() == 1
    assert email.evaluate("input => input.type") == "email", email.evaluate("input => input.outerHTML")
    assert email.is_visible()
    path = screenshot(page, "login")
    assert path.stat().st_size > 0


def test_a_browser_set_to_english_gets_the_dutch_login_page(live_server, browser, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/inloggen/")
        assert page.get_by_role("button", name="Inloggen").is_visible()
        assert page.evaluate("navigator.language") == "en-US"
        screenshot(page, "login-english-browser-390")
    finally:
        context.close()
