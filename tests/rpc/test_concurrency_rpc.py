"""Two users doing the same thing at the same moment, over XML-RPC.

Two finance clerks register the same penalty payment; two officers (or the
daily job and an officer) run the same school's escalation. The first user's
call runs in a thread of its own and is made to wait in the middle of its
transaction — after it has taken its own lock — on rows held from a direct
database connection of the test (:class:`RowHold`). The second user's call is
made while the first one waits, so the two overlap whatever the machine's
speed; then the rows are released and the first call finishes. A second call
that waits instead of being told (no lock) fails the test after ``WAIT``.

Each test builds a school of its own (so other tests' data stays out of it).
"""

import threading
import time
import uuid
import xmlrpc.client

import psycopg2
import pytest

from tests.harness.rpc import OdooClient, name_local_authority

pytestmark = pytest.mark.rpc

#: Names and logins of this run (the tests can run again on a kept database).
RUN = uuid.uuid4().hex[:6]
#: Seconds a call may take here before the test fails; only reached by a failing test.
WAIT = 60


class Call(threading.Thread):
    """One user's XML-RPC call, made in a thread of its own."""

    def __init__(self, client, model, method, *args):
        super().__init__(daemon=True)
        self.client, self.model, self.method, self.args = client, model, method, args
        self.result = self.error = None

    def run(self):
        try:
            self.result = self.client.call(self.model, self.method, *self.args)
        except Exception as error:  # noqa: BLE001 - the test asserts on it
            self.error = error

    def finish(self, hold=None):
        """Wait for the call to end; fail (releasing ``hold`` first) if it does not."""
        self.join(WAIT)
        if self.is_alive():
            if hold:
                hold.release()
            self.join(WAIT)
            pytest.fail(
                "%s.%s did not answer in %ss: it waited for the other user instead "
                "of being told" % (self.model, self.method, WAIT)
            )

    def user_message(self):
        """The message of the UserError the call ended on (fails on anything else)."""
        assert isinstance(self.error, xmlrpc.client.Fault), "the call ended on %r, not a fault" % (
            self.error or self.result
        )
        text = self.error.faultString
        assert not text.startswith("Traceback"), "not a user-facing error:\n%s" % text
        return text


class RowHold:
    """Rows of ``table`` locked (FOR UPDATE) by a transaction of the test's own."""

    def __init__(self, db, table, ids):
        self.conn = psycopg2.connect(dbname=db)
        self.watch = psycopg2.connect(dbname=db)
        self.watch.autocommit = True
        with self.conn.cursor() as cr:
            cr.execute(
                "SELECT id FROM %s WHERE id IN %%s FOR UPDATE" % table,  # table: a constant
                (tuple(ids),),
            )
            assert len(cr.fetchall()) == len(ids)
        self.pid = self.conn.get_backend_pid()

    def wait_for(self, call):
        """Return once a transaction waits for the held rows; ``call`` is to be the waiter."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            with self.watch.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM pg_locks "
                    "WHERE NOT granted AND %s = ANY(pg_blocking_pids(pid))",
                    (self.pid,),
                )
                if cr.fetchone()[0]:
                    return
            assert call.is_alive(), "%s.%s ended without reaching the held rows: %r" % (
                call.model,
                call.method,
                call.error or call.result,
            )
            time.sleep(0.05)
        pytest.fail("%s.%s never reached the held rows" % (call.model, call.method))

    def release(self):
        self.conn.rollback()

    def close(self):
        self.conn.close()
        self.watch.close()


def _school(admin, name, term, **company_vals):
    company = admin.call("res.company", "create", dict(company_vals, name=name))
    year = admin.call(
        "school.academic.year",
        "create",
        {
            "name": "2024/25",
            "date_start": "2024-09-01",
            "date_end": "2025-08-31",
            "company_id": company,
        },
    )
    admin.call("school.term", "create", dict(term, academic_year_id=year))
    return company


def _user(admin, login, group_xmlid, company):
    admin.call(
        "res.users",
        "create",
        {
            "name": login.replace(".", " ").title(),
            "login": login,
            "password": login + "-pass",
            # Odoo 11 posts the chatter of tracked changes from the user's address.
            "email": login + "@race.example.org",
            "company_id": company,
            "company_ids": [(6, 0, [company])],
            "groups_id": [(6, 0, [admin.ref(group_xmlid)])],
        },
    )
    return OdooClient(admin.url, admin.db, login, login + "-pass")


def _codes(admin, *codes):
    rows = admin.call("school.attendance.code", "search_read", [("code", "in", codes)], ["code"])
    return {row["code"]: row["id"] for row in rows}


# ----------------------------------------------------------------------
# (a) Two finance clerks register the same payment
# ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def race_notice(odoo_server):
    """Amira Payrace: 4 sessions of G and 6 of U (the seed's 4 + 6), a first penalty
    notice (no notice to improve: safeguarding advice) issued by hand on Mon 3 March
    2025, so 80 is payable until day 21; two finance clerks of her school."""
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    company = _school(
        admin,
        "Payment Race RPC School %s" % RUN,
        {"name": "Spring 2025", "date_start": "2025-01-06", "date_end": "2025-04-04"},
    )
    name_local_authority(admin, company, "Race City Council")
    parent = admin.call(
        "res.partner",
        "create",
        {"name": "Sara Payrace", "street": "1 Race Lane", "city": "Leeds", "zip": "LS1 2AA"},
    )
    pupil = admin.call(
        "school.pupil",
        "create",
        {
            "first_name": "Amira",
            "last_name": "Payrace",
            "company_id": company,
            "date_admitted": "2025-01-06",
            "contact_ids": [
                (
                    0,
                    0,
                    {
                        "partner_id": parent,
                        "relationship": "mother",
                        "has_parental_responsibility": True,
                        "lives_with_pupil": True,
                    },
                )
            ],
        },
    )
    codes = _codes(admin, "G", "U")
    marks = [
        admin.call(
            "school.attendance.mark",
            "create",
            {"pupil_id": pupil, "date": day, "period": period, "code_id": codes[letter]},
        )
        for days, letter in (
            (("2025-02-03", "2025-02-04"), "G"),
            (("2025-02-24", "2025-02-25", "2025-02-26"), "U"),
        )
        for day in days
        for period in ("am", "pm")
    ]
    notice = admin.call(
        "school.penalty.notice",
        "create",
        {
            "pupil_id": pupil,
            "partner_id": parent,
            "date_issued": "2025-03-03",
            "delivery": "hand",
            "is_nti_exempt": True,
            "nti_exemption_reason": "Safeguarding advice",
            "mark_ids": [(6, 0, marks)],
        },
    )
    admin.call("school.penalty.notice", "action_issue", [notice])
    clerks = [
        _user(admin, login, "school_penalty.group_penalty_finance", company)
        for login in ("fin.payrace.a." + RUN, "fin.payrace.b." + RUN)
    ]
    return admin, notice, parent, clerks


def _open_wizard(clerk, notice):
    """The clerk opens Register Payment on the notice and enters 80 on Wed 5 March."""
    return clerk.call(
        "school.penalty.payment.wizard",
        "create",
        {"notice_id": notice, "payment_date": "2025-03-05", "amount": 80.0},
    )


def test_two_clerks_register_the_same_payment_one_is_posted(odoo_server, race_notice):
    admin, notice, parent, (clerk_a, clerk_b) = race_notice
    invoices = admin.call("school.penalty.notice", "read", [notice], ["invoice_ids"])[0][
        "invoice_ids"
    ]
    wizard_a, wizard_b = _open_wizard(clerk_a, notice), _open_wizard(clerk_b, notice)

    # Clerk A confirms; her payment waits, notice locked, on the invoice held here.
    hold = RowHold(odoo_server.db, "account_invoice", invoices)
    try:
        call_a = Call(clerk_a, "school.penalty.payment.wizard", "action_register", [wizard_a])
        call_a.start()
        hold.wait_for(call_a)
        # Clerk B confirms the same payment meanwhile: told at once, nothing saved.
        call_b = Call(clerk_b, "school.penalty.payment.wizard", "action_register", [wizard_b])
        call_b.start()
        call_b.finish(hold)
        hold.release()
        call_a.finish()
    finally:
        hold.release()
        hold.close()
    assert call_a.error is None, call_a.error
    name = admin.call("school.penalty.notice", "read", [notice], ["name"])[0]["name"]
    message = call_b.user_message()
    assert "A payment of %s is being registered by someone else at this moment" % name in message
    assert "Nothing was saved: reload the notice" in message

    # One payment of 80 from Sara, posted; the notice and its one invoice are paid.
    payments = admin.call(
        "account.payment",
        "search_read",
        ["|", ("partner_id", "=", parent), ("invoice_ids", "in", invoices)],
        ["amount", "state"],
    )
    assert [(p["amount"], p["state"]) for p in payments] == [(80.0, "posted")]
    [state] = admin.call(
        "school.penalty.notice", "read", [notice], ["state", "amount_paid", "invoice_ids"]
    )
    assert (state["state"], state["amount_paid"], state["invoice_ids"]) == ("paid", 80.0, invoices)
    [invoice] = admin.call("account.invoice", "read", invoices, ["state", "residual"])
    assert (invoice["state"], invoice["residual"]) == ("paid", 0.0)

    # B reloads and tries again: the notice is paid, nothing more to register.
    with pytest.raises(xmlrpc.client.Fault) as fault:
        clerk_b.call(
            "school.penalty.payment.wizard", "action_register", [_open_wizard(clerk_b, notice)]
        )
    assert "Payments can only be registered on an issued notice" in fault.value.faultString
    assert len(admin.call("account.payment", "search", [("partner_id", "=", parent)])) == 1


# ----------------------------------------------------------------------
# (b) Two escalation runs of the same school and day
# ----------------------------------------------------------------------
DAY = "2024-09-16"  # Monday of the third week: Amira absent (N) all day


@pytest.fixture(scope="module")
def race_school(odoo_server):
    """Amira and Ben Escrace of 5R attend 2 to 13 September 2024; Amira is absent
    without reason on Monday 16 September: 20/22 = 90.9%, below 96% (warning letter)
    and a first day of unexplained absence (call). The school follows its copy of the
    seed 000 ladder, its 96% step sending the warning letter. Two officers."""
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    # No policy while the marks go in: the first-day call would open a case before the race.
    company = _school(
        admin,
        "Escalation Race RPC Academy %s" % RUN,
        {"name": "Autumn 2024", "date_start": "2024-09-02", "date_end": "2024-09-20"},
        attendance_policy_id=False,
    )
    group = admin.call(
        "school.group", "create", {"name": "5R", "year_group": "5", "company_id": company}
    )
    pupils = [
        admin.call(
            "school.pupil",
            "create",
            {
                "first_name": first,
                "last_name": "Escrace",
                "group_id": group,
                "company_id": company,
                "date_admitted": "2024-09-02",
            },
        )
        for first in ("Amira", "Ben")
    ]
    mother = admin.call(
        "res.partner",
        "create",
        {"name": "Sara Escrace", "street": "1 High Street", "city": "Leeds", "zip": "LS1 1AA"},
    )
    admin.call(
        "school.pupil.contact",
        "create",
        {
            "pupil_id": pupils[0],
            "partner_id": mother,
            "relationship": "mother",
            "has_parental_responsibility": True,
            "lives_with_pupil": True,
            "receives_post": True,
        },
    )
    codes = _codes(admin, "/", "\\", "N")
    sessions = admin.call(
        "school.session",
        "search_read",
        [("company_id", "=", company), ("date", "<=", DAY)],
        ["date", "period"],
    )
    assert len(sessions) == 22
    for session in sessions:
        for pupil in pupils:
            if pupil == pupils[0] and session["date"] == DAY:
                code = codes["N"]
            else:
                code = codes["/" if session["period"] == "am" else "\\"]
            admin.call(
                "school.attendance.mark",
                "create",
                {"pupil_id": pupil, "session_id": session["id"], "code_id": code},
            )
    policy = admin.call(
        "school.attendance.policy",
        "copy",
        admin.ref("school_attendance.attendance_policy_seed000"),
        {"name": "Race policy", "company_id": company},
    )
    warning = admin.call(
        "school.attendance.policy.step",
        "search",
        [("policy_id", "=", policy), ("threshold_pct", "=", 96.0)],
    )
    admin.call(
        "school.attendance.policy.step",
        "write",
        warning,
        {"action": "letter", "letter_kind": "warning_96"},
    )
    admin.call("res.company", "write", [company], {"attendance_policy_id": policy})
    officers = [
        _user(admin, login, "school_attendance.group_attendance_officer", company)
        for login in ("officer.escrace.a." + RUN, "officer.escrace.b." + RUN)
    ]
    yield admin, company, policy, pupils, officers
    # The daily job of other tests' runs has no business with this school.
    admin.call("res.company", "write", [company], {"attendance_policy_id": False})


def _school_state(admin, company):
    cases = admin.call(
        "school.attendance.case",
        "search_read",
        [("company_id", "=", company)],
        ["concern", "step_log_ids"],
    )
    return {
        "cases": sorted(case["concern"] for case in cases),
        "steps": sum(len(case["step_log_ids"]) for case in cases),
        "activities": admin.call(
            "mail.activity",
            "search_count",
            [
                ("res_model", "=", "school.attendance.case"),
                ("res_id", "in", [case["id"] for case in cases]),
            ],
        ),
        "letters": admin.call("school.letter", "search_count", [("company_id", "=", company)]),
    }


def test_two_escalation_runs_of_a_day_one_runs_the_other_is_told(odoo_server, race_school):
    admin, company, policy, pupils, (officer_a, officer_b) = race_school
    nothing = {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0}
    expected = {"cases": ["first_day", "low_attendance"], "steps": 2, "activities": 2, "letters": 1}

    # Officer A's run waits, the school's escalation lock taken, to open the pupils' cases:
    # inserting a case takes a key-share lock on its pupil's row (the foreign key), which
    # the pupils' rows held FOR UPDATE here refuse until released.
    hold = RowHold(odoo_server.db, "school_pupil", pupils)
    try:
        run_a = Call(officer_a, "school.attendance.policy", "run_escalation", [policy], DAY)
        run_a.start()
        hold.wait_for(run_a)
        # Officer B runs the same school and day meanwhile: told it is running.
        run_b = Call(officer_b, "school.attendance.policy", "run_escalation", [policy], DAY)
        run_b.start()
        run_b.finish(hold)
        assert _school_state(admin, company)["cases"] == []  # A has not finished
        hold.release()
        run_a.finish()
    finally:
        hold.release()
        hold.close()
    assert run_a.error is None, run_a.error
    assert run_a.result == {"cases_opened": 2, "steps_fired": 2, "cases_closed": 0}
    message = run_b.user_message()
    assert (
        "The attendance escalation of Escalation Race RPC Academy %s is already running" % (RUN)
        in message
    )
    assert "Nothing was changed" in message
    assert _school_state(admin, company) == expected

    # B runs it again once A has finished: nothing more to do, nothing doubled.
    assert officer_b.call("school.attendance.policy", "run_escalation", [policy], DAY) == nothing
    assert _school_state(admin, company) == expected
