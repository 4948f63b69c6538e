"""English (UK) in the web client: dates read and typed as DD/MM/YYYY, weeks from Monday."""

import uuid

import pytest

from tests.harness.rpc import OdooClient

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def manager(odoo_server):
    """A school manager created as the school would (no language chosen) and a year."""
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    tag = uuid.uuid4().hex[:6]
    company = admin.call("res.company", "create", {"name": "Hazel Bank Primary %s" % tag})
    login = "hazel.manager.%s" % tag
    user = admin.call(
        "res.users",
        "create",
        {
            "name": "Helen Manager",
            "login": login,
            "password": "hazel-pass",
            "company_id": company,
            "company_ids": [(6, 0, [company])],
            "groups_id": [(6, 0, [admin.ref("school_attendance.group_attendance_manager")])],
        },
    )
    year = admin.call(
        "school.academic.year",
        "create",
        {
            "name": "2030/31",
            "date_start": "2030-09-01",
            "date_end": "2031-08-31",
            "company_id": company,
        },
    )
    return admin, login, user, year


def test_dates_read_and_typed_the_british_way(login, page, odoo_server, manager):
    admin, user_login, user, year = manager
    assert admin.call("res.users", "read", [user], ["lang"])[0]["lang"] == "en_GB"
    login(user_login, "hazel-pass")
    page.goto("%s/web#id=%d&model=school.academic.year&view_type=form" % (odoo_server.url, year))
    start = page.locator(".o_field_widget[name=date_start]")
    start.wait_for()
    assert start.inner_text().strip() == "01/09/2030"
    page.click(".o_form_button_edit")
    end = page.locator("[name=date_end] input.o_datepicker_input")
    # The date picker's weeks start on Monday (the en-gb moment.js locale).
    end.click()
    page.wait_for_selector(".bootstrap-datetimepicker-widget")
    days = page.locator(".bootstrap-datetimepicker-widget th.dow")
    assert days.first.inner_text().strip().lower().startswith("mo")
    # 25/11/2030 is 25 November, saved as such.
    end.fill("25/11/2030")
    end.press("Tab")
    page.click(".o_form_button_save")
    page.wait_for_selector(".o_form_button_edit")
    saved = admin.call("school.academic.year", "read", [year], ["date_end"])[0]["date_end"]
    assert saved == "2030-11-25"
    assert page.locator(".o_field_widget[name=date_end]").inner_text().strip() == "25/11/2030"
    # 31/02/2031 is no date: refused with a message, nothing replaced or saved.
    page.click(".o_form_button_edit")
    end = page.locator("[name=date_end] input.o_datepicker_input")
    end.fill("31/02/2031")
    end.press("Tab")
    warning = page.locator(".o_notification:has-text('is not a date')")
    warning.wait_for()
    assert "31/02/2031" in warning.inner_text() and "DD/MM/YYYY" in warning.inner_text()
    assert end.input_value() == "31/02/2031", "what was typed stays, to be corrected"
    page.click(".o_form_button_save")
    page.wait_for_selector(".o_notification:has-text('The following fields are invalid')")
    assert page.locator(".o_form_button_save").is_visible(), "still editing: not saved"
    saved = admin.call("school.academic.year", "read", [year], ["date_end"])[0]["date_end"]
    assert saved == "2030-11-25"
