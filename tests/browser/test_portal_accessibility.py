"""The parents' portal meets WCAG 2.2 AA: axe finds no serious or critical violation on any
``/my`` page, the pages reflow on a 320-px screen and at 200% zoom, errors are tied to their
fields, and a parent reports an absence and asks for leave with the keyboard alone."""

import datetime

import pytest

from tests.browser.a11y import assert_accessible, axe_violations, describe, horizontal_overflow
from tests.browser.conftest import TIMEOUT
from tests.browser.test_parent_portal import _weekday_on_or_after, family  # noqa: F401
from tests.harness.rpc import OdooClient

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def documents(odoo_server, family):  # noqa: F811
    """Amira's page shows every kind of document: a letter, a notice to improve, a leave
    request and an absence report (the tables axe must see, not empty placeholders)."""
    admin, logins, pupils = family
    officer = OdooClient(odoo_server.url, odoo_server.db, logins["officer"], "olive-pass")
    template = officer.call(
        "school.letter.template", "search", [("kind", "=", "warning_96")], limit=1
    )
    batch = officer.call(
        "school.letter.batch",
        "create",
        {
            "mode": "pupils",
            "template_id": template[0],
            "pupil_ids": [(6, 0, [pupils["Amira"]])],
            "channel": "post",
        },
    )
    officer.call("school.letter.batch", "action_run", [batch])
    sara = admin.call("res.partner", "search", [("email", "=", logins["Amira"])])[0]
    nti = admin.call(
        "school.notice.to.improve",
        "create",
        {
            "pupil_id": pupils["Amira"],
            "partner_id": sara,
            "date_issued": datetime.date.today().isoformat(),
            "weeks": 3,
            "offence_details": "Sessions of unauthorised absence this term.",
            "support_provided": "A meeting with the attendance officer.",
            "support_offered": "Breakfast club.",
            "expected_improvement": "No unauthorised absence.",
        },
    )
    admin.call("school.notice.to.improve", "action_issue", [nti])
    contact = admin.call(
        "school.pupil.contact",
        "search",
        [("pupil_id", "=", pupils["Amira"]), ("partner_id", "=", sara)],
    )
    first_day = _weekday_on_or_after(datetime.date.today() + datetime.timedelta(days=30))
    leave = officer.call(
        "school.leave.request",
        "create",
        {
            "pupil_id": pupils["Amira"],
            "requested_by_id": contact[0],
            "date_from": first_day.isoformat(),
            "date_to": first_day.isoformat(),
            "reason": "A family funeral abroad",
        },
    )
    officer.call("school.leave.request", "action_submit", [leave])
    return family


def _portal_page(browser, odoo_server, login, **context):
    context = browser.new_context(locale="en-GB", **context)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(odoo_server.url + "/web/login?db=" + odoo_server.db)
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "portal-pass")
    page.click("button[type=submit]")
    page.wait_for_url("**/my**")
    return context, page


def _my_pages(pupils):
    amira = pupils["Amira"]
    return [
        ("/my", "ul.o_portal_docs"),
        ("/my/children", "table.o_school_portal_children_table"),
        ("/my/children/%d" % amira, ".o_school_portal_letters"),
        ("/my/children/%d?year=1" % amira, "table.o_school_portal_sessions"),
        ("/my/children/%d/absence" % amira, "form.o_school_portal_absence_form"),
        ("/my/children/%d/leave" % amira, "form.o_school_portal_leave_form"),
    ]


def test_every_my_page_passes_axe(browser, odoo_server, documents):
    admin, logins, pupils = documents
    context, page = _portal_page(browser, odoo_server, logins["Amira"])
    found = []
    try:
        for path, shown in _my_pages(pupils):
            page.goto(odoo_server.url + path)
            page.wait_for_selector(shown)
            if "/my/children/%d" % pupils["Amira"] == path:
                # Every kind of document is on the page axe reads.
                for kind in ("letters", "improvement_notices", "leave_requests"):
                    page.wait_for_selector(".o_school_portal_%s table" % kind)
            violations = axe_violations(page)
            if violations:
                found.append("%s:\n%s" % (path, describe(violations)))
    finally:
        context.close()
    assert not found, "WCAG 2.2 AA violations:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "window",
    [
        # A 320-px phone (WCAG 1.4.10 reflow).
        {"viewport": {"width": 320, "height": 640}},
        # A 1280-px screen zoomed to 200%: 640 CSS pixels at twice the density.
        {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
    ],
    ids=["320px", "zoom200"],
)
def test_pages_reflow_without_horizontal_scrolling(browser, odoo_server, documents, window):
    admin, logins, pupils = documents
    context, page = _portal_page(browser, odoo_server, logins["Amira"], **window)
    try:
        for path, shown in _my_pages(pupils):
            page.goto(odoo_server.url + path)
            page.wait_for_selector(shown)
            overflow = horizontal_overflow(page)
            assert overflow <= 0, "%s scrolls sideways by %d px at %s" % (
                path,
                overflow,
                window,
            )
    finally:
        context.close()


def test_an_error_is_tied_to_its_field(browser, odoo_server, documents):
    """A leave ending before it starts: the message is read out with the field it is about."""
    admin, logins, pupils = documents
    context, page = _portal_page(browser, odoo_server, logins["Amira"])
    try:
        page.goto("%s/my/children/%d/leave" % (odoo_server.url, pupils["Amira"]))
        later = _weekday_on_or_after(datetime.date.today() + datetime.timedelta(days=40))
        earlier = later - datetime.timedelta(days=7)
        page.fill("input[name=date_from]", later.isoformat())
        page.fill("input[name=date_to]", earlier.isoformat())
        page.fill("textarea[name=reason]", "A wedding")
        page.click("form.o_school_portal_leave_form button[type=submit]")
        error = page.locator(".o_school_portal_error")
        error.wait_for()
        error_id = error.get_attribute("id")
        assert error_id and error.get_attribute("role") == "alert"
        field = page.locator("[aria-invalid=true]")
        assert field.count() == 1
        assert error_id in field.get_attribute("aria-describedby").split()
        assert field.get_attribute("name") in ("date_from", "date_to")
        assert_accessible(page)
    finally:
        context.close()


def test_a_malformed_date_is_refused_with_a_message_on_its_field(browser, odoo_server, documents):
    """A browser without a date picker sends what the parent typed: a year of five digits
    answered a server error page; it gets the form back, the message on the field."""
    admin, logins, pupils = documents
    context, page = _portal_page(browser, odoo_server, logins["Amira"])
    try:
        page.goto("%s/my/children/%d/leave" % (odoo_server.url, pupils["Amira"]))
        # A plain text box, as an old browser shows a date field.
        page.evaluate("document.querySelector('input[name=date_from]').type = 'text'")
        page.fill("input[name=date_from]", "12027-02-2")
        page.fill("textarea[name=reason]", "A wedding")
        page.click("form.o_school_portal_leave_form button[type=submit]")
        error = page.locator(".o_school_portal_error")
        error.wait_for()
        assert "First day of leave" in error.inner_text()
        assert page.get_attribute("input[name=date_from]", "aria-invalid") == "true"
        assert not admin.call(
            "school.leave.request",
            "search",
            [("pupil_id", "=", pupils["Amira"]), ("reason", "=", "A wedding")],
        )
    finally:
        context.close()


def _date_order(browser):
    """The order in which this browser's date fields take their parts, e.g. month first.

    A date field's parts follow the browser's own language, not the page's: found once
    by typing into a bare date field.
    """
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content("<input type='date' id='probe'>")
        page.focus("#probe")
        page.keyboard.type("01022030")
        probe = page.input_value("#probe")
    finally:
        context.close()
    orders = {"2030-01-02": "%m%d%Y", "2030-02-01": "%d%m%Y"}
    assert probe in orders, "unknown date field order: typed 01022030, got %r" % probe
    return orders[probe]


def _tab_to(page, selector, limit=60):
    """Press Tab until the focus is on ``selector`` (a state, not a wait on time)."""
    for _step in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError("Tab never reached %s" % selector)


def _sent(page):
    """After a form is sent: the thank-you message, or the error the school answered."""
    page.wait_for_selector(".o_school_portal_message, .o_school_portal_error")
    errors = page.locator(".o_school_portal_error")
    assert not errors.count(), "the school refused: %s" % errors.inner_text()


def test_absence_report_and_leave_request_with_the_keyboard_alone(browser, odoo_server, documents):
    admin, logins, pupils = documents
    context, page = _portal_page(browser, odoo_server, logins["Amira"])
    try:
        # From the portal's home page: Tab to the children, Enter, and so on.
        page.goto(odoo_server.url + "/my")
        _tab_to(page, "a[href='/my/children']")
        page.keyboard.press("Enter")
        page.wait_for_url("**/my/children")
        _tab_to(page, "a[href='/my/children/%d']" % pupils["Amira"])
        page.keyboard.press("Enter")
        page.wait_for_selector(".o_school_portal_attendance")
        _tab_to(page, "a.o_school_portal_report_absence")
        page.keyboard.press("Enter")
        page.wait_for_selector("form.o_school_portal_absence_form")
        _tab_to(page, "select[name=date]")
        page.keyboard.press("End")
        day = page.evaluate("document.activeElement.value")
        _tab_to(page, "select[name=period]")
        page.keyboard.press("ArrowDown")
        _tab_to(page, "textarea[name=reason]")
        page.keyboard.type("Dentist in the morning")
        _tab_to(page, "form.o_school_portal_absence_form button[type=submit]")
        page.keyboard.press("Enter")
        _sent(page)
        assert "Dentist in the morning" in page.inner_text(".o_school_portal_absence_reports")
        report = admin.call(
            "school.absence.report",
            "search_read",
            [("pupil_id", "=", pupils["Amira"]), ("reason", "=", "Dentist in the morning")],
            fields=["date", "period"],
        )
        assert [(r["date"], r["period"]) for r in report] == [(day, "am")]

        # The leave request, from the same page.
        _tab_to(page, "a.o_school_portal_request_leave")
        page.keyboard.press("Enter")
        page.wait_for_selector("form.o_school_portal_leave_form")
        first_day = _weekday_on_or_after(datetime.date.today() + datetime.timedelta(days=50))
        typed = first_day.strftime(_date_order(browser))
        for name in ("date_from", "date_to"):
            _tab_to(page, "input[name=%s]" % name)
            page.keyboard.type(typed)
            assert page.input_value("input[name=%s]" % name) == first_day.isoformat()
        _tab_to(page, "textarea[name=reason]")
        page.keyboard.type("Grandmother's ninetieth birthday")
        _tab_to(page, "form.o_school_portal_leave_form button[type=submit]")
        page.keyboard.press("Enter")
        _sent(page)
        leave = admin.call(
            "school.leave.request",
            "search_read",
            [("pupil_id", "=", pupils["Amira"]), ("reason", "like", "ninetieth")],
            fields=["date_from", "date_to", "state"],
        )
        assert [(r["date_from"], r["date_to"], r["state"]) for r in leave] == [
            (first_day.isoformat(), first_day.isoformat(), "submitted")
        ]
    finally:
        context.close()
