"""An attendance officer works the cases board: moves a case on by dragging its card,
and holds the review of a pupil's action plan from the case."""

import datetime

import pytest

from tests.browser.conftest import wait_idle
from tests.harness.rpc import OdooClient

pytestmark = pytest.mark.browser


@pytest.fixture
def officer_case(odoo_server, request):
    """Through XML-RPC: an attendance officer and a pupil with a case in the first stage."""
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    tag = request.node.name[-12:].replace("_", "")
    login = "officer.%s" % tag
    officer = admin.call(
        "res.users",
        "create",
        {
            "name": "Olive Officer %s" % tag,
            "login": login,
            "email": "%s@school.example.org" % login,
            "password": "olive-pass",
            "groups_id": [(6, 0, [admin.ref("school_attendance.group_attendance_officer")])],
        },
    )
    group = admin.call("school.group", "create", {"name": "Board %s" % tag, "year_group": "4"})
    today = datetime.date.today()
    pupil = admin.call(
        "school.pupil",
        "create",
        {
            "first_name": "Zoe",
            "last_name": "Board%s" % tag.capitalize(),
            "group_id": group,
            "date_admitted": (today - datetime.timedelta(days=60)).isoformat(),
        },
    )
    name = admin.call("school.pupil", "read", [pupil], fields=["name"])[0]["name"]
    case = admin.call(
        "school.attendance.case",
        "create",
        {
            "pupil_id": pupil,
            "concern": "low_attendance",
            "user_id": officer,
            "stage_id": admin.ref("school_attendance.case_stage_first_day"),
        },
    )
    return admin, login, case, name


def test_officer_drags_a_case_to_the_next_stage(
    login, page, odoo_server, officer_case, screenshot_path
):
    admin, officer_login, case_id, pupil_name = officer_case
    login(officer_login, "olive-pass")
    action = admin.ref("school_attendance.school_attendance_case_action")
    page.goto("%s/web#action=%d" % (odoo_server.url, action))
    columns = page.locator(".o_kanban_view .o_kanban_group")
    card = page.locator(".o_kanban_record:has-text('%s')" % pupil_name)
    card.wait_for()
    target = columns.nth(1)
    assert "Follow-up calls" in target.locator(".o_column_title").inner_text()
    # Raw mouse events go to whatever is on top: wait until no RPC is running
    # (a slow one lays Odoo's blocking overlay over the board).
    wait_idle(page)

    # Drag the card from 'First-day contact' into 'Follow-up calls' (jQuery UI
    # sortable needs a real press, several moves and a release).
    start = card.bounding_box()
    goal = target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + 20)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2 + 10, start["y"] + 30, steps=5)
    page.mouse.move(goal["x"] + goal["width"] / 2, goal["y"] + 90, steps=20)
    page.mouse.up()
    # The dropped card is marked o_updating until the stage is written and the
    # column drawn again from the server's answer: wait for the redrawn card.
    moved = target.locator(".o_kanban_record:not(.o_updating):has-text('%s')" % pupil_name)
    moved.wait_for()
    wait_idle(page)
    page.screenshot(path=screenshot_path("cases_board_drag.png"))

    follow_up = admin.ref("school_attendance.case_stage_follow_up_calls")
    (saved,) = admin.call("school.attendance.case", "read", [case_id], fields=["stage_id"])
    assert saved["stage_id"][0] == follow_up, "the drop saved the new stage"

    # The stage change is in the case's chatter.
    moved.click()
    page.wait_for_selector(".o_form_view .o_chatter")
    tracking = page.locator(".o_chatter .o_thread_message:has-text('Follow-up calls')")
    tracking.first.wait_for()
    assert "First-day contact" in tracking.first.inner_text()
    values = admin.call(
        "mail.tracking.value",
        "search_read",
        [
            ("mail_message_id.model", "=", "school.attendance.case"),
            ("mail_message_id.res_id", "=", case_id),
        ],
        fields=["field", "old_value_char", "new_value_char"],
    )
    assert {"field": "stage_id", "old": "First-day contact", "new": "Follow-up calls"} in [
        {"field": v["field"], "old": v["old_value_char"], "new": v["new_value_char"]}
        for v in values
    ]


def test_officer_holds_the_review_of_an_action_plan_from_the_case(
    login, page, odoo_server, officer_case, screenshot_path
):
    admin, officer_login, case_id, pupil_name = officer_case
    today = datetime.date.today()
    contract = admin.call(
        "school.attendance.contract",
        "create",
        {
            "case_id": case_id,
            "kind": "action_plan",
            "date_start": (today - datetime.timedelta(days=21)).isoformat(),
            "weeks": 4,
            "review_count": 1,
            "target_pct": 95.0,
        },
    )
    admin.call("school.attendance.contract", "action_start", [contract])

    login(officer_login, "olive-pass")
    page.goto(
        "%s/web#id=%d&model=school.attendance.case&view_type=form" % (odoo_server.url, case_id)
    )
    page.click(".oe_button_box .oe_stat_button:has-text('Contracts')")
    page.click(".o_kanban_record:has-text('%s')" % pupil_name)
    page.wait_for_selector(".o_form_view .oe_title:has-text('%s')" % pupil_name)
    page.click(".oe_button_box .oe_stat_button:has-text('Reviews')")
    page.click(".o_list_view tr.o_data_row:has-text('Review 1')")

    # The minutes of the meeting, then the review is held.
    page.click(".o_form_button_edit")
    page.fill(".o_field_widget[name=notes]", "Mum attended. Working well: breakfast club.")
    page.click(".o_form_button_save")
    page.wait_for_selector(".o_form_button_edit")
    page.click(".o_statusbar_buttons button:has-text('Held')")
    page.wait_for_selector(".o_statusbar_status .btn-primary:has-text('Held')")
    page.screenshot(path=screenshot_path("contract_review_held.png"))

    review = admin.call(
        "school.attendance.contract.review",
        "search_read",
        [("contract_id", "=", contract)],
        fields=["state", "date_held", "notes", "outcome"],
    )[0]
    assert review["state"] == "held"
    assert review["date_held"] == today.isoformat()
    assert review["notes"].startswith("Mum attended")
    assert review["outcome"] in ("improved", "not_improved")
    messages = admin.call(
        "mail.message",
        "search_read",
        [("model", "=", "school.attendance.contract"), ("res_id", "=", contract)],
        fields=["body"],
    )
    assert any("Review 1 of" in m["body"] and "held on" in m["body"] for m in messages)


def test_officer_presses_sent_on_a_referral(login, page, odoo_server, officer_case):
    """The Sent button of a referral, pressed in the browser, sends it (it used to
    end in "Odoo Server Error": the page's context was taken for the date sent)."""
    admin, officer_login, case_id, pupil_name = officer_case
    referral = admin.call(
        "school.attendance.referral", "create", {"case_id": case_id, "kind": "housing"}
    )
    login(officer_login, "olive-pass")
    page.goto(
        "%s/web#id=%d&model=school.attendance.referral&view_type=form" % (odoo_server.url, referral)
    )
    page.wait_for_selector(".o_form_view .oe_title:has-text('%s')" % pupil_name)
    page.click(".o_statusbar_buttons button:has-text('Sent')")
    page.wait_for_selector(".o_statusbar_status .btn-primary:has-text('Sent')")
    wait_idle(page)
    assert not page.query_selector(".o_dialog_warning, .o_error_dialog")
    row = admin.call(
        "school.attendance.referral",
        "read",
        [referral],
        fields=["state", "date_sent", "due_date"],
    )[0]
    assert row["state"] == "sent"
    assert row["date_sent"] and row["due_date"] > row["date_sent"]
