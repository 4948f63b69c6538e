"""A teacher takes today's register in the web client."""

import datetime

import pytest

from tests.harness.rpc import OdooClient

pytestmark = pytest.mark.browser


def _school_day(today):
    """Today, or the Friday before it at a weekend (registers are for school days)."""
    return today - datetime.timedelta(days=max(0, today.weekday() - 4))


@pytest.fixture
def class_with_register(odoo_server):
    """Through XML-RPC: a term around today, a class with its tutor, three pupils."""
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    day = _school_day(datetime.date.today())
    iso = day.isoformat
    year = admin.call(
        "school.academic.year",
        "create",
        {
            "name": "Browser year",
            "date_start": (day - datetime.timedelta(days=60)).isoformat(),
            "date_end": (day + datetime.timedelta(days=60)).isoformat(),
        },
    )
    admin.call(
        "school.term",
        "create",
        {
            "name": "Browser term",
            "academic_year_id": year,
            "date_start": (day - datetime.timedelta(days=14)).isoformat(),
            "date_end": (day + datetime.timedelta(days=14)).isoformat(),
        },
    )
    teacher = admin.call(
        "res.users",
        "create",
        {
            "name": "Hannah Tutor",
            "login": "hannah.tutor",
            "password": "hannah-pass",
            "groups_id": [(6, 0, [admin.ref("school_attendance.group_attendance_teacher")])],
        },
    )
    group = admin.call(
        "school.group",
        "create",
        {
            "name": "Rowan (5)",
            "year_group": "5",
            "tutor_ids": [(6, 0, [teacher])],
        },
    )
    names = [("Ava", "Ahmed"), ("Ben", "Brook"), ("Cara", "Cole")]
    pupils = {}
    for first, last in names:
        pupils[first] = admin.call(
            "school.pupil",
            "create",
            {
                "first_name": first,
                "last_name": last,
                "group_id": group,
                "date_admitted": (day - datetime.timedelta(days=30)).isoformat(),
            },
        )
    registers = admin.call("school.attendance.register", "generate_registers", iso(), iso())
    am = admin.call(
        "school.attendance.register",
        "search",
        [("id", "in", registers), ("group_id", "=", group), ("period", "=", "am")],
    )
    return admin, am[0], pupils


def test_teacher_takes_todays_register(
    login, page, odoo_server, class_with_register, screenshot_path
):
    admin, register_id, pupils = class_with_register
    login("hannah.tutor", "hannah-pass")
    page.goto(
        "%s/web#id=%d&model=school.attendance.register&view_type=form"
        % (odoo_server.url, register_id)
    )
    # Nobody marked yet: the arrival column is blank, not 00:00.
    arrival_cells = page.locator(".o_field_one2many tr.o_data_row td.o_school_arrival_time_cell")
    arrival_cells.first.wait_for()
    assert [text.strip() for text in arrival_cells.all_inner_texts()] == ["", "", ""]
    page.screenshot(path=screenshot_path("register_unmarked.png"))
    page.click(".o_form_statusbar button:has-text('Mark all present')")
    page.wait_for_selector(".o_field_widget[name=marked_count]:text-is('3')")

    # Ben arrived at 08:58: the arrival time decides the code (L) and minutes.
    page.click(".o_form_button_edit")
    page.click(".o_field_one2many tr.o_data_row:has-text('Ben Brook') td.o_data_cell >> nth=0")
    arrival = page.locator(".o_field_one2many tr.o_selected_row [name=arrival_time]")
    arrival.fill("08:58")
    page.click(".o_form_button_save")
    page.wait_for_selector(".o_form_button_edit")
    page.screenshot(path=screenshot_path("register_form.png"))
    # Only Ben's arrival time shows; the others stay blank.
    rows = page.locator(".o_field_one2many tr.o_data_row")
    arrivals = {
        rows.nth(i).locator("td.o_data_cell").first.inner_text().strip(): rows.nth(i)
        .locator("td.o_school_arrival_time_cell")
        .inner_text()
        .strip()
        for i in range(rows.count())
    }
    assert arrivals == {"Ava Ahmed": "", "Ben Brook": "08:58", "Cara Cole": ""}
    page.click(".o_form_statusbar button:has-text('Take register')")
    page.wait_for_selector(".o_statusbar_status .btn-primary:has-text('Taken')")

    marks = admin.call(
        "school.attendance.mark",
        "search_read",
        [("register_id", "=", register_id)],
        fields=["pupil_id", "code_id", "minutes_late"],
    )
    by_pupil = {m["pupil_id"][0]: m for m in marks}
    ben = by_pupil[pupils["Ben"]]
    assert ben["code_id"][1].startswith("L") and ben["minutes_late"] == 8
    for name in ("Ava", "Cara"):
        assert by_pupil[pupils[name]]["code_id"][1].startswith("/")
    register = admin.call(
        "school.attendance.register", "read", [register_id], fields=["state", "taken_by"]
    )[0]
    assert register["state"] == "taken" and register["taken_by"][1] == "Hannah Tutor"
