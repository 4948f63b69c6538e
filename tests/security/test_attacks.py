"""Every role that must not reach the victim's data tries, over XML-RPC and HTTP.

Each test names the hole of issue 15 it attacks.  An attack passes when Odoo
refuses it or answers without the victim's data, and nothing changed.
"""

import http.cookiejar
import json
import urllib.error
import urllib.request
import xmlrpc.client

import pytest

from tests.security.conftest import (
    ATTACKERS,
    PASSWORD,
    TERM_END,
    TERM_START,
    inventory,
    refused,
)

pytestmark = pytest.mark.rpc

ACCESS_ERROR = 4  # the XML-RPC fault code of an AccessError (/xmlrpc/2)
FLAGS = ("is_looked_after", "has_child_protection_plan", "is_child_in_need")
NOT_OFFICERS = tuple(r for r in ATTACKERS if not r.startswith("officer"))


@pytest.fixture
def unchanged(fx):
    before = fx.snapshot()
    yield
    assert fx.snapshot() == before, "an attack changed data"


def _leaks(result, *needles):
    text = json.dumps(result, default=str)
    return [needle for needle in needles if str(needle) in text]


# -- Hole 3: safeguarding flags, through every door ---------------------------
@pytest.mark.parametrize("role", NOT_OFFICERS + ("officer_other_school", "officer_other_trust"))
@pytest.mark.parametrize("flag", FLAGS)
def test_safeguarding_flag_does_not_leak(fx, role, flag, unchanged):
    c = fx.clients[role]
    # A domain on the flag: refused, or the same pupils whatever its value.
    found_true = refused(c.call, "school.pupil", "search", [(flag, "=", True)])
    found_false = refused(c.call, "school.pupil", "search", [(flag, "=", False)])
    assert found_true is True or fx.victim not in found_true
    assert (
        found_false is True
        or found_true is True
        or found_false == found_true
        or not (set(found_true) | set(found_false))
    ), "the split by %s tells who is flagged" % flag
    # Ordering by it: refused, or the same order both ways.
    asc = refused(c.call, "school.pupil", "search", [], order="%s asc, id" % flag)
    desc = refused(c.call, "school.pupil", "search", [], order="%s desc, id" % flag)
    assert asc is True or desc is True or asc == desc
    # Grouping by it, or counting it in a group.
    grouped = refused(c.call, "school.pupil", "read_group", [], [flag], [flag])
    assert grouped is True or len(grouped) <= 1
    in_domain = refused(
        c.call, "school.pupil", "read_group", [(flag, "=", True)], ["group_id"], ["group_id"]
    )
    assert in_domain is True or not in_domain
    # Reading or exporting it.
    read = refused(c.call, "school.pupil", "read", [fx.victim], [flag])
    assert read is True or not read or not read[0].get(flag)
    exported = refused(c.call, "school.pupil", "export_data", [fx.victim], [flag])
    assert exported is True or "True" not in json.dumps(exported)
    # The chatter's tracking values.
    tracked = refused(
        c.call,
        "mail.tracking.value",
        "search_read",
        [("field", "=", flag)],
        fields=["new_value_integer", "mail_message_id"],
    )
    assert tracked is True or tracked == []


# -- Hole 1: the exports' CSV files, over RPC and /web/content -----------------
@pytest.mark.parametrize("role", ATTACKERS)
def test_export_files_are_not_readable(fx, role, unchanged):
    c = fx.clients[role]
    for domain in (
        [("id", "=", fx.export_attachment), ("res_field", "=", "csv_file")],
        [("res_model", "=", "school.attendance.export"), ("res_field", "!=", False)],
        [("res_model", "in", ["school.term", "res.company"])],
    ):
        found = refused(c.call, "ir.attachment", "search_read", domain, fields=["name"])
        assert found is True or fx.export_attachment not in [a["id"] for a in found]
    export = refused(c.call, "school.attendance.export", "read", [fx.export], ["csv_file"])
    assert export is True or not export
    for url in fx.export_urls:
        status, body = _http_get(fx, url, role)
        assert "V123456789012" not in body, (url, status, body[:200])


@pytest.mark.parametrize("path", range(4))
def test_export_file_is_not_readable_anonymously(fx, path):
    status, body = _http_get(fx, fx.export_urls[path])
    assert "V123456789012" not in body and "Attackvictim" not in body, status


# -- Holes 11, 12: step logs and case activities of another school --------------
@pytest.mark.parametrize("role", ATTACKERS)
def test_case_records_of_school_a1_are_not_readable(fx, role, unchanged):
    c = fx.clients[role]
    for model, domain in (
        ("school.attendance.case", [("pupil_id", "=", fx.victim)]),
        ("school.attendance.case.step.log", []),
        ("mail.activity", [("res_model", "=", "school.attendance.case")]),
    ):
        rows = refused(c.call, model, "search_read", domain, fields=["display_name"])
        assert rows is True or not _leaks(rows, "Attackvictim", "Attack: home visit")
    activity = refused(c.call, "mail.activity", "read", [fx.activity], ["summary", "note"])
    assert activity is True or not _leaks(activity, "Attack: home visit")


# -- Holes 6, 7: siblings and another family's payments --------------------------
@pytest.mark.parametrize("role", ATTACKERS)
def test_siblings_and_payments_are_refused(fx, role, unchanged):
    c = fx.clients[role]
    siblings = refused(c.call, "school.pupil", "get_sibling_attendance", [fx.victim])
    assert siblings is True or not _leaks(siblings, "Attackvictim")
    if role != "finance":
        paid = refused(c.call, "school.penalty.notice", "amount_paid_on", [fx.notice], TERM_DAY)
        assert paid is True


TERM_DAY = "2025-09-10"


# -- Hole 5: scheduled-job methods with a date -----------------------------------
@pytest.mark.parametrize("role", ATTACKERS + ("officer",))
@pytest.mark.parametrize(
    "model, method",
    [
        (model, prefix + method)
        for model, method in (
            ("school.penalty.notice", "check_payment_deadlines"),
            ("school.notice.to.improve", "check_improvement_periods"),
            ("school.pupil", "scan_penalty_thresholds"),
            ("school.letter.print", "print_due_letters"),
        )
        for prefix in ("", "_cron_")
    ],
)
def test_scheduled_jobs_are_not_callable(fx, role, model, method, unchanged):
    assert refused(fx.clients[role].call, model, method, "2099-01-01") is True


# -- Hole 2: closed registers and the marks that placed them ---------------------
@pytest.mark.parametrize("role", ATTACKERS + ("officer",))
def test_closed_register_is_not_reopened_by_context(fx, role, unchanged):
    c = fx.clients[role]
    assert (
        refused(
            c.call,
            "school.attendance.register",
            "write",
            [fx.register_closed],
            {"state": "draft"},
            context={"school_register_action": True},
        )
        is True
    )
    assert (
        refused(
            c.call,
            "school.attendance.mark",
            "write",
            [fx.mark_closed],
            {"register_id": fx.register_other_group},
        )
        is True
    )


# -- Hole 10: company and audit fields ------------------------------------------
@pytest.mark.parametrize("role", ("teacher_other_group", "officer"))
def test_company_and_audit_fields_are_not_writable(fx, role, unchanged):
    c = fx.clients[role]
    register = fx.register_other_group if role == "teacher_other_group" else fx.register_taken
    for vals in (
        {"company_id": fx.b1},
        {"taken_by": fx.users["finance"]},
        {"taken_at": "2020-01-01 08:00:00"},
        {"teacher_id": fx.users["finance"]},
    ):
        assert refused(c.call, "school.attendance.register", "write", [register], vals) is True


# -- Hole 9: a teacher's mark for a pupil who is not theirs -----------------------
def test_teacher_cannot_mark_a_pupil_of_another_group(fx, unchanged):
    c = fx.clients["teacher_other_group"]
    code = fx.admin.call("school.attendance.code", "search", [("code", "=", "O")])[0]
    # Into the teacher's own register, for a pupil of another group with no mark there.
    attempt = refused(
        c.call,
        "school.attendance.mark",
        "create",
        {
            "pupil_id": fx.unmarked_pupil,
            "register_id": fx.register_other_group,
            "code_id": code,
        },
    )
    assert attempt is True


# -- Hole 8: portal mass-assignment ----------------------------------------------
def test_portal_leave_request_takes_only_the_form_fields(fx):
    c = fx.clients["portal_other_family"]
    base = {
        "pupil_id": fx.other_child,
        "requested_by_id": fx.other_contact,
        "date_from": "2027-02-01",
        "date_to": "2027-02-02",
        "reason": "Family event",
    }
    # The form's own fields are accepted: what follows is refused for what it adds.
    assert isinstance(c.call("school.leave.request", "create", dict(base)), int)
    for forged in (
        {"name": "LEAVE/FORGED"},
        {"message_follower_ids": [(0, 0, {"partner_id": fx.victim_parent})]},
        {"message_ids": [(0, 0, {"body": "Forged note", "author_id": fx.victim_parent})]},
    ):
        vals = dict(base, **forged)
        assert refused(c.call, "school.leave.request", "create", vals) is True, forged
    # Another family's child, even with the form's fields only.
    other = dict(base, pupil_id=fx.victim)
    assert refused(c.call, "school.leave.request", "create", other) is True


# -- Hole 4: frozen penalty notices ---------------------------------------------
@pytest.mark.parametrize("state", ("paid", "unpaid", "issued"))
def test_finance_cannot_set_a_notice_state(fx, state, unchanged):
    c = fx.clients["finance"]
    assert refused(c.call, "school.penalty.notice", "write", [fx.notice], {"state": state}) is True


# -- Hole 14: the officer of the school opens the notice ---------------------------
def test_officer_opens_the_penalty_notice_form(fx):
    c = fx.clients["officer"]
    view = c.call("school.penalty.notice", "fields_view_get", view_type="form")
    (row,) = c.call("school.penalty.notice", "read", [fx.notice], list(view["fields"]))
    assert row["pupil_id"][0] == fx.victim


# -- Hole 13, and /web/image, /report: what HTTP answers -------------------------
REPORT_ROUTES = (
    "/report/pdf/school_attendance.report_pupil_attendance/%(victim)d",
    "/report/html/school_attendance.report_pupil_attendance/%(victim)d",
)


# A teacher of the school reads every pupil of it and their attendance: not an attacker here.
@pytest.mark.parametrize("role", [r for r in ATTACKERS if r != "teacher_other_group"])
@pytest.mark.parametrize("route", REPORT_ROUTES)
def test_report_of_another_school_is_403_or_404(fx, role, route):
    status, body = _http_get(fx, route % {"victim": fx.victim}, role)
    assert status in (403, 404), (status, body[:300])
    assert "Attackvictim" not in body


@pytest.mark.parametrize("role", ATTACKERS)
def test_web_image_reveals_no_pupil(fx, role):
    status, body = _http_get(fx, "/web/image/school.pupil/%d/display_name" % fx.victim, role)
    assert "Attackvictim" not in body, status


# -- name_search and name_get ------------------------------------------------------
@pytest.mark.parametrize("role", ("officer_other_school", "officer_other_trust", "finance"))
def test_name_search_finds_no_victim(fx, role):
    c = fx.clients[role]
    for model in ("school.pupil", "school.pupil.contact", "res.partner"):
        found = refused(c.call, model, "name_search", "Attackvictim")
        assert found is True or not _leaks(found, "Vera"), model


# -- call_kw of every listed public method ---------------------------------------
GROUP_OF_ROLE = {
    "teacher_other_group": {"school_attendance.group_attendance_teacher", "base.group_user"},
    "officer_other_school": {
        "school_attendance.group_attendance_teacher",
        "school_attendance.group_attendance_officer",
        "base.group_user",
    },
    "officer_other_trust": {
        "school_attendance.group_attendance_teacher",
        "school_attendance.group_attendance_officer",
        "base.group_user",
    },
    "trust_other_school": {"school_attendance.group_attendance_trust", "base.group_user"},
    "trust_other_trust": {"school_attendance.group_attendance_trust", "base.group_user"},
    "finance": {
        "school_penalty.group_penalty_finance",
        "account.group_account_invoice",
        "base.group_user",
    },
    "portal_other_family": {"base.group_portal"},
}
RESTRICTED = sorted(
    (model, method, policy)
    for (model, method), policy in inventory().items()
    if policy not in ("read", "write")
)


@pytest.mark.parametrize("role", ATTACKERS)
def test_every_restricted_public_method_refuses_outsiders(fx, role, unchanged):
    c = fx.clients[role]
    let_through = []
    for model, method, policy in RESTRICTED:
        if policy in GROUP_OF_ROLE[role]:
            continue
        # The victim's id, or nothing: a method that takes no argument reads a
        # first positional argument as its context, and fails before any check.
        for args in ([[fx.victim]], []):
            try:
                c.models.execute_kw(fx.db, c.uid, c.password, model, method, args, {})
            except xmlrpc.client.Fault as fault:
                if fault.faultCode == ACCESS_ERROR:
                    break
                if args and "dictionary update sequence" in fault.faultString:
                    continue
                let_through.append("%s.%s: %s" % (model, method, fault.faultString[-120:]))
                break
            let_through.append("%s.%s ran" % (model, method))
            break
    assert let_through == []


@pytest.mark.parametrize("role", ATTACKERS)
def test_read_methods_answer_nothing_about_the_victim(fx, role, unchanged):
    c = fx.clients[role]
    for model, method, args in (
        ("school.pupil", "get_attendance_summary", [[fx.victim]]),
        ("school.pupil", "get_portal_sessions", [[fx.victim], TERM_START, TERM_END]),
        ("school.penalty.notice", "get_deadlines", [[fx.notice]]),
        ("school.penalty.notice", "amount_due_on", [[fx.notice], TERM_DAY]),
    ):
        if role == "teacher_other_group" and model == "school.pupil":
            # A teacher reads every pupil of the school and their attendance
            # figures, but not the register of another group, session by session.
            if method == "get_portal_sessions":
                days = c.call(model, method, *args)
                codes = [d[half]["code"] for d in days for half in ("am", "pm") if d[half]]
                assert not any(codes), "another group's register, session by session"
            continue
        if role == "finance" and model == "school.penalty.notice":
            continue  # finance reads notices, amounts and deadlines of the trust
        try:
            c.models.execute_kw(fx.db, c.uid, c.password, model, method, args, {})
        except xmlrpc.client.Fault as fault:
            if fault.faultCode == ACCESS_ERROR:
                continue
            pytest.fail("%s.%s failed for %s: %s" % (model, method, role, fault.faultString[-200:]))
        pytest.fail("%s.%s answered %s about the victim" % (model, method, role))


# -- HTTP helpers ------------------------------------------------------------------
def _http_get(fx, path, role=None):
    """GET ``path`` as ``role`` (logged in through /web/session/authenticate) or anonymously."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    if role:
        login = fx.admin.call("res.users", "read", [fx.users[role]], ["login"])[0]["login"]
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"db": fx.db, "login": login, "password": PASSWORD},
            }
        ).encode()
        request = urllib.request.Request(
            fx.url + "/web/session/authenticate",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with opener.open(request, timeout=60) as response:
            assert "error" not in json.loads(response.read().decode())
    try:
        with opener.open(fx.url + path, timeout=120) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
