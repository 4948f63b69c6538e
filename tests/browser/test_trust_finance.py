"""Trust finance works penalty notices in the web client: amounts, payment, nothing else."""

import datetime

import pytest

from tests.harness.rpc import OdooClient, name_local_authority

pytestmark = pytest.mark.browser

DAYS = ["2024-01-15", "2024-01-16", "2024-01-17", "2024-01-18", "2024-01-19"]


@pytest.fixture
def issued_notice(odoo_server):
    """Through XML-RPC: 10 sessions of U, a notice to improve, a first notice issued today."""
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    year = admin.call(
        "school.academic.year",
        "create",
        {"name": "Penalty browser 2023/24", "date_start": "2023-09-01", "date_end": "2024-08-31"},
    )
    admin.call(
        "school.term",
        "create",
        {
            "name": "Penalty browser spring",
            "academic_year_id": year,
            "date_start": "2024-01-08",
            # A 3-week notice to improve issued on 22 Jan needs 15 school days after it.
            "date_end": "2024-02-16",
        },
    )
    parent = admin.call(
        "res.partner",
        "create",
        {"name": "Priya Finch", "street": "4 Finch Row", "city": "Leeds", "zip": "LS2 1AB"},
    )
    pupil = admin.call(
        "school.pupil",
        "create",
        {
            "first_name": "Felix",
            "last_name": "Finch",
            "date_admitted": "2023-09-04",
            "contact_ids": [
                (
                    0,
                    0,
                    {
                        "partner_id": parent,
                        "relationship": "mother",
                        "has_parental_responsibility": True,
                        "lives_with_pupil": True,
                        "receives_post": True,
                    },
                )
            ],
        },
    )
    code_u = admin.call("school.attendance.code", "search", [("code", "=", "U")])[0]
    sessions = admin.call("school.session", "search", [("date", "in", DAYS)])
    assert len(sessions) == 10
    marks = [
        admin.call(
            "school.attendance.mark",
            "create",
            {"pupil_id": pupil, "session_id": session, "code_id": code_u},
        )
        for session in sessions
    ]
    nti = admin.call(
        "school.notice.to.improve",
        "create",
        {
            "pupil_id": pupil,
            "partner_id": parent,
            # Issued before the 10 sessions: a penalty notice rests only on
            # absence inside the improvement period (13 Jan - 2 Feb 2024).
            "date_issued": "2024-01-12",
            "weeks": 3,
            "offence_details": "Ten sessions of U in January.",
            "support_provided": "Meetings.",
            "support_offered": "Breakfast club.",
            "expected_improvement": "No unauthorised absence.",
        },
    )
    admin.call("school.notice.to.improve", "action_issue", [nti])
    company = admin.call("school.pupil", "read", [pupil], ["company_id"])[0]["company_id"][0]
    name_local_authority(admin, company, "Finch City Council")
    notice = admin.call(
        "school.penalty.notice",
        "create",
        {
            "pupil_id": pupil,
            "partner_id": parent,
            "date_issued": datetime.date.today().isoformat(),
            "mark_ids": [(6, 0, marks)],
            "notice_to_improve_id": nti,
        },
    )
    admin.call("school.penalty.notice", "action_issue", [notice])
    finance = admin.call(
        "res.users",
        "create",
        {
            "name": "Fiona Ledger",
            "login": "fiona.ledger",
            "password": "fiona-pass",
            # Odoo 11 posts chatter messages (the notice's state change) from the
            # user's address: a user without one cannot change tracked records.
            "email": "fiona.ledger@trust.example.org",
            "groups_id": [(6, 0, [admin.ref("school_penalty.group_penalty_finance")])],
        },
    )
    case = admin.call(
        "school.attendance.case", "create", {"pupil_id": pupil, "concern": "low_attendance"}
    )
    name = admin.call("school.penalty.notice", "read", [notice], fields=["name"])[0]["name"]
    return admin, notice, name, finance, case


def test_finance_sees_amounts_and_registers_a_payment(
    login, page, odoo_server, issued_notice, screenshot_path
):
    admin, notice, name, _finance, case = issued_notice
    login("fiona.ledger", "fiona-pass")
    menus = page.locator(".oe_application_menu_placeholder .oe_menu_text")
    assert "Attendance" not in menus.all_inner_texts()  # no registers, pupils or cases
    page.click(".oe_application_menu_placeholder .oe_menu_text:text-is('Trust Finance')")
    # The kanban by state: the issued notice's card with the amount due.
    card = page.locator(".o_kanban_group:has-text('Issued') .o_kanban_record:has-text('%s')" % name)
    card.wait_for()
    assert "Felix Finch" in card.inner_text() and "80.00" in card.inner_text()
    page.screenshot(path=screenshot_path("penalty_finance_kanban.png"))

    # The list: amounts due, paid and outstanding.
    page.click(".o_cp_switch_buttons .o_cp_switch_list")
    row = page.locator(".o_list_view tr.o_data_row:has-text('%s')" % name)
    row.wait_for()
    assert "80.00" in row.inner_text()
    row.locator("td.o_data_cell").first.click()

    # The form: register the payment of 80 today (day 1, within 21 days).
    page.click(".o_form_statusbar button:has-text('Register Payment')")
    dialog = page.locator(".modal:has-text('Register Payment')")
    dialog.locator(".o_field_widget[name=amount]").wait_for()
    page.wait_for_function(
        """() => {
            const field = document.querySelector('.modal [name=amount]');
            const input = field && field.tagName !== 'INPUT'
                ? field.querySelector('input') : field;
            return input && input.value.startsWith('80');
        }"""
    )
    dialog.locator("button:has-text('Register')").first.click()
    page.wait_for_selector(".o_statusbar_status .btn-primary:has-text('Paid')")
    page.screenshot(path=screenshot_path("penalty_finance_paid.png"))
    data = admin.call(
        "school.penalty.notice",
        "read",
        [notice],
        fields=["state", "amount_paid", "amount_outstanding", "payment_state"],
    )[0]
    assert data["state"] == "paid"
    assert data["amount_paid"] == 80.0 and data["amount_outstanding"] == 0.0

    # Registers and cases stay closed, even when their menus' actions are opened by address.
    for action in (
        "school_attendance.school_attendance_case_action",
        "school_attendance.school_attendance_register_action",
    ):
        page.goto("about:blank")
        page.goto("%s/web#action=%s" % (odoo_server.url, action))
        page.wait_for_selector(".modal:has-text('Access Error')")
        page.screenshot(path=screenshot_path("penalty_finance_no_%s.png" % action.split("_")[-2]))
    with pytest.raises(Exception, match="not allowed to access"):
        OdooClient(odoo_server.url, odoo_server.db, "fiona.ledger", "fiona-pass").call(
            "school.attendance.case", "read", [case], fields=["note"]
        )
