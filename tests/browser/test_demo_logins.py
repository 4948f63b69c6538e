"""The demo's logins: each role lands on its own first screen, the parents on the portal."""

import datetime
import uuid

import pytest

from tests.harness.rpc import OdooClient

pytestmark = pytest.mark.browser

#: login -> the title of the first screen (README "Demo logins").
FIRST_SCREENS = {
    "teacher": "Today's Registers",
    "officer": "My Cases Today",
    "manager": "Attendance Cases",
    "trust": "Attendance by School",
    "finance": "Penalty Notices",
}


@pytest.fixture(scope="module")
def demo_school(odoo_server):
    """A small demo school (8 pupils, the first days of this school year) on a new company.

    Outside the main company the demo's logins are prefixed with ``c<company id>.``.
    """
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    company = admin.call("res.company", "create", {"name": "Demo Logins %s" % uuid.uuid4().hex[:6]})
    today = datetime.date.today()
    start_year = today.year if today.month >= 9 else today.year - 1
    until = min(datetime.date(start_year, 9, 12), today - datetime.timedelta(days=1))
    admin.call(
        "school.demo", "ensure_demo_school", pupils=8, until=until.isoformat(), company=company
    )
    return "c%d." % company


def _log_in(page, odoo_server, login):
    page.goto(odoo_server.url + "/web/session/logout?redirect=/web/login")
    page.goto(odoo_server.url + "/web/login?db=" + odoo_server.db)
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", login.split(".", 1)[1])
    page.click("button[type=submit]")


@pytest.mark.parametrize("role", sorted(FIRST_SCREENS))
def test_staff_land_on_their_first_screen(page, odoo_server, demo_school, role):
    _log_in(page, odoo_server, demo_school + role)
    title = page.locator(".o_control_panel .breadcrumb li.active")
    title.wait_for()
    assert title.inner_text().strip() == FIRST_SCREENS[role]
    assert "Discuss" not in title.inner_text()


@pytest.mark.parametrize("parent", ["parent1", "parent2"])
def test_parents_land_on_the_portal(page, odoo_server, demo_school, parent):
    _log_in(page, odoo_server, demo_school + parent)
    page.wait_for_url("**/my**")
    page.click("a:has-text('Your children')")
    assert page.locator("tr.o_school_portal_child").count() >= 1
