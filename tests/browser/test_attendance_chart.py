"""Attendance over time in the web client, and the census export from a term.

The pupil form draws the pupil's weekly attendance with the school's band lines; the officer's
dashboard draws the school and its groups; a term's Census export button downloads the CSV.
"""

import datetime
import uuid

import pytest

from tests.harness.rpc import OdooClient

pytestmark = pytest.mark.browser

# Absent sessions (of 10) in each of 12 weeks; week 6 is a half-term week with no session.
ABSENT = [0, 1, 0, 2, 1, None, 3, 4, 2, 1, 0, 1]
ABSENCE_CODES = ["I", "N", "O", "G"]


@pytest.fixture(scope="module")
def pupil_with_term(odoo_server):
    """Over XML-RPC: a school, a 12-week term ending last Friday, one pupil's marks."""
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    today = datetime.date.today()
    last_monday = today - datetime.timedelta(days=today.weekday())
    start = last_monday - datetime.timedelta(weeks=12)
    end = last_monday - datetime.timedelta(days=3)
    run = uuid.uuid4().hex[:6]  # company names and logins are unique: runs on one database
    company = admin.call("res.company", "create", {"name": "Chart Browser Academy " + run})
    year = admin.call(
        "school.academic.year",
        "create",
        {
            "name": "Chart year",
            "date_start": (start - datetime.timedelta(days=7)).isoformat(),
            "date_end": (today + datetime.timedelta(days=200)).isoformat(),
            "company_id": company,
        },
    )
    half_term = start + datetime.timedelta(weeks=5)
    admin.call(
        "school.closure",
        "create",
        {
            "name": "Half term",
            "date_from": half_term.isoformat(),
            "date_to": (half_term + datetime.timedelta(days=4)).isoformat(),
            "period": "both",
            "kind": "closure",
            "company_id": company,
        },
    )
    term = admin.call(
        "school.term",
        "create",
        {
            "name": "Chart term",
            "academic_year_id": year,
            "date_start": start.isoformat(),
            "date_end": end.isoformat(),
        },
    )
    admin.call(
        "res.users",
        "create",
        {
            "name": "Chart Officer",
            "login": "chart.officer." + run,
            "password": "chart-pass",
            "company_id": company,
            "company_ids": [(6, 0, [company])],
            "groups_id": [(6, 0, [admin.ref("school_attendance.group_attendance_officer")])],
        },
    )
    group = admin.call(
        "school.group", "create", {"name": "6C", "year_group": "6", "company_id": company}
    )
    pupil = admin.call(
        "school.pupil",
        "create",
        {
            "first_name": "Leila",
            "last_name": "Hart",
            "group_id": group,
            "company_id": company,
            "date_admitted": start.isoformat(),
        },
    )
    officer = OdooClient(odoo_server.url, odoo_server.db, "chart.officer." + run, "chart-pass")
    officer.call(
        "school.attendance.register", "generate_registers", start.isoformat(), end.isoformat()
    )
    marks = officer.call(
        "school.attendance.mark",
        "search_read",
        [("pupil_id", "=", pupil)],
        fields=["date", "period"],
        order="date, period",
    )
    codes = {
        row["code"]: row["id"]
        for row in admin.call("school.attendance.code", "search_read", [], fields=["code"])
    }
    by_code = {}
    for mark in marks:
        day = datetime.date.fromisoformat(mark["date"])
        week = (day - start).days // 7
        index = ((day.weekday()) * 2) + (mark["period"] == "pm")
        if index < ABSENT[week]:
            code = ABSENCE_CODES[index % len(ABSENCE_CODES)]
        else:
            code = "/" if mark["period"] == "am" else "\\"
        by_code.setdefault(code, []).append(mark["id"])
    for code, ids in by_code.items():
        officer.call("school.attendance.mark", "write", ids, {"code_id": codes[code]})
    return {"pupil": pupil, "term": term, "officer": ("chart.officer." + run, "chart-pass")}


def test_pupil_form_shows_weekly_attendance_with_band_lines(
    login, page, odoo_server, pupil_with_term, screenshot_path
):
    login()
    url = "%s/web#id=%d&model=school.pupil&view_type=form"
    page.goto(url % (odoo_server.url, pupil_with_term["pupil"]))
    page.click(".o_notebook .nav-tabs a:text-is('Attendance')")
    chart = page.locator(".o_school_attendance_chart_field svg.o_school_attendance_chart")
    chart.wait_for()
    # 11 school weeks (the half term has none), one point each.
    points = chart.locator("polyline.o_attendance_line").get_attribute("points").split()
    assert len(points) == 11
    # The default bands' lower bounds: 98, 95, 92 and 90%.
    lines = chart.locator("line.o_band_line")
    assert lines.count() == 4
    assert [lines.nth(i).get_attribute("data-min-pct") for i in range(4)] == [
        "98.0",
        "95.0",
        "92.0",
        "90.0",
    ]
    assert "90% - 91.9%" in chart.inner_html()
    chart.evaluate("svg => svg.scrollIntoView({block: 'center'})")
    # The README's picture (docs/images/pupil_attendance_chart.png) is this screenshot.
    page.screenshot(path=screenshot_path("pupil_attendance_chart.png"))


def test_officer_dashboard_draws_school_and_groups(login, page, odoo_server, pupil_with_term):
    login(*pupil_with_term["officer"])
    page.click(".oe_application_menu_placeholder .oe_menu_text:text-is('Attendance')")
    page.click(".o_sub_menu a:has-text('Attendance Over Time')")
    charts = page.locator(".o_school_attendance_chart_field svg.o_school_attendance_chart")
    charts.first.wait_for()
    # The school, then its one group (6C): the same marks, so the same 11 weekly points.
    assert charts.count() == 2
    for index in range(2):
        points = charts.nth(index).locator("polyline").get_attribute("points").split()
        assert len(points) == 11
    assert "6C" in page.locator(".o_school_group_chart h3").inner_text()


def test_officer_downloads_census_export_of_a_term(login, page, odoo_server, pupil_with_term):
    login(*pupil_with_term["officer"])
    url = "%s/web#id=%d&model=school.term&view_type=form"
    page.goto(url % (odoo_server.url, pupil_with_term["term"]))
    page.click(".o_form_statusbar button:has-text('Census export')")
    dialog = page.locator(".modal-dialog:has-text('Export Attendance Data')")
    dialog.wait_for()
    with page.expect_download() as download:
        dialog.locator("button:has-text('Export CSV')").click()
    lines = open(download.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0].startswith("UPN,Surname,Forename,DOB,Sex,NCYearActual,RegGroup")
    # Leila has no date of birth, so she is listed whatever the ages; 11 weeks of 10
    # sessions: 110 possible, 15 absences (I x8; N x4, O x2, G) -> 95 attended, 86.4%.
    assert len(lines) == 2
    row = lines[1].split(",")
    assert row[1:3] == ["Hart", "Leila"]
    assert row[10:15] == ["110", "95", "8", "7", "86.4"]
