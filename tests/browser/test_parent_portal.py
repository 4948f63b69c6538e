"""Parents' portal: a parent sees their own child, reports an absence and asks for leave."""

import datetime
import uuid

import pytest

from tests.browser.conftest import TIMEOUT, wait_web_client
from tests.harness.rpc import OdooClient

pytestmark = pytest.mark.browser


def _weekday_on_or_after(day):
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


@pytest.fixture(scope="module")
def family(odoo_server):
    """Through XML-RPC, as the school would: its own school (company), a class,
    two families, an officer who grants the two mothers a portal login."""
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    today = datetime.date.today()
    # Names unique to the run: the server's database outlives a failed run.
    tag = uuid.uuid4().hex[:6]
    school = "Larch Hill Primary"
    if admin.call("res.company", "search_count", [("name", "=", school)]):
        school += " " + tag
    iso = lambda days: (today + datetime.timedelta(days=days)).isoformat()  # noqa: E731
    company = admin.call(
        "res.company",
        "create",
        {"name": school, "email": "office@larch.example.org"},
    )
    admin.call("res.users", "write", [admin.uid], {"company_ids": [(4, company)]})
    year = admin.call(
        "school.academic.year",
        "create",
        {
            "name": "Portal year",
            "date_start": iso(-120),
            "date_end": iso(200),
            "company_id": company,
        },
    )
    admin.call(
        "school.term",
        "create",
        {
            "name": "Portal term",
            "academic_year_id": year,
            "date_start": iso(-30),
            "date_end": iso(70),
            "company_id": company,
        },
    )
    group = admin.call(
        "school.group", "create", {"name": "Larch (2)", "year_group": "2", "company_id": company}
    )
    pupils, contacts = {}, {}
    for first, last, parent in (("Amira", "Khan", "Sara Khan"), ("Ben", "Lee", "Lily Lee")):
        pupils[first] = admin.call(
            "school.pupil",
            "create",
            {
                "first_name": first,
                "last_name": last,
                "group_id": group,
                "company_id": company,
                "date_admitted": iso(-60),
            },
        )
        login = "%s.%s@larch.example.org" % (parent.lower().replace(" ", "."), tag)
        partner = admin.call(
            "res.partner",
            "create",
            {"name": parent, "email": login, "street": "1 Larch Lane", "zip": "WA1 1AA"},
        )
        contacts[first] = admin.call(
            "school.pupil.contact",
            "create",
            {
                "pupil_id": pupils[first],
                "partner_id": partner,
                "relationship": "mother",
                "has_parental_responsibility": True,
                "lives_with_pupil": True,
                "receives_post": True,
            },
        )
    admin.call(
        "res.users",
        "create",
        {
            "name": "Olive Officer",
            "login": "olive.officer.%s" % tag,
            "password": "olive-pass",
            "email": "olive@larch.example.org",
            "company_id": company,
            "company_ids": [(6, 0, [company])],
            "groups_id": [(6, 0, [admin.ref("school_attendance.group_attendance_officer")])],
        },
    )
    officer = OdooClient(odoo_server.url, odoo_server.db, "olive.officer.%s" % tag, "olive-pass")
    # The registers of the last two weeks up to yesterday, taken by the officer:
    # Amira was ill on the first day and late one morning; everyone else present.
    first_day = _weekday_on_or_after(today - datetime.timedelta(days=14))
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    registers = officer.call(
        "school.attendance.register", "generate_registers", first_day.isoformat(), yesterday
    )
    late_day = _weekday_on_or_after(first_day + datetime.timedelta(days=2)).isoformat()
    codes = {
        code: officer.call("school.attendance.code", "search", [("code", "=", code)])[0]
        for code in ("I", "L")
    }
    for date, periods, code in (
        (first_day.isoformat(), ("am", "pm"), "I"),
        (late_day, ("am",), "L"),
    ):
        marks = officer.call(
            "school.attendance.mark",
            "search",
            [("pupil_id", "=", pupils["Amira"]), ("date", "=", date), ("period", "in", periods)],
        )
        officer.call("school.attendance.mark", "write", marks, {"code_id": codes[code]})
    officer.call("school.attendance.register", "action_mark_all_present", registers)
    officer.call("school.attendance.register", "action_take", registers)
    officer.call("school.pupil.contact", "action_grant_portal_access", list(contacts.values()))
    for contact in contacts.values():
        partner = admin.call("school.pupil.contact", "read", [contact], ["partner_id"])
        user = admin.call("res.users", "search", [("partner_id", "=", partner[0]["partner_id"][0])])
        admin.call("res.users", "write", user, {"password": "portal-pass"})
    logins = {
        "officer": "olive.officer.%s" % tag,
        "Amira": "sara.khan.%s@larch.example.org" % tag,
    }
    return admin, logins, pupils


@pytest.fixture
def portal_login(page, odoo_server):
    def _login(login, password):
        page.goto(odoo_server.url + "/web/session/logout?redirect=/web/login")
        page.goto(odoo_server.url + "/web/login?db=" + odoo_server.db)
        page.fill("input[name=login]", login)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        return page

    return _login


@pytest.fixture
def back_office(browser, odoo_server, family):
    """The officer, logged in to the web client in a browser of their own."""
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(odoo_server.url + "/web/login?db=" + odoo_server.db)
    page.fill("input[name=login]", family[1]["officer"])
    page.fill("input[name=password]", "olive-pass")
    page.click("button[type=submit]")
    wait_web_client(page)
    yield page
    context.close()


def test_parent_sees_only_their_own_child(page, portal_login, odoo_server, family, screenshot_path):
    admin, logins, pupils = family
    portal_login(logins["Amira"], "portal-pass")
    page.wait_for_url("**/my**")
    page.click("a:has-text('Your children')")
    rows = page.locator("tr.o_school_portal_child")
    rows.first.wait_for()
    assert rows.count() == 1
    assert "Amira Khan" in rows.first.inner_text()
    # The percentage the school's own figures give (2 sessions of illness).
    pct = admin.call("school.pupil", "read", [pupils["Amira"]], ["attendance_pct_year"])[0]
    pct = "%.1f%%" % pct["attendance_pct_year"]
    assert pct != "100.0%" and pct in rows.first.inner_text()
    assert "Ben Lee" not in page.content()
    page.click("a:has-text('Amira Khan')")
    page.wait_for_selector(".o_school_portal_attendance")
    assert pct in page.inner_text(".o_school_portal_attendance")
    sessions = page.inner_text("table.o_school_portal_sessions")
    assert "Present (AM)" in sessions and "In school" in sessions
    assert "Illness (I)" in sessions and "Absent, authorised by the school" in sessions
    page.screenshot(path=screenshot_path("portal_child.png"), full_page=True)
    # Another family's child: the portal sends the parent back to their own list.
    page.goto("%s/my/children/%d" % (odoo_server.url, pupils["Ben"]))
    page.wait_for_selector("tr.o_school_portal_child")
    assert "Ben Lee" not in page.content()


def test_parent_reads_how_far_their_child_is_from_each_line(
    page, portal_login, odoo_server, family
):
    admin, logins, pupils = family
    portal_login(logins["Amira"], "portal-pass")
    page.wait_for_url("**/my**")
    page.goto("%s/my/children/%d" % (odoo_server.url, pupils["Amira"]))
    (row,) = admin.call("school.pupil", "get_attendance_foresight", [pupils["Amira"]])
    shown = page.locator(".o_school_portal_foresight li").all_inner_texts()
    # The 96% and 90% lines always; 50% only for a child below 90%.
    below_90 = any(line["line"] == "90" and line["below"] for line in row["lines"])
    assert shown == row["sentences"][: 3 if below_90 else 2]
    assert any("90% (persistent absence)" in sentence for sentence in shown)


def test_reported_absence_reaches_the_office_list(
    page, portal_login, odoo_server, family, back_office
):
    admin, logins, pupils = family
    portal_login(logins["Amira"], "portal-pass")
    page.wait_for_url("**/my**")
    page.goto("%s/my/children/%d" % (odoo_server.url, pupils["Amira"]))
    page.click("a.o_school_portal_report_absence")
    page.wait_for_selector("form.o_school_portal_absence_form")
    day = page.locator("select[name=date] option").last.get_attribute("value")
    page.select_option("select[name=date]", day)
    page.fill("textarea[name=reason]", "Chickenpox, spots since Sunday")
    page.click("form.o_school_portal_absence_form button[type=submit]")
    page.wait_for_selector(".o_school_portal_message")
    assert "Chickenpox" in page.inner_text(".o_school_portal_absence_reports")

    office = back_office
    office.click(".oe_application_menu_placeholder .oe_menu_text:text-is('Attendance')")
    office.click(".oe_secondary_menu a:has-text('Absence Reports from Parents')")
    row = office.locator("tr.o_data_row:has-text('Chickenpox')")
    row.wait_for()
    assert "Amira Khan" in row.inner_text() and "Sara Khan" in row.inner_text()
    row.click()
    office.click(".o_form_statusbar button:has-text('Confirm')")
    office.wait_for_selector(".o_statusbar_status .btn-primary:has-text('Confirmed')")
    marks = admin.call(
        "school.attendance.mark",
        "search_read",
        [("pupil_id", "=", pupils["Amira"]), ("date", "=", day)],
        fields=["code_id"],
    )
    assert len(marks) == 2 and all(m["code_id"][1].startswith("I") for m in marks)


def test_leave_request_submitted_by_parent_is_approved_by_the_officer(
    page, portal_login, odoo_server, family, back_office, screenshot_path
):
    admin, logins, pupils = family
    first_day = _weekday_on_or_after(datetime.date.today() + datetime.timedelta(days=21))
    portal_login(logins["Amira"], "portal-pass")
    page.wait_for_url("**/my**")
    page.goto("%s/my/children/%d/leave" % (odoo_server.url, pupils["Amira"]))
    rule = page.inner_text(".o_school_portal_leave_rule")
    assert "at least 2 weeks before the leave" in rule and "14 days" in rule
    page.fill("input[name=date_from]", first_day.isoformat())
    page.fill("input[name=date_to]", first_day.isoformat())
    page.fill("textarea[name=reason]", "Sister's wedding in Lahore")
    page.screenshot(path=screenshot_path("portal_leave_request.png"), full_page=True)
    page.click("form.o_school_portal_leave_form button[type=submit]")
    page.wait_for_selector(".o_school_portal_message")
    assert "To Decide" in page.inner_text(".o_school_portal_leave_requests")
    request = admin.call(
        "school.leave.request",
        "search_read",
        [("pupil_id", "=", pupils["Amira"])],
        fields=["state", "is_late_request", "requested_by_id"],
    )
    assert len(request) == 1 and request[0]["state"] == "submitted"
    assert not request[0]["is_late_request"]
    assert request[0]["requested_by_id"][1] == "Sara Khan"

    office = back_office
    office.goto(
        "%s/web#id=%d&model=school.leave.request&view_type=form"
        % (odoo_server.url, request[0]["id"])
    )
    office.click(".o_form_button_edit")
    office.check(".o_field_widget[name=is_exceptional] input")
    office.click(".o_form_button_save")
    office.wait_for_selector(".o_form_button_edit")
    office.click(".o_form_statusbar button:has-text('Approve')")
    office.click(".modal-footer button:has-text('Ok')")
    office.wait_for_selector(".o_statusbar_status .btn-primary:has-text('Approved')")

    page.goto("%s/my/children/%d" % (odoo_server.url, pupils["Amira"]))
    assert "Approved" in page.inner_text(".o_school_portal_leave_requests")


def test_parent_reads_the_letters_sent_to_them_as_pdf(page, portal_login, odoo_server, family):
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
            "pupil_ids": [(6, 0, [pupils["Amira"], pupils["Ben"]])],
            "channel": "post",
        },
    )
    officer.call("school.letter.batch", "action_run", [batch])
    letters = officer.call(
        "school.letter",
        "search_read",
        # This batch's letters (an approved leave earlier in the module has its own letter).
        [("pupil_id", "in", [pupils["Amira"], pupils["Ben"]]), ("template_id", "=", template[0])],
        fields=["pupil_id", "state"],
    )
    by_pupil = {letter["pupil_id"][0]: letter["id"] for letter in letters}
    assert len(by_pupil) == 2 and all(letter["state"] == "printed" for letter in letters)

    portal_login(logins["Amira"], "portal-pass")
    page.wait_for_url("**/my**")
    page.goto("%s/my/children/%d" % (odoo_server.url, pupils["Amira"]))
    assert page.locator("tr.o_school_portal_letter").count() == 1
    href = page.get_attribute("tr.o_school_portal_letter a", "href")
    assert href == "/my/letters/%d/pdf" % by_pupil[pupils["Amira"]]
    response = page.request.get(odoo_server.url + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    # The letter to the other family is not found.
    other = page.request.get("%s/my/letters/%d/pdf" % (odoo_server.url, by_pupil[pupils["Ben"]]))
    assert other.status == 404


def test_parent_with_a_child_at_another_school_sees_both(page, portal_login, odoo_server, family):
    """Sara's son Zaid is at Rowan Academy, another school of the trust: her one
    login lists Amira (Larch Hill) and Zaid (Rowan), and still not Ben."""
    admin, logins, pupils = family
    today = datetime.date.today()
    iso = lambda days: (today + datetime.timedelta(days=days)).isoformat()  # noqa: E731
    rowan = admin.call("res.company", "create", {"name": "Rowan Academy %s" % uuid.uuid4().hex[:6]})
    year = admin.call(
        "school.academic.year",
        "create",
        {"name": "Rowan year", "date_start": iso(-120), "date_end": iso(200), "company_id": rowan},
    )
    admin.call(
        "school.term",
        "create",
        {
            "name": "Rowan term",
            "academic_year_id": year,
            "date_start": iso(-30),
            "date_end": iso(70),
            "company_id": rowan,
        },
    )
    group = admin.call(
        "school.group", "create", {"name": "Rowan (5)", "year_group": "5", "company_id": rowan}
    )
    zaid = admin.call(
        "school.pupil",
        "create",
        {
            "first_name": "Zaid",
            "last_name": "Khan",
            "group_id": group,
            "company_id": rowan,
            "date_admitted": iso(-60),
        },
    )
    sara = admin.call("res.partner", "search", [("email", "=", logins["Amira"])])[0]
    contact = admin.call(
        "school.pupil.contact",
        "create",
        {
            "pupil_id": zaid,
            "partner_id": sara,
            "relationship": "mother",
            "has_parental_responsibility": True,
        },
    )
    try:
        portal_login(logins["Amira"], "portal-pass")
        page.wait_for_url("**/my**")
        page.click("a:has-text('Your children')")
        rows = page.locator("tr.o_school_portal_child")
        rows.first.wait_for()
        assert rows.count() == 2
        listed = page.inner_text("table.o_school_portal_children_table")
        assert "Amira Khan" in listed and "Larch Hill Primary" in listed
        assert "Zaid Khan" in listed and "Rowan Academy" in listed
        assert "Ben Lee" not in page.content()
        page.click("a:has-text('Zaid Khan')")
        page.wait_for_selector(".o_school_portal_attendance")
        assert "Rowan Academy" in page.content()
    finally:
        # The module's other tests count Sara's children: one.
        admin.call("school.pupil.contact", "unlink", [contact])


# A 1x1 PNG: the school's logo on the portal.
LOGO = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_portal_on_a_phone_names_the_school_and_the_heads_answer(
    browser, odoo_server, family, screenshot_path
):
    """At 390 px wide nothing overflows the screen; the page shows the school's name and
    logo, DD/MM/YYYY dates, and the reason the head gave for refusing a leave."""
    admin, logins, pupils = family
    officer = OdooClient(odoo_server.url, odoo_server.db, logins["officer"], "olive-pass")
    pupil = admin.call("school.pupil", "read", [pupils["Amira"]], ["company_id"])[0]
    admin.call("res.company", "write", [pupil["company_id"][0]], {"logo": LOGO})
    contact = admin.call(
        "school.pupil.contact",
        "search",
        [("pupil_id", "=", pupils["Amira"]), ("partner_id.name", "=", "Sara Khan")],
    )
    first_day = _weekday_on_or_after(datetime.date.today() + datetime.timedelta(days=60))
    leave = officer.call(
        "school.leave.request",
        "create",
        {
            "pupil_id": pupils["Amira"],
            "requested_by_id": contact[0],
            "date_from": first_day.isoformat(),
            "date_to": first_day.isoformat(),
            "reason": "Cousin's birthday party",
        },
    )
    officer.call("school.leave.request", "action_submit", [leave])
    officer.call(
        "school.leave.request",
        "write",
        [leave],
        {"decision_reason": "A birthday party is not an exceptional circumstance."},
    )
    officer.call("school.leave.request", "action_refuse", [leave])

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(30000)
    try:
        page.goto(odoo_server.url + "/web/login?db=" + odoo_server.db)
        page.fill("input[name=login]", logins["Amira"])
        page.fill("input[name=password]", "portal-pass")
        page.click("button[type=submit]")
        page.wait_for_url("**/my**")
        page.goto("%s/my/children/%d" % (odoo_server.url, pupils["Amira"]))
        page.wait_for_selector(".o_school_portal_attendance")
        assert "Larch Hill Primary" in page.inner_text(".o_school_portal_school")
        assert page.locator("img.o_school_portal_logo").is_visible()
        answers = page.inner_text(".o_school_portal_leave_requests")
        assert "Refused" in answers
        assert "A birthday party is not an exceptional circumstance." in answers
        # Dates as an English school writes them: DD/MM/YYYY.
        assert first_day.strftime("%d/%m/%Y") in answers
        page.screenshot(path=screenshot_path("portal_phone.png"), full_page=True)
        for path in ("/my/children", "/my/children/%d" % pupils["Amira"]):
            page.goto(odoo_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, "%s is %d px wide on a 390 px phone" % (path, width)
    finally:
        context.close()
