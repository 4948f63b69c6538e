import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The machines have no network: stop Chromium calling out at start-up.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    "var",
    "screenshots",
)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page
    # What the page showed at the end, kept for a failing test's reader.
    os.makedirs(SCREENSHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SCREENSHOTS, "last-%s.png" % request.node.name))
    context.close()


@pytest.fixture
def login(page, odoo_server):
    """Log in through the real login form and land in the web client."""

    def _login(user="admin", password="admin"):
        page.goto(odoo_server.url + "/web/login?db=" + odoo_server.db)
        page.fill("input[name=login]", user)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_selector("#oe_main_menu_navbar .oe_application_menu_placeholder > li")
        return page

    return _login


@pytest.fixture
def screenshot_path():
    os.makedirs(SCREENSHOTS, exist_ok=True)
    return lambda name: os.path.join(SCREENSHOTS, name)
