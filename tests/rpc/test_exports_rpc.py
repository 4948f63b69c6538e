"""Census attendance export, daily extract and weekly attendance over XML-RPC.

A school of its own is built over XML-RPC (so no other test's pupils are on its roll): the
week of Mon 5 - Fri 9 September 2022, 10 sessions, two pupils of group 5R, marked by an
attendance officer of that school. Tokens are one per session (AM then PM each day); "P" is
the present code of the session.
"""

import csv
import io
import uuid
import xmlrpc.client

import pytest

from tests.harness.rpc import OdooClient

pytestmark = pytest.mark.rpc

MONDAY, FRIDAY = "2022-09-05", "2022-09-09"
# Ria: L (5 min), P x3, B, X x2, U (35 min), I, # -> possible 7, attended 5, 71.4%.
RIA = ["L", "P", "B", "P", "X", "X", "U", "P", "I", "#"]
# Sam: P x4, Y2 x2, D, G x2, # -> possible 6, attended 4, unauthorised 2, 66.7%.
SAM = ["P", "P", "Y2", "Y2", "D", "P", "G", "G", "P", "#"]
MINUTES = {"L": 5, "U": 35}

HEADER = (
    "UPN,Surname,Forename,DOB,Sex,NCYearActual,RegGroup,AgeAtStartOfYear,EntryDate,"
    "LeavingDate,SessionsPossible,SessionsAttended,SessionsAuthorised,SessionsUnauthorised,"
    "AttendancePct,SessionsPresent,SessionsLateBeforeClose,SessionsApprovedActivity,"
    "SessionsC,SessionsC1,SessionsC2,SessionsJ1,SessionsM,SessionsS,SessionsE,SessionsI,"
    "SessionsR,SessionsT,SessionsG,SessionsN,SessionsO,SessionsU,SessionsLateAfterClose,"
    "MinutesLate,SessionsNotPossible,SessionsUnmarked"
)
RIA_LINE = (
    "R220000000001,Alpha,Ria,2013-03-03,F,5,5R,9,2022-09-05,,"
    "7,5,1,1,71.4,3,1,1,0,0,0,0,0,0,0,1,0,0,0,0,0,1,1,40,3,0"
)
SAM_LINE = (
    "S220000000002,Beta,Sam,2012-12-12,M,5,5R,9,2022-09-05,,"
    "6,4,0,2,66.7,4,0,0,0,0,0,0,0,0,0,0,0,0,2,0,0,0,0,0,4,0"
)


def _user(admin, login, group_xmlid, company):
    return admin.call(
        "res.users",
        "create",
        {
            "name": login.replace(".", " ").title(),
            "login": login,
            "password": login + "-pass",
            "company_id": company,
            "company_ids": [(6, 0, [company])],
            "groups_id": [(6, 0, [admin.ref(group_xmlid)])],
        },
    )


def _school(admin, name, urn):
    company = admin.call("res.company", "create", {"name": name, "urn": urn})
    year = admin.call(
        "school.academic.year",
        "create",
        {
            "name": "2022/23",
            "date_start": "2022-09-01",
            "date_end": "2023-08-31",
            "company_id": company,
        },
    )
    term = admin.call(
        "school.term",
        "create",
        {
            "name": "Autumn 2022 week 1",
            "academic_year_id": year,
            "date_start": MONDAY,
            "date_end": FRIDAY,
        },
    )
    return company, term


@pytest.fixture(scope="module")
def school(odoo_server):
    url, db = odoo_server.url, odoo_server.db
    admin = OdooClient(url, db, "admin", "admin")
    run = uuid.uuid4().hex[:6]  # company names and logins are unique: runs on one database
    company, term = _school(admin, "Census RPC Academy " + run, "123456")
    other_company, other_term = _school(admin, "Census RPC Other Academy " + run, "654321")
    officer_login, teacher_login = "census.officer." + run, "census.teacher." + run
    _user(admin, officer_login, "school_attendance.group_attendance_officer", company)
    _user(admin, teacher_login, "school_attendance.group_attendance_teacher", company)
    group = admin.call(
        "school.group", "create", {"name": "5R", "year_group": "5", "company_id": company}
    )
    pupils = {}
    for first, last, upn, dob, gender in (
        ("Ria", "Alpha", "R220000000001", "2013-03-03", "female"),
        ("Sam", "Beta", "S220000000002", "2012-12-12", "male"),
    ):
        pupils[first] = admin.call(
            "school.pupil",
            "create",
            {
                "first_name": first,
                "last_name": last,
                "upn": upn,
                "date_of_birth": dob,
                "gender": gender,
                "group_id": group,
                "company_id": company,
                "date_admitted": MONDAY,
            },
        )
    officer = OdooClient(url, db, officer_login, officer_login + "-pass")
    officer.call("school.attendance.register", "generate_registers", MONDAY, FRIDAY)
    codes = {
        row["code"]: row["id"]
        for row in admin.call(
            "school.attendance.code",
            "search_read",
            [("active", "in", [True, False])],
            fields=["code"],
        )
    }
    for first, tokens in (("Ria", RIA), ("Sam", SAM)):
        marks = officer.call(
            "school.attendance.mark",
            "search_read",
            [("pupil_id", "=", pupils[first])],
            fields=["date", "period"],
            order="date, period",
        )
        assert len(marks) == len(tokens) == 10
        for mark, token in zip(marks, tokens, strict=True):
            code = token
            if token == "P":
                code = "/" if mark["period"] == "am" else "\\"
            officer.call(
                "school.attendance.mark",
                "write",
                [mark["id"]],
                {"code_id": codes[code], "minutes_late": MINUTES.get(code, 0)},
            )
    return {
        "officer": officer,
        "teacher": OdooClient(url, db, teacher_login, teacher_login + "-pass"),
        "company": company,
        "term": term,
        "other_company": other_company,
        "other_term": other_term,
        "pupils": pupils,
    }


WIZARD = "school.attendance.export.wizard"


def test_census_csv_over_rpc_matches_hand_counts(school):
    text = school["officer"].call(WIZARD, "census_csv", school["company"], school["term"])
    # The file's lines end in CRLF; XML turns them into LF on the way.
    assert text.splitlines() == [HEADER, RIA_LINE, SAM_LINE]


def test_daily_extract_over_rpc(school):
    text = school["officer"].call(WIZARD, "daily_csv", school["company"], "2022-09-07")
    rows = [
        (r["Session"], r["UPN"], r["RegGroup"], r["Code"], r["Category"], r["MinutesLate"])
        for r in csv.DictReader(io.StringIO(text))
    ]
    # Wednesday: Ria X X, Sam D then \ ; Thursday morning: Ria U 35 minutes.
    assert rows == [
        ("AM", "R220000000001", "5R", "X", "not_possible", "0"),
        ("AM", "S220000000002", "5R", "D", "not_possible", "0"),
        ("PM", "R220000000001", "5R", "X", "not_possible", "0"),
        ("PM", "S220000000002", "5R", "\\", "attending", "0"),
    ]
    text = school["officer"].call(WIZARD, "daily_csv", school["company"], "2022-09-08")
    first = next(csv.DictReader(io.StringIO(text)))
    assert (first["URN"], first["Date"], first["Code"], first["MinutesLate"]) == (
        "123456",
        "2022-09-08",
        "U",
        "35",
    )
    assert first["Category"] == "unauthorised"


def test_weekly_attendance_over_rpc(school):
    weeks = school["officer"].call(
        "school.attendance.trend",
        "get_weekly_attendance",
        "pupil",
        [school["pupils"]["Ria"], school["pupils"]["Sam"]],
        "2022-09-01",
        "2022-09-30",
    )
    assert weeks == {
        str(school["pupils"]["Ria"]): [
            {"week_start": MONDAY, "possible": 7, "present": 5, "attendance_pct": 71.4}
        ],
        str(school["pupils"]["Sam"]): [
            {"week_start": MONDAY, "possible": 6, "present": 4, "attendance_pct": 66.7}
        ],
    }


@pytest.mark.parametrize(
    "who, method, args, message",
    [
        ("officer", "census_csv", ("company", "other_term"), "is not a term of"),
        ("officer", "census_csv", ("other_company", "other_term"), "not one of your schools"),
        ("teacher", "census_csv", ("company", "term"), "Only attendance officers"),
        (
            "officer",
            "daily_csv",
            ("company", "2022-09-10"),
            "no school session on 10 September 2022",
        ),
        ("officer", "daily_csv", ("company", "10/09/2022"), "is not a day"),
        ("teacher", "daily_csv", ("company", "2022-09-07"), "Only attendance officers"),
    ],
)
def test_bad_export_input_over_rpc(school, who, method, args, message):
    values = [school.get(arg, arg) for arg in args]
    with pytest.raises(xmlrpc.client.Fault) as fault:
        school[who].call(WIZARD, method, *values)
    assert message in fault.value.faultString
