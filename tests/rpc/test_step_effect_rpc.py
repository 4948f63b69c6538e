"""Does the work help? over XML-RPC (``school.step.effect.get_step_effect``).

A school of its own, built over XML-RPC: three school weeks from Monday 5 September
2022, one pupil. Ria is absent Monday and Tuesday of the first week (6/10 = 60%), her
attendance action plan starts on Wednesday 14 September (the second week, in neither
period) and she misses one morning of the third week (9/10 = 90%).
"""

import uuid
import xmlrpc.client

import pytest

from tests.harness.rpc import OdooClient

pytestmark = pytest.mark.rpc

MONDAY, LAST_FRIDAY = "2022-09-05", "2022-09-23"
ABSENT = {("2022-09-05", "am"), ("2022-09-05", "pm"), ("2022-09-06", "am")}
ABSENT |= {("2022-09-06", "pm"), ("2022-09-20", "am")}


def _user(admin, login, group_xmlid, company):
    return admin.call(
        "res.users",
        "create",
        {
            "name": login.replace(".", " ").title(),
            "login": login,
            "password": login + "-pass",
            "email": login + "@effect.example.org",
            "company_id": company,
            "company_ids": [(6, 0, [company])],
            "groups_id": [(6, 0, [admin.ref(group_xmlid)])],
        },
    )


@pytest.fixture(scope="module")
def school(odoo_server):
    url, db = odoo_server.url, odoo_server.db
    admin = OdooClient(url, db, "admin", "admin")
    run = uuid.uuid4().hex[:6]
    company = admin.call("res.company", "create", {"name": "Effect RPC Academy " + run})
    other = admin.call("res.company", "create", {"name": "Effect RPC Other " + run})
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
    admin.call(
        "school.term",
        "create",
        {
            "name": "Autumn 2022 start",
            "academic_year_id": year,
            "date_start": MONDAY,
            "date_end": LAST_FRIDAY,
        },
    )
    officer_login, teacher_login = "effect.officer." + run, "effect.teacher." + run
    _user(admin, officer_login, "school_attendance.group_attendance_officer", company)
    _user(admin, teacher_login, "school_attendance.group_attendance_teacher", company)
    group = admin.call(
        "school.group", "create", {"name": "5R", "year_group": "5", "company_id": company}
    )
    ria = admin.call(
        "school.pupil",
        "create",
        {
            "first_name": "Ria",
            "last_name": "Alpha",
            "group_id": group,
            "company_id": company,
            "date_admitted": MONDAY,
        },
    )
    officer = OdooClient(url, db, officer_login, officer_login + "-pass")
    officer.call("school.attendance.register", "generate_registers", MONDAY, LAST_FRIDAY)
    codes = {
        row["code"]: row["id"]
        for row in admin.call(
            "school.attendance.code", "search_read", [("code", "in", ["/", "\\", "O"])], ["code"]
        )
    }
    marks = officer.call(
        "school.attendance.mark", "search_read", [("pupil_id", "=", ria)], ["date", "period"]
    )
    assert len(marks) == 30
    by_code = {}
    for mark in marks:
        code = "/" if mark["period"] == "am" else "\\"
        if (mark["date"], mark["period"]) in ABSENT:
            code = "O"
        by_code.setdefault(code, []).append(mark["id"])
    for code, ids in by_code.items():
        officer.call("school.attendance.mark", "write", ids, {"code_id": codes[code]})
    plan = officer.call(
        "school.attendance.contract",
        "create",
        {"pupil_id": ria, "kind": "action_plan", "date_start": "2022-09-14"},
    )
    officer.call("school.attendance.contract", "action_start", [plan])
    return {
        "officer": officer,
        "teacher": OdooClient(url, db, teacher_login, teacher_login + "-pass"),
        "company": company,
        "other": other,
    }


def _effect(client, company, **kwargs):
    params = dict(
        company_ids=[company], date_from=MONDAY, date_to=LAST_FRIDAY, weeks=1, as_at="2022-09-26"
    )
    params.update(kwargs)
    return client.call("school.step.effect", "get_step_effect", **params)


def test_an_officer_reads_the_figures_over_rpc(school):
    result = _effect(school["officer"], school["company"])
    assert (result["date_from"], result["date_to"], result["weeks"]) == (MONDAY, LAST_FRIDAY, 1)
    steps = {step["key"]: step for step in result["steps"]}
    plan = steps["contract"]
    assert (plan["pupils"], plan["before_pct"], plan["after_pct"], plan["change"]) == (
        1,
        60.0,
        90.0,
        30.0,
    )
    assert plan["sentence"] == (
        "Contract or action plan: 1 pupil; 60% in the school week before, 90% in the one "
        "after (+30 points); 1 improved, 0 fell."
    )
    # Read on the Friday the third week ends: too recent to tell.
    friday = _effect(school["officer"], school["company"], as_at=LAST_FRIDAY)
    plan = {step["key"]: step for step in friday["steps"]}["contract"]
    assert (plan["pupils"], plan["too_recent"]) == (0, 1)


def test_a_teacher_and_another_school_are_refused(school):
    with pytest.raises(xmlrpc.client.Fault) as fault:
        _effect(school["teacher"], school["company"])
    assert "Only attendance officers, managers and the trust" in fault.value.faultString
    with pytest.raises(xmlrpc.client.Fault) as fault:
        _effect(school["officer"], school["other"])
    assert "only see the figures of your own schools" in fault.value.faultString


def test_bad_weeks_are_refused(school):
    with pytest.raises(xmlrpc.client.Fault) as fault:
        _effect(school["officer"], school["company"], weeks=20)
    assert "from 1 to 12 school weeks" in fault.value.faultString
