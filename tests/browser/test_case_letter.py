"""An attendance officer prints the letter a policy step produced, from the case."""

import pytest

from tests.harness.rpc import OdooClient

pytestmark = pytest.mark.browser

# September 2023: far from today, so no other test's school year overlaps it.
DAYS_FROM, DAYS_TO = "2023-09-04", "2023-09-22"


@pytest.fixture
def case_with_letter(odoo_server):
    """Through XML-RPC: a pupil at 28/30 = 93.3% on Fri 22 Sep 2023 and a school policy
    whose first step (attendance below 96%) sends the warning letter; the escalation
    opens the case and produces the draft letter."""
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    company = admin.call("res.users", "read", [admin.uid], fields=["company_id"])[0]["company_id"][
        0
    ]
    old_policy = admin.call("res.company", "read", [company], fields=["attendance_policy_id"])[0][
        "attendance_policy_id"
    ]
    year = admin.call(
        "school.academic.year",
        "create",
        {"name": "Letters year", "date_start": "2023-09-01", "date_end": "2024-08-31"},
    )
    admin.call(
        "school.term",
        "create",
        {
            "name": "Letters autumn",
            "academic_year_id": year,
            "date_start": DAYS_FROM,
            "date_end": "2023-12-20",
        },
    )
    group = admin.call("school.group", "create", {"name": "Willow (4)", "year_group": "4"})
    pupil = admin.call(
        "school.pupil",
        "create",
        {"first_name": "Leo", "last_name": "Marsh", "group_id": group, "date_admitted": DAYS_FROM},
    )
    parent = admin.call(
        "res.partner",
        "create",
        {"name": "Dana Marsh", "street": "7 Mill Lane", "city": "Bromley", "zip": "BR5 2LM"},
    )
    admin.call(
        "school.pupil.contact",
        "create",
        {
            "pupil_id": pupil,
            "partner_id": parent,
            "relationship": "mother",
            "has_parental_responsibility": True,
            "receives_post": True,
        },
    )
    admin.call("school.attendance.register", "generate_registers", DAYS_FROM, DAYS_TO)
    codes = {
        row["code"]: row["id"]
        for row in admin.call(
            "school.attendance.code", "search_read", [("code", "in", ["/", "\\", "O"])], ["code"]
        )
    }
    marks = admin.call(
        "school.attendance.mark",
        "search_read",
        [("pupil_id", "=", pupil)],
        ["date", "period"],
        order="date, period",
    )
    assert len(marks) == 30
    for period, code in (("am", "/"), ("pm", "\\")):
        ids = [m["id"] for m in marks if m["period"] == period]
        admin.call("school.attendance.mark", "write", ids, {"code_id": codes[code]})
    absent = [m["id"] for m in marks if m["date"] == "2023-09-19"]
    admin.call("school.attendance.mark", "write", absent, {"code_id": codes["O"]})

    policy = admin.call(
        "school.attendance.policy",
        "create",
        {
            "name": "Letters browser policy",
            "company_id": company,
            "step_ids": [
                (
                    0,
                    0,
                    {
                        "name": "Warning letter",
                        "concern": "low_attendance",
                        "trigger": "attendance_below",
                        "threshold_pct": 96.0,
                        "action": "letter",
                        "letter_kind": "warning_96",
                    },
                )
            ],
        },
    )
    admin.call("res.company", "write", [company], {"attendance_policy_id": policy})
    try:
        admin.call("school.attendance.policy", "run_escalation", [policy], DAYS_TO)
        yield admin, pupil
    finally:
        # Other tests run on the school's own policy.
        admin.call(
            "res.company",
            "write",
            [company],
            {"attendance_policy_id": old_policy and old_policy[0]},
        )


@pytest.fixture
def officer_case(case_with_letter):
    admin, pupil = case_with_letter
    officer = admin.call(
        "res.users",
        "create",
        {
            "name": "Olu Officer",
            "login": "olu.officer",
            "password": "olu-pass",
            "groups_id": [(6, 0, [admin.ref("school_attendance.group_attendance_officer")])],
        },
    )
    cases = admin.call(
        "school.attendance.case",
        "search",
        [("pupil_id", "=", pupil), ("concern", "=", "low_attendance")],
    )
    assert len(cases) == 1
    return admin, cases[0], officer


def test_officer_prints_the_step_letter_from_the_case(
    login, page, odoo_server, officer_case, screenshot_path
):
    admin, case_id, officer = officer_case
    letters = admin.call(
        "school.letter",
        "search_read",
        [("case_id", "=", case_id)],
        ["kind", "state", "partner_id", "attachment_id"],
    )
    assert [(x["kind"], x["state"], x["partner_id"][1]) for x in letters] == [
        ("warning_96", "draft", "Dana Marsh")
    ]

    login("olu.officer", "olu-pass")
    page.goto(
        "%s/web#id=%d&model=school.attendance.case&view_type=form" % (odoo_server.url, case_id)
    )
    page.wait_for_selector(".o_form_statusbar button:has-text('Print Letters')")
    page.screenshot(path=screenshot_path("case_letters.png"))
    page.click(".o_form_statusbar button:has-text('Print Letters')")
    # The step made the letter on an earlier day: a warning offers to refresh it first.
    page.wait_for_selector(".modal-dialog:has-text('earlier day')")
    with page.expect_download() as download_info:
        page.click(".modal-footer button:has-text('Refresh and Print')")
    download = download_info.value
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # The case's letter log: the stat button opens the letter, now printed.
    page.reload()
    page.wait_for_selector(".oe_button_box button:has-text('Letters')")
    page.click(".oe_button_box button:has-text('Letters')")
    # The letter log's list (it has a Recipient column), not the case's step history.
    row = page.locator(".o_list_view:has(th:has-text('Recipient')) tr.o_data_row")
    row.first.wait_for()
    assert row.count() == 1
    text = row.inner_text()
    assert "Dana Marsh" in text and "Printed" in text, text

    (letter,) = admin.call(
        "school.letter",
        "search_read",
        [("case_id", "=", case_id)],
        ["state", "attachment_id", "sent_by_id", "print_count"],
    )
    assert letter["state"] == "printed" and letter["print_count"] == 1
    assert letter["sent_by_id"][0] == officer
    (attachment,) = admin.call(
        "ir.attachment",
        "read",
        [letter["attachment_id"][0]],
        ["mimetype", "res_model", "res_id", "file_size"],
    )
    assert attachment["mimetype"] == "application/pdf" and attachment["file_size"] > 1000
    assert (attachment["res_model"], attachment["res_id"]) == ("school.letter", letter["id"])
