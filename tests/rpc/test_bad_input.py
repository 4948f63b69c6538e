"""Bad input catalogue: every wrong entry is refused with a clear message.

One school is built once over XML-RPC as admin (a past autumn term, two
registration groups, pupils with parents, registers taken on two days, a leave
request, draft penalty notices).  Then each entry of ``CATALOGUE`` sends one
bad input over XML-RPC as the user who would really type it (officer, teacher,
manager, finance) and asserts that:

* Odoo refuses it: an ``xmlrpc.client.Fault`` (or, for a CSV import through
  ``load``, an error message in the result and no record imported);
* the message is the specific, human-readable one the user sees;
* nothing in the school's data changed (record counts and the latest
  ``write_date`` of every school model, read as admin).
"""

import collections
import xmlrpc.client

import pytest

from tests.harness.rpc import OdooClient

pytestmark = pytest.mark.rpc

TERM_START, TERM_END = "2025-09-01", "2025-12-19"
TAKEN_DAYS = ("2025-09-08", "2025-09-09")  # Monday, Tuesday: registers taken
DRAFT_DAY = "2025-09-10"  # Wednesday: registers generated, not taken
SATURDAY = "2025-09-13"

# Every model whose rows a bad input could add, change or remove.
WATCHED_MODELS = (
    "res.company",
    "res.users",
    "school.academic.year",
    "school.term",
    "school.closure",
    "school.session",
    "school.group",
    "school.pupil",
    "school.pupil.contact",
    "school.attendance.code",
    "school.attendance.register",
    "school.attendance.mark",
    "school.attendance.amendment",
    "school.leave.request",
    "school.attendance.case",
    "school.attendance.policy.step",
    "school.notice.to.improve",
    "school.penalty.notice",
    "school.letter",
)

PASSWORDS = {
    "officer": "officer-pass",
    "teacher": "teacher-pass",
    "manager": "manager-pass",
    "finance": "finance-pass",
}


class School(dict):
    """The fixture's ids by name (``school.pupil_ava``) and a client per user."""

    __getattr__ = dict.__getitem__

    def snapshot(self):
        """Counts and last write of every watched model, as admin (archived too)."""
        state = {}
        for model in WATCHED_MODELS:
            rows = self.clients["admin"].call(
                model,
                "search_read",
                [],
                fields=["write_date"],
                order="write_date desc, id desc",
                limit=1,
                context={"active_test": False},
            )
            count = self.clients["admin"].call(
                model, "search_count", [], context={"active_test": False}
            )
            state[model] = (count, rows[0]["write_date"] if rows else None, rows and rows[0]["id"])
        return state


def _user(admin, name, login, groups, company_ids=None):
    vals = {
        "name": name,
        "login": login,
        "password": PASSWORDS[login.split(".")[0]],
        "groups_id": [(6, 0, [admin.ref(xmlid) for xmlid in groups])],
    }
    if company_ids:
        vals.update({"company_id": company_ids[0], "company_ids": [(6, 0, company_ids)]})
    return admin.call("res.users", "create", vals)


@pytest.fixture(scope="module")
def school(odoo_server):
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    s = School(clients={"admin": admin})
    s["company"] = admin.ref("base.main_company")
    s["year"] = admin.call(
        "school.academic.year",
        "create",
        {"name": "Bad input 2025/26", "date_start": "2025-08-01", "date_end": "2026-07-31"},
    )
    s["term"] = admin.call(
        "school.term",
        "create",
        {
            "name": "Bad input autumn",
            "academic_year_id": s.year,
            "date_start": TERM_START,
            "date_end": TERM_END,
        },
    )
    s["teacher"] = _user(
        admin, "Tess Teacher", "teacher.badinput", ["school_attendance.group_attendance_teacher"]
    )
    s["officer"] = _user(
        admin, "Olly Officer", "officer.badinput", ["school_attendance.group_attendance_officer"]
    )
    s["manager"] = _user(
        admin, "Mo Manager", "manager.badinput", ["school_attendance.group_attendance_manager"]
    )
    s["finance"] = _user(
        admin, "Fin Finance", "finance.badinput", ["school_penalty.group_penalty_finance"]
    )
    s["group_a"] = admin.call(
        "school.group",
        "create",
        {"name": "Bad input Ash (7)", "year_group": "7", "tutor_ids": [(6, 0, [s.teacher])]},
    )
    s["group_b"] = admin.call(
        "school.group", "create", {"name": "Bad input Birch (7)", "year_group": "7"}
    )

    _add_pupils(admin, s)
    _add_codes(admin, s)
    _take_registers(admin, s)
    _add_requests_and_notices(admin, s)
    _add_other_school(admin, s)
    _log_in_users(odoo_server, s)
    return s


def _add_pupils(admin, s):
    def pupil(key, first, group, upn=None, admitted=TERM_START, born=None):
        vals = {
            "first_name": first,
            "last_name": "Badinput",
            "group_id": group,
            "date_admitted": admitted,
        }
        if upn:
            vals["upn"] = upn
        if born:
            vals["date_of_birth"] = born
        s[key] = admin.call("school.pupil", "create", vals)

    pupil("ava", "Ava", s.group_a, upn="A123456789012")
    pupil("ben", "Ben", s.group_a)
    pupil("dan", "Dan", s.group_b)
    pupil("eve", "Eve", s.group_a, admitted="2025-11-03")
    # Born 1 Jun 2021: of compulsory school age only from 31 Aug 2026.
    pupil("rae", "Rae", s.group_b, born="2021-06-01")

    def contact(key, pupil_key, name, relationship, pr, lives, address=True):
        partner_vals = {"name": name}
        if address:
            partner_vals.update({"street": "1 High Street", "city": "Leeds", "zip": "LS1 1AA"})
        s[key + "_partner"] = admin.call("res.partner", "create", partner_vals)
        s[key] = admin.call(
            "school.pupil.contact",
            "create",
            {
                "pupil_id": s[pupil_key],
                "partner_id": s[key + "_partner"],
                "relationship": relationship,
                "has_parental_responsibility": pr,
                "lives_with_pupil": lives,
            },
        )

    relationships = admin.call("school.pupil.contact", "fields_get", ["relationship"])
    keys = [key for key, _label in relationships["relationship"]["selection"]]
    mother = "mother" if "mother" in keys else keys[0]
    father = "father" if "father" in keys else keys[1]
    other = next((k for k in keys if k not in (mother, father)), keys[-1])
    contact("mother", "ava", "Amy Badinput", mother, True, True)
    contact("father", "ava", "Art Badinput", father, True, False, address=False)
    contact("gran", "ava", "Gwen Badinput", other, False, False)
    contact("dan_parent", "dan", "Dora Badinput", mother, True, True, address=False)
    contact("rae_parent", "rae", "Ros Badinput", mother, True, True)


def _add_codes(admin, s):
    code = {}
    for row in admin.call(
        "school.attendance.code",
        "search_read",
        [],
        fields=["code"],
        context={"active_test": False},
    ):
        code[row["code"]] = row["id"]
    s["code"] = code


def _take_registers(admin, s):
    s["registers"] = admin.call(
        "school.attendance.register", "generate_registers", TAKEN_DAYS[0], DRAFT_DAY
    )

    def register(day, period, group):
        return admin.call(
            "school.attendance.register",
            "search",
            [
                ("id", "in", s.registers),
                ("date", "=", day),
                ("period", "=", period),
                ("group_id", "=", group),
            ],
        )[0]

    for day in TAKEN_DAYS:
        for period in ("am", "pm"):
            for group in (s.group_a, s.group_b):
                reg = register(day, period, group)
                admin.call("school.attendance.register", "action_mark_all_present", [reg])
                admin.call("school.attendance.register", "action_take", [reg])
    s["taken_am"] = register(TAKEN_DAYS[0], "am", s.group_a)
    s["closed_am"] = register(TAKEN_DAYS[1], "am", s.group_a)
    admin.call("school.attendance.register", "action_close", [s.closed_am])
    s["draft_am"] = register(DRAFT_DAY, "am", s.group_a)
    s["draft_pm"] = register(DRAFT_DAY, "pm", s.group_a)
    s["draft_b"] = register(DRAFT_DAY, "am", s.group_b)

    def mark(reg, pupil_id):
        return admin.call(
            "school.attendance.mark",
            "search",
            [("register_id", "=", reg), ("pupil_id", "=", pupil_id)],
        )[0]

    s["mark_taken"] = mark(s.taken_am, s.ava)
    s["mark_closed"] = mark(s.closed_am, s.ava)
    s["mark_draft_am"] = mark(s.draft_am, s.ava)
    s["mark_draft_pm"] = mark(s.draft_pm, s.ava)
    s["mark_draft_b"] = mark(s.draft_b, s.dan)

    wizard = admin.call(
        "school.attendance.amend.wizard",
        "create",
        {
            "mark_id": s.mark_taken,
            "new_code_id": s.code["L"],
            "new_minutes_late": 5,
            "reason": "Arrived late; the tutor missed it",
        },
    )
    admin.call("school.attendance.amend.wizard", "action_apply", [wizard])
    s["amendment"] = admin.call(
        "school.attendance.amendment", "search", [("mark_id", "=", s.mark_taken)]
    )[0]


def _add_requests_and_notices(admin, s):
    s["leave"] = admin.call(
        "school.leave.request",
        "create",
        {
            "pupil_id": s.ava,
            "requested_by_id": s.mother,
            "date_from": "2025-10-06",
            "date_to": "2025-10-10",
            "reason": "Family wedding abroad",
        },
    )
    admin.call("school.leave.request", "action_submit", [s.leave])

    def notice(key, **vals):
        vals.update({"pupil_id": s.ava, "partner_id": s.mother_partner, "delivery": "hand"})
        s[key] = admin.call("school.penalty.notice", "create", vals)

    notice("notice_no_nti")
    notice("notice_no_reason", is_nti_exempt=True)
    notice("notice_no_marks", is_nti_exempt=True, nti_exemption_reason="Safeguarding advice")
    present_marks = admin.call(
        "school.attendance.mark",
        "search",
        [("pupil_id", "=", s.ava), ("register_id.state", "in", ("taken", "closed"))],
    )
    notice(
        "notice_under",
        is_nti_exempt=True,
        nti_exemption_reason="Safeguarding advice",
        mark_ids=[(6, 0, present_marks)],
    )
    s["template"] = admin.call("school.letter.template", "search", [], limit=1)[0]


def _add_other_school(admin, s):
    s["company_b"] = admin.call("res.company", "create", {"name": "Bad input Other School"})
    s["group_other_school"] = admin.call(
        "school.group",
        "create",
        {"name": "Other school Oak (7)", "year_group": "7", "company_id": s.company_b},
    )

    s["other_school_pupil"] = admin.call(
        "school.pupil",
        "create",
        {
            "first_name": "Olga",
            "last_name": "Otherschool",
            "company_id": s.company_b,
            "group_id": s.group_other_school,
            "date_admitted": TERM_START,
        },
    )


def _log_in_users(odoo_server, s):
    for role in ("officer", "teacher", "manager", "finance"):
        s.clients[role] = OdooClient(
            odoo_server.url, odoo_server.db, role + ".badinput", PASSWORDS[role]
        )


Bad = collections.namedtuple("Bad", "user phrase attempt")
CATALOGUE = {}


def bad(name, user, phrase):
    """Register ``attempt(s, client)`` as a bad input whose error contains ``phrase``."""

    def register(attempt):
        CATALOGUE[name] = Bad(user, phrase, attempt)
        return attempt

    return register


def load(model, fields, rows):
    return lambda s, c: c.call(model, "load", fields, rows)


# -- Calendar: years, terms, closures (manager configures) -------------------
@bad("year_ends_before_start", "manager", "must end after it starts")
def _(s, c):
    c.call(
        "school.academic.year",
        "create",
        {"name": "Backwards", "date_start": "2027-08-01", "date_end": "2026-07-31"},
    )


@bad("year_duplicate_name", "manager", "An academic year with this name already exists")
def _(s, c):
    c.call(
        "school.academic.year",
        "create",
        {"name": "Bad input 2025/26", "date_start": "2030-08-01", "date_end": "2031-07-31"},
    )


@bad("term_ends_before_start", "manager", "must end on or after the day it starts")
def _(s, c):
    c.call(
        "school.term",
        "create",
        {
            "name": "Backwards term",
            "academic_year_id": s.year,
            "date_start": "2026-04-20",
            "date_end": "2026-04-10",
        },
    )


@bad("term_outside_year", "manager", "must lie inside its academic year")
def _(s, c):
    c.call(
        "school.term",
        "create",
        {
            "name": "Summer overflow",
            "academic_year_id": s.year,
            "date_start": "2026-06-01",
            "date_end": "2026-08-20",
        },
    )


@bad("term_overlaps_term", "manager", "overlaps the term Bad input autumn")
def _(s, c):
    c.call(
        "school.term",
        "create",
        {
            "name": "Overlapping",
            "academic_year_id": s.year,
            "date_start": "2025-12-01",
            "date_end": "2026-01-30",
        },
    )


@bad("year_shrunk_under_its_term", "manager", "would lie outside the academic year")
def _(s, c):
    c.call("school.academic.year", "write", [s.year], {"date_end": "2025-11-30"})


@bad("closure_ends_before_start", "manager", "must end on or after the day it starts")
def _(s, c):
    c.call(
        "school.closure",
        "create",
        {
            "name": "Backwards closure",
            "term_id": s.term,
            "date_from": "2025-10-24",
            "date_to": "2025-10-20",
        },
    )


@bad("closure_outside_term", "manager", "lies outside its term")
def _(s, c):
    c.call(
        "school.closure",
        "create",
        {
            "name": "Christmas",
            "term_id": s.term,
            "date_from": "2025-12-22",
            "date_to": "2026-01-02",
        },
    )


@bad("officer_creates_term", "officer", "not allowed to create")
def _(s, c):
    c.call(
        "school.term",
        "create",
        {
            "name": "Officer's term",
            "academic_year_id": s.year,
            "date_start": "2026-01-05",
            "date_end": "2026-03-27",
        },
    )


# -- School settings (admin) ---------------------------------------------------
@bad("retention_below_statutory", "admin", "must be kept for at least")
def _(s, c):
    c.call("res.company", "write", [s.company], {"retention_years": 3})


@bad("urn_not_six_digits", "admin", "The URN is 6 digits")
def _(s, c):
    c.call("res.company", "write", [s.company], {"urn": "12AB"})


@bad("dfe_number_malformed", "admin", "3-digit LA code and the 4-digit")
def _(s, c):
    c.call("res.company", "write", [s.company], {"dfe_number": "93-20011"})


@bad("register_open_over_30_minutes", "admin", "at most 30 minutes")
def _(s, c):
    c.call(
        "res.company",
        "write",
        [s.company],
        {"register_am_time": 8.75, "register_am_close": 10.0},
    )


# -- Marks and registers -------------------------------------------------------
@bad("mark_on_saturday", "officer", "There is no school session on 13 September 2025")
def _(s, c):
    c.call(
        "school.attendance.mark",
        "create",
        {"pupil_id": s.ben, "date": SATURDAY, "period": "am", "code_id": s.code["/"]},
    )


@bad("mark_for_pupil_not_on_roll", "officer", "is not on the admission register")
def _(s, c):
    c.call(
        "school.attendance.mark",
        "create",
        {"pupil_id": s.eve, "date": DRAFT_DAY, "period": "am", "code_id": s.code["/"]},
    )


@bad("mark_duplicate", "officer", "already has a mark for")
def _(s, c):
    c.call(
        "school.attendance.mark",
        "create",
        {"pupil_id": s.ava, "date": TAKEN_DAYS[0], "period": "am", "code_id": s.code["/"]},
    )


@bad("mark_negative_minutes_late", "officer", "Minutes late cannot be negative")
def _(s, c):
    c.call(
        "school.attendance.mark",
        "write",
        [s.mark_draft_am],
        {"code_id": s.code["L"], "minutes_late": -5},
    )


@bad("mark_am_code_on_pm", "officer", "is for morning sessions only")
def _(s, c):
    c.call("school.attendance.mark", "write", [s.mark_draft_pm], {"code_id": s.code["/"]})


@bad("mark_retired_code", "officer", "was retired on 19 August 2024")
def _(s, c):
    c.call("school.attendance.mark", "write", [s.mark_draft_am], {"code_id": s.code["H"]})


@bad("mark_taken_register_without_reason", "officer", "give a reason for the amendment")
def _(s, c):
    c.call("school.attendance.mark", "write", [s.mark_taken], {"code_id": s.code["O"]})


@bad("mark_moved_to_other_pupil", "officer", "cannot be moved to another pupil")
def _(s, c):
    c.call("school.attendance.mark", "write", [s.mark_draft_am], {"pupil_id": s.ben})


@bad("mark_deleted", "manager", "Attendance marks cannot be deleted")
def _(s, c):
    c.call("school.attendance.mark", "unlink", [s.mark_draft_am])


@bad("register_deleted", "manager", "Attendance registers cannot be deleted")
def _(s, c):
    c.call("school.attendance.register", "unlink", [s.draft_am])


@bad("register_archived_within_retention", "manager", "keeps register entries for 6 years")
def _(s, c):
    c.call("school.attendance.register", "write", [s.taken_am], {"active": False})


@bad("register_duplicate", "officer", "only one register per session")
def _(s, c):
    session = c.call("school.attendance.register", "read", [s.draft_am], ["session_id"])[0]
    c.call(
        "school.attendance.register",
        "create",
        {"session_id": session["session_id"][0], "group_id": s.group_a},
    )


@bad("register_state_written", "officer", "cannot be changed by hand")
def _(s, c):
    c.call("school.attendance.register", "write", [s.draft_am], {"state": "taken"})


@bad("register_taken_twice", "officer", "This register has already been taken")
def _(s, c):
    c.call("school.attendance.register", "action_take", [s.taken_am])


@bad("register_taken_with_gaps", "officer", "Every pupil needs a code")
def _(s, c):
    c.call("school.attendance.register", "action_take", [s.draft_am])


@bad("register_marked_after_taking", "officer", "Only a register still to be taken")
def _(s, c):
    c.call("school.attendance.register", "action_mark_all_present", [s.taken_am])


@bad("register_reopened_by_officer", "officer", "Only attendance managers can reopen")
def _(s, c):
    c.call("school.attendance.register", "action_reopen", [s.closed_am])


@bad("teacher_marks_other_group", "teacher", "security restrictions")
def _(s, c):
    c.call("school.attendance.mark", "write", [s.mark_draft_b], {"code_id": s.code["/"]})


@bad("finance_reads_marks", "finance", "not allowed to access")
def _(s, c):
    c.call("school.attendance.mark", "read", [s.mark_taken], ["code_id"])


@bad("finance_reads_cases", "finance", "not allowed to access")
def _(s, c):
    c.call("school.attendance.case", "search_read", [], fields=["name"])


# -- Amendments ----------------------------------------------------------------
@bad("amendment_without_reason", "officer", "Give a reason for the amendment")
def _(s, c):
    wizard = c.call(
        "school.attendance.amend.wizard",
        "create",
        {"mark_id": s.mark_taken, "new_code_id": s.code["I"], "reason": "   "},
    )
    c.call("school.attendance.amend.wizard", "action_apply", [wizard])


@bad("amendment_of_closed_register_by_officer", "officer", "only an attendance manager can amend")
def _(s, c):
    wizard = c.call(
        "school.attendance.amend.wizard",
        "create",
        {"mark_id": s.mark_closed, "new_code_id": s.code["I"], "reason": "Was ill"},
    )
    c.call("school.attendance.amend.wizard", "action_apply", [wizard])


@bad("amendment_deleted", "manager", "Register amendments cannot be deleted")
def _(s, c):
    c.call("school.attendance.amendment", "unlink", [s.amendment])


@bad("amendment_rewritten", "manager", "not allowed to modify this document")
def _(s, c):
    c.call("school.attendance.amendment", "write", [s.amendment], {"reason": "Changed my mind"})


# -- Pupils and contacts -------------------------------------------------------
@bad("pupil_bad_upn", "officer", "is not valid: a UPN has 13 characters")
def _(s, c):
    c.call(
        "school.pupil",
        "create",
        {"first_name": "Una", "last_name": "Badinput", "upn": "12345", "group_id": s.group_a},
    )


@bad("pupil_upn_with_letters_at_end", "officer", "is not valid: a UPN has 13 characters")
def _(s, c):
    c.call("school.pupil", "write", [s.ben], {"upn": "A1234567890AB"})


@bad(
    "pupil_duplicate_upn",
    "officer",
    "Another pupil of this school already has the UPN A123456789012: Ava Badinput",
)
def _(s, c):
    c.call("school.pupil", "write", [s.ben], {"upn": "A123456789012"})


@bad("pupil_leaves_before_admission", "officer", "before being admitted")
def _(s, c):
    grounds = c.call("school.pupil", "fields_get", ["leaving_ground"])
    ground = grounds["leaving_ground"]["selection"][0][0]
    c.call("school.pupil", "write", [s.ben], {"date_left": "2025-08-01", "leaving_ground": ground})


@bad("pupil_leaves_without_ground", "officer", "without a statutory leaving ground")
def _(s, c):
    c.call("school.pupil", "write", [s.ben], {"date_left": "2025-12-19"})


@bad("pupil_deleted_with_marks", "manager", "cannot be deleted")
def _(s, c):
    c.call("school.pupil", "unlink", [s.ava])


@bad("pupil_in_other_schools_group", "admin", "belongs to another school")
def _(s, c):
    c.call("school.pupil", "write", [s.ben], {"group_id": s.group_other_school})


# The officer cannot read the other school's group, yet is told what is wrong.
@bad(
    "officer_puts_pupil_in_other_schools_group",
    "officer",
    "The registration group Other school Oak (7) belongs to another school than Ben Badinput",
)
def _(s, c):
    c.call("school.pupil", "write", [s.ben], {"group_id": s.group_other_school})


@bad("officer_reads_other_schools_pupil", "officer", "security restrictions")
def _(s, c):
    c.call("school.pupil", "read", [s.other_school_pupil], ["name"])


@bad("teacher_searches_looked_after_pupils", "teacher", "You may not search Pupil by Looked After")
def _(s, c):
    c.call("school.pupil", "search", [("is_looked_after", "=", True)])


@bad("teacher_creates_pupil", "teacher", "not allowed to create")
def _(s, c):
    c.call("school.pupil", "create", {"first_name": "Tia", "last_name": "Badinput"})


@bad("contact_duplicate", "officer", "already a contact of the pupil")
def _(s, c):
    c.call(
        "school.pupil.contact",
        "create",
        {"pupil_id": s.ava, "partner_id": s.mother_partner, "relationship": "other"},
    )


# -- Leave of absence ----------------------------------------------------------
def _leave(s, c, **vals):
    base = {
        "pupil_id": s.ava,
        "requested_by_id": s.mother,
        "date_from": "2025-11-10",
        "date_to": "2025-11-12",
        "reason": "Family event",
    }
    base.update(vals)
    return c.call("school.leave.request", "create", base)


@bad("leave_from_non_resident_parent", "officer", "the pupil normally lives with")
def _(s, c):
    _leave(s, c, requested_by_id=s.father)


@bad("leave_from_contact_without_pr", "officer", "do not have parental responsibility")
def _(s, c):
    _leave(s, c, requested_by_id=s.gran)


@bad("leave_from_another_pupils_parent", "officer", "only the pupil's own parent")
def _(s, c):
    _leave(s, c, requested_by_id=s.dan_parent)


@bad("leave_ends_before_start", "officer", "ends before it starts")
def _(s, c):
    _leave(s, c, date_from="2025-11-12", date_to="2025-11-10")


@bad("leave_overlaps_request", "officer", "already has a leave request for these dates")
def _(s, c):
    _leave(s, c, date_from="2025-10-09", date_to="2025-10-14")


@bad("leave_with_non_leave_code", "officer", "is not a leave of absence code")
def _(s, c):
    _leave(s, c, leave_code_id=s.code["/"])


@bad("leave_refused_without_reason", "officer", "Give the reason for refusing")
def _(s, c):
    c.call("school.leave.request", "action_refuse", [s.leave])


# -- Notices to improve and penalty notices ------------------------------------
def _nti(s, c, **vals):
    base = {"pupil_id": s.ava, "partner_id": s.mother_partner, "date_issued": "2025-10-01"}
    base.update(vals)
    return c.call("school.notice.to.improve", "create", base)


@bad("nti_two_weeks", "officer", "is 3 to 6 school weeks, not 2")
def _(s, c):
    _nti(s, c, weeks=2)


@bad("nti_seven_weeks", "officer", "is 3 to 6 school weeks, not 7")
def _(s, c):
    _nti(s, c, weeks=7)


@bad("nti_to_parent_without_pr", "officer", "in education law")
def _(s, c):
    _nti(s, c, weeks=4, partner_id=s.gran_partner)


@bad("nti_pupil_under_compulsory_school_age", "officer", "Rae Badinput is not of compulsory")
def _(s, c):
    _nti(s, c, weeks=4, pupil_id=s.rae, partner_id=s.rae_parent_partner)


@bad("penalty_notice_pupil_under_compulsory_school_age", "officer", "a penalty notice concerns")
def _(s, c):
    c.call(
        "school.penalty.notice",
        "create",
        {"pupil_id": s.rae, "partner_id": s.rae_parent_partner, "date_issued": "2025-10-01"},
    )


@bad("penalty_proposed_pupil_under_compulsory_school_age", "officer", "is not of compulsory")
def _(s, c):
    c.call("school.pupil", "propose_penalty_notices", [s.rae], "2025-10-01")


@bad("penalty_notice_to_parent_without_pr", "officer", "in education law")
def _(s, c):
    c.call(
        "school.penalty.notice",
        "create",
        {"pupil_id": s.ava, "partner_id": s.gran_partner},
    )


@bad("penalty_proposed_under_threshold", "officer", "is under the threshold")
def _(s, c):
    c.call("school.pupil", "propose_penalty_notices", [s.ava], "2025-09-12")


@bad("penalty_issued_without_nti", "officer", "needs a notice to improve sent to")
def _(s, c):
    c.call("school.penalty.notice", "action_issue", [s.notice_no_nti])


@bad("penalty_nti_exempt_without_reason", "officer", "Give the reason no notice to improve")
def _(s, c):
    c.call("school.penalty.notice", "action_issue", [s.notice_no_reason])


@bad("penalty_without_sessions", "officer", "Choose the sessions of unauthorised absence")
def _(s, c):
    c.call("school.penalty.notice", "action_issue", [s.notice_no_marks])


@bad("penalty_issued_under_threshold", "officer", "is under the threshold")
def _(s, c):
    c.call("school.penalty.notice", "action_issue", [s.notice_under])


@bad("penalty_withdrawn_without_reason", "officer", "Give the reason the penalty notice")
def _(s, c):
    c.call("school.penalty.notice", "action_withdraw", [s.notice_no_nti], "  ")


# -- Letters -------------------------------------------------------------------
def _batch(s, c, **vals):
    base = {"mode": "pupils", "template_id": s.template, "pupil_ids": [(6, 0, [s.dan])]}
    base.update(vals)
    wizard = c.call("school.letter.batch", "create", base)
    return c.call("school.letter.batch", "action_run", [wizard])


@bad("letter_to_contact_without_address", "officer", "no postal address")
def _(s, c):
    _batch(s, c, channel="post")


@bad("letter_email_without_address", "officer", "no email address")
def _(s, c):
    _batch(s, c, channel="email")


@bad("letter_without_template", "officer", "Choose a template and at least one pupil")
def _(s, c):
    _batch(s, c, template_id=False)


# -- Policy (manager) ----------------------------------------------------------
@bad("policy_threshold_over_100", "manager", "the threshold is a percentage")
def _(s, c):
    step = c.call("school.attendance.policy.step", "search", [], limit=1)
    c.call("school.attendance.policy.step", "write", step, {"threshold_pct": 150.0})


# -- CSV import through ``load`` (returns messages, does not raise) ------------
CATALOGUE["import_pupil_bad_upn"] = Bad(
    "officer",
    "is not valid: a UPN has 13 characters",
    load(
        "school.pupil",
        ["first_name", "last_name", "upn", "date_admitted"],
        [["Ivy", "Import", "B12345678901X", "2025-09-01"]],
    ),
)
CATALOGUE["import_pupil_bad_date"] = Bad(
    "officer",
    "does not seem to be a valid date",
    load(
        "school.pupil",
        ["first_name", "last_name", "upn", "date_admitted"],
        [["Ivan", "Import", "C123456789012", "31/02/2025"]],
    ),
)
CATALOGUE["import_pupil_duplicate_upn"] = Bad(
    "officer",
    "Another pupil of this school already has the UPN A123456789012: Ava Badinput",
    load(
        "school.pupil",
        ["first_name", "last_name", "upn", "date_admitted"],
        [["Ida", "Import", "A123456789012", "2025-09-01"]],
    ),
)
CATALOGUE["import_mark_unknown_code"] = Bad(
    "officer",
    "No matching record found",
    load(
        "school.attendance.mark",
        ["pupil_id", "session_id", "code_id"],
        [["Ava Badinput", "2025-09-10 AM", "ZZ"]],
    ),
)


USER_ERRORS = (
    "odoo.exceptions.ValidationError: ",
    "odoo.exceptions.UserError: ",
    "odoo.exceptions.AccessError: ",
    "odoo.exceptions.Warning: ",
)


def _fault_message(fault):
    """The message a user sees for ``fault``; fails on a programming error.

    Odoo 11 sends a UserError or AccessError as its bare message, but a
    ValidationError (not a UserError subclass in 11) as the server's
    traceback over XML-RPC; the web client shows only its message. So a
    traceback is accepted only when it ends in one of Odoo's user-facing
    exceptions, whose message is returned; any other error (KeyError,
    psycopg2 error, ...) is a bug and fails the test.
    """
    text = fault.faultString
    if not text.startswith("Traceback"):
        return text
    last = text.rstrip().splitlines()[-1]
    assert last.startswith(USER_ERRORS), "not a user-facing error:\n%s" % text
    return last


def _error_text(result):
    """The error messages of a ``load`` result, or None when it imported anything."""
    if isinstance(result, dict) and "messages" in result:
        errors = [m["message"] for m in result["messages"] if m.get("type") == "error"]
        if errors and not result.get("ids"):
            return "\n".join(errors)
    return None


def test_catalogue_is_large_enough():
    assert len(CATALOGUE) >= 40


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_bad_input_is_refused_and_changes_nothing(school, name):
    entry = CATALOGUE[name]
    client = school.clients[entry.user]
    before = school.snapshot()
    try:
        result = entry.attempt(school, client)
    except xmlrpc.client.Fault as fault:
        message = _fault_message(fault)
    else:
        message = _error_text(result)
        assert message is not None, "%s was accepted: %r" % (name, result)
    assert entry.phrase in message, message
    assert school.snapshot() == before
