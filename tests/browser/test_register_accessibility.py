"""The staff register form (the web client's register) passes the same WCAG 2.2 AA check."""

import datetime
import uuid

import pytest

from tests.browser.a11y import assert_accessible
from tests.harness.rpc import OdooClient

pytestmark = pytest.mark.browser


@pytest.fixture
def register(odoo_server):
    """Through XML-RPC: a term around today, a class, its tutor, two pupils, a register."""
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    today = datetime.date.today()
    day = today - datetime.timedelta(days=max(0, today.weekday() - 4))
    iso = lambda days: (day + datetime.timedelta(days=days)).isoformat()  # noqa: E731
    tag = uuid.uuid4().hex[:6]
    year = admin.call(
        "school.academic.year",
        "create",
        {"name": "A11y year %s" % tag, "date_start": iso(-60), "date_end": iso(60)},
    )
    admin.call(
        "school.term",
        "create",
        {
            "name": "A11y term %s" % tag,
            "academic_year_id": year,
            "date_start": iso(-14),
            "date_end": iso(14),
        },
    )
    login = "tutor.%s" % tag
    teacher = admin.call(
        "res.users",
        "create",
        {
            "name": "Iris Tutor",
            "login": login,
            "password": "tutor-pass",
            "groups_id": [(6, 0, [admin.ref("school_attendance.group_attendance_teacher")])],
        },
    )
    group = admin.call(
        "school.group",
        "create",
        {"name": "Hazel %s" % tag, "year_group": "4", "tutor_ids": [(6, 0, [teacher])]},
    )
    for first, last in (("Dara", "Dunn"), ("Eli", "Eames")):
        admin.call(
            "school.pupil",
            "create",
            {"first_name": first, "last_name": last, "group_id": group, "date_admitted": iso(-30)},
        )
    registers = admin.call("school.attendance.register", "generate_registers", iso(0), iso(0))
    am = admin.call(
        "school.attendance.register",
        "search",
        [("id", "in", registers), ("group_id", "=", group), ("period", "=", "am")],
    )
    return login, am[0]


def test_register_form_passes_axe(login, page, odoo_server, register):
    user, register_id = register
    login(user, "tutor-pass")
    page.goto(
        "%s/web#id=%d&model=school.attendance.register&view_type=form"
        % (odoo_server.url, register_id)
    )
    page.locator(".o_field_one2many tr.o_data_row").first.wait_for()
    # The register form is ours; the web client's menus around it are Odoo's own.
    assert_accessible(page, ".o_form_view")
    page.click(".o_form_button_edit")
    page.wait_for_selector(".o_form_view.o_form_editable")
    assert_accessible(page, ".o_form_view")
