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


TIMEOUT = 90000  # ms

# The web client is idle: no RPC in flight (Odoo puts ``oe_wait`` on the body
# while one runs) and the page not blocked (after 3 s of a pending RPC, Odoo
# lays the ``blockUI`` overlay over the page, which swallows raw mouse events).
IDLE = """() => !document.body.classList.contains('oe_wait')
    && !document.body.classList.contains('o_ui_blocked')
    && !document.querySelector('.blockUI')"""


def wait_web_client(page):
    """After logging in: the web client shows its home action and is idle.

    The menus are in the page's HTML, so they show before the client runs; a
    test that went on at once would race the home action, whose late answer
    replaces whatever the test opened.
    """
    page.wait_for_selector("#oe_main_menu_navbar .oe_application_menu_placeholder > li")
    page.wait_for_selector(".o_main_content .o_content > *")
    wait_idle(page)


def wait_idle(page):
    """Wait until the web client has no RPC running and nothing blocks the page.

    Playwright's clicks wait for their target to take the click, but raw mouse
    events (a drag) and reads of what the page shows need the client settled.
    """
    page.wait_for_function(IDLE)


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
    # Every wait is on a state; this is only the ceiling, for a loaded machine.
    page.set_default_timeout(TIMEOUT)
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
        wait_web_client(page)
        return page

    return _login


@pytest.fixture
def screenshot_path():
    os.makedirs(SCREENSHOTS, exist_ok=True)
    return lambda name: os.path.join(SCREENSHOTS, name)
