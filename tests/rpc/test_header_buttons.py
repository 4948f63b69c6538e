"""Every header button of every form of our addons, pressed as each role that sees it
(issue 17, "Done when").

Two small demo schools are built on companies of their own (their staff logins are
``c<company>.teacher`` ... ``c<company>.finance``, the password the role's name); the
manager presses on the second, the other roles on the first (``OWN_SCHOOL``).
For each form view our three addons define, and for each demo role that may read
its model, the form is loaded *as that role* (``fields_view_get``: the buttons the
role's groups hide come back invisible) and each ``type="object"`` button of its
``<header>`` is pressed over XML-RPC on the first record the role can read on which
the button shows (its ``attrs``/``states``, evaluated on the record, read again after
each press). A wizard's button is pressed on a new wizard the role creates.

The demo school gets a record in every state a button shows on, made by its attendance
officer through the documents' own buttons (``_documents``): the test fails when a
header button of any form is pressed by no role, or a role sees a button it finds no
record to press on (``UNREACHABLE`` and ``ROLE_NOT_SHOWN`` name the exceptions, each with
its reason). Buttons of ``type="action"`` are loaded as the web client does (a report
rendered over ``/report/html``, a window action read and its list or wizard loaded);
the smart buttons of the button box are pressed like header buttons.

The outcome must be the button working, or a clear refusal: a UserError, an
AccessError, a MissingError or a ValidationError - never an "Odoo Server Error"
(a traceback of any other exception).
"""

import datetime
import json
import uuid
import xmlrpc.client

import pytest
from lxml import etree

from tests.harness.rpc import OdooClient, http_status, name_local_authority, web_session

pytestmark = pytest.mark.rpc

ADDONS = ("school_attendance", "school_penalty", "school_letters")
ROLES = ("teacher", "officer", "manager", "trust", "finance")
#: Clear refusals: XML-RPC fault codes of UserError/MissingError (2), AccessDenied (3),
#: AccessError (4); a ValidationError comes as an application error (1) naming it.
CLEAR_CODES = (2, 3, 4)
CLEAR_ERRORS = ("odoo.exceptions.ValidationError", "odoo.exceptions.except_orm")
#: Smart buttons not pressed: the archive toggle (Odoo's own) would archive the demo's
#: pupils, groups and codes under the next roles.
SMART_NOT_PRESSED = ("toggle_active",)
#: Header buttons no user can bring a record to show, each with the reason.
UNREACHABLE = {}


#: The role that presses on a demo school of its own: the officer's presses move the
#: first school's documents on (issued, sent, referred), the manager gets its own.
OWN_SCHOOL = ("manager",)
#: Buttons a role sees but has no record to press on, each with the reason.
ROLE_NOT_SHOWN = {
    ("teacher", "school.absentee.wizard.action_view_pupils"): "computing the list is refused",
    ("trust", "school.absentee.wizard.action_view_pupils"): "computing the list is refused",
    ("finance", "school.absentee.wizard.action_view_pupils"): "computing the list is refused",
}


@pytest.fixture(scope="module")
def school(odoo_server):
    """Two small demo schools on new companies with their documents (``_documents``).

    Returns (admin client, {role: login prefix}, {school prefix: wizard values}).
    """
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    today = datetime.date.today()
    start_year = today.year if today.month >= 9 else today.year - 1
    until = min(datetime.date(start_year, 9, 19), today - datetime.timedelta(days=1))
    prefixes, wizard_vals = [], {}
    for _index in range(2):
        company = admin.call("res.company", "create", {"name": "Buttons %s" % uuid.uuid4().hex[:6]})
        admin.call(
            "school.demo", "ensure_demo_school", pupils=8, until=until.isoformat(), company=company
        )
        prefix = "c%d." % company
        wizard_vals[prefix] = _documents(admin, company, until)
        prefixes.append(prefix)
    roles = {role: prefixes[role in OWN_SCHOOL] for role in ROLES}
    return admin, roles, wizard_vals


def _documents(admin, company, until):
    """A record in each state a header button shows on, made as the school's attendance
    officer would: through the documents' own buttons and methods (the school's settings
    and the daily jobs as the administrator). Returns the values a user gives each wizard
    (``{model: vals}``) before pressing its buttons."""
    name_local_authority(admin, company)
    officer = OdooClient(admin.url, admin.db, "c%d.officer" % company, "officer")
    pupils = officer.call(
        "school.pupil", "search", [("company_id", "=", company)], order="date_of_birth, id"
    )
    contacts = officer.call(
        "school.pupil.contact",
        "search_read",
        [("pupil_id", "in", pupils), ("has_parental_responsibility", "=", True)],
        fields=["pupil_id", "partner_id"],
        order="id",
    )
    sessions = officer.call(
        "school.session",
        "search_read",
        [("company_id", "=", company), ("date", ">", until.isoformat())],
        fields=["date", "period"],
        order="date, period",
    )
    days = sorted({s["date"] for s in sessions})
    # The oldest pupil (of compulsory school age: notices) and their parents in law.
    pupil = pupils[0]
    parents = [c for c in contacts if c["pupil_id"][0] == pupil]
    _penalties(admin, officer, pupil, parents, sessions, days)
    _case_documents(officer, company, pupil, parents[0]["partner_id"][0], days)
    # Illness all the week after the registers the demo took, of a pupil whose illness
    # is authorised only with medical evidence (who moves down a band and is
    # persistently absent).
    officer.call("school.pupil", "write", [pupils[1]], {"is_medical_evidence_required": True})
    _marks(officer, pupils[1], sessions, days[:5], "I")
    _registration(officer, company, pupil, days)
    # A mark of a register the demo took, of a pupil the teacher teaches, amended.
    teacher = OdooClient(admin.url, admin.db, "c%d.teacher" % company, "teacher")
    taught = teacher.call("school.pupil", "search", [("id", "in", pupils[2:])], limit=1)
    mark = officer.call(
        "school.attendance.mark",
        "search",
        [("pupil_id", "=", taught[0]), ("register_state", "in", ("taken", "closed"))],
        limit=1,
    )
    wizard = officer.call(
        "school.attendance.amend.wizard",
        "create",
        {"mark_id": mark[0], "new_code_id": _code(officer, "M"), "reason": "Medical appointment"},
    )
    officer.call("school.attendance.amend.wizard", "action_apply", [wizard])
    _retention_review(admin, officer, company, pupils, contacts, until)
    _email_letter(officer, pupils[2])
    # The reports' period: from that week to today.
    period = {"date_from": days[0], "date_to": datetime.date.today().isoformat()}
    return {"school.band.movers.wizard": period, "school.absentee.wizard": period}


def _email_letter(officer, pupil):
    """A letter 1 drafted for email (its *Send by Email* button): no screen drafts one -
    the batch wizard emails at once - but a client of ``create_for_pupils`` does, with
    ids in and ids back."""
    template = officer.call(
        "school.letter.template", "search", [("kind", "=", "letter_1")], order="company_id", limit=1
    )
    letters, skipped = officer.call(
        "school.letter", "create_for_pupils", template[0], [pupil], channel="email"
    )
    assert letters and all(isinstance(letter, int) for letter in letters), (letters, skipped)
    drafts = officer.call("school.letter", "read", letters, ["state", "channel", "pupil_id"])
    assert {(d["state"], d["channel"], d["pupil_id"][0]) for d in drafts} == {
        ("draft", "email", pupil)
    }
    return letters


def _penalties(admin, officer, pupil, parents, sessions, days):
    """Two term-time holidays of ``pupil`` (leave refused) and their notices."""
    contact = parents[0]["id"]
    first = _holiday(officer, pupil, contact, sessions, days[:5])
    second = _holiday(officer, pupil, contact, sessions, days[5:10])
    _leave(officer, pupil, contact, days[10], days[12], "submit", is_exceptional=True)
    _leave(officer, pupil, contact, days[13], days[14], None)
    # The first holiday's notices, to each parent: issued ten days after, unpaid by now
    # (the daily job), one referred for prosecution and that referral sent.
    notices = []
    for row in parents[:2]:
        notice = officer.call(
            "school.penalty.notice",
            "create",
            {
                "pupil_id": pupil,
                "partner_id": row["partner_id"][0],
                "offence": "term_time_holiday",
                "mark_ids": [(6, 0, first)],
                "date_issued": days[10],
            },
        )
        officer.call("school.penalty.notice", "action_issue", [notice])
        notices.append(notice)
    _run_job(admin, "school_penalty.ir_cron_penalty_payment_deadlines")
    referred = officer.call("school.penalty.notice", "action_refer_prosecution", notices[:1])
    officer.call("school.prosecution", "action_refer", [referred["res_id"]])
    # The second holiday's notice to the first parent: a draft (to issue, then to pay).
    officer.call(
        "school.penalty.notice",
        "create",
        {
            "pupil_id": pupil,
            "partner_id": parents[0]["partner_id"][0],
            "offence": "term_time_holiday",
            "mark_ids": [(6, 0, second)],
        },
    )
    # Notices to improve to each parent, issued a week ago and running, and a draft.
    week_ago = (datetime.date.today() - datetime.timedelta(days=7)).isoformat()
    for index, row in enumerate(parents[:2] + parents[:1]):
        nti = officer.call(
            "school.notice.to.improve",
            "create",
            dict(
                NTI_TEXT,
                pupil_id=pupil,
                partner_id=row["partner_id"][0],
                date_issued=week_ago,
                weeks=3,
            ),
        )
        if index < 2:
            officer.call("school.notice.to.improve", "action_issue", [nti])


def _holiday(officer, pupil, contact, sessions, days):
    """``pupil`` away on ``days``; the leave asked for them refused: the G marks."""
    _marks(officer, pupil, sessions, days, "N")
    leave = _leave(officer, pupil, contact, days[0], days[-1], "submit")
    officer.call("school.leave.request", "write", [leave], {"decision_reason": "Term time."})
    officer.call("school.leave.request", "action_refuse", [leave])
    return officer.call(
        "school.attendance.mark",
        "search",
        [("pupil_id", "=", pupil), ("date", "in", days), ("code_id.code", "=", "G")],
    )


def _code(client, code):
    return client.call("school.attendance.code", "search", [("code", "=", code)])[0]


def _marks(officer, pupil, sessions, days, code):
    code_id = _code(officer, code)
    for session in sessions:
        if session["date"] in days:
            officer.call(
                "school.attendance.mark",
                "create",
                {"pupil_id": pupil, "session_id": session["id"], "code_id": code_id},
            )


def _case_documents(officer, company, pupil, parent, days):
    """Agreements, referrals, absence reports and suspensions."""
    cases = officer.call("school.attendance.case", "search", [("company_id", "=", company)])
    # An attendance agreement to agree, and one running whose first review was held.
    for start in (False, True):
        agreement = officer.call(
            "school.attendance.contract",
            "create",
            {"case_id": cases[0], "date_start": days[0], "weeks": 4},
        )
        if start:
            officer.call("school.attendance.contract", "action_start", [agreement])
            reviews = officer.call(
                "school.attendance.contract.review",
                "search",
                [("contract_id", "=", agreement)],
                order="date_planned",
            )
            officer.call("school.attendance.contract.review", "action_held_today", reviews[:1])
    # Referrals: one to send, one sent and waiting for the answer.
    for send in (False, True):
        referral = officer.call(
            "school.attendance.referral", "create", {"case_id": cases[0], "kind": "early_help"}
        )
        if send:
            officer.call("school.attendance.referral", "action_send", [referral])
    # Absences a parent reported (to accept or turn down).
    for reason in ("Flu", "Dentist"):
        officer.call(
            "school.absence.report",
            "create",
            {"pupil_id": pupil, "partner_id": parent, "date": days[20], "reason": reason},
        )
    # Suspensions to confirm (or cancel).
    for day in days[15:17]:
        officer.call(
            "school.suspension", "create", {"pupil_id": pupil, "date_from": day, "date_to": day}
        )


def _registration(officer, company, pupil, days):
    """Returns to the LA (a new pupil's due, another's not needed) and subject access
    requests (one received, one whose bundle is built)."""
    group = officer.call("school.group", "search", [("company_id", "=", company)], limit=1)
    for first, needed in (("Nia", True), ("Noa", False)):
        joined = officer.call(
            "school.pupil",
            "create",
            {
                "first_name": first,
                "last_name": "Newman",
                "date_of_birth": "2016-03-01",
                "group_id": group[0],
                "company_id": company,
                "date_admitted": days[1],
            },
        )
        if not needed:
            returns = officer.call("school.la.return", "search", [("pupil_id", "=", joined)])
            officer.call("school.la.return", "action_cancel", returns)
    for build in (False, True):
        request = officer.call(
            "school.subject.access.request",
            "create",
            {"subject_kind": "pupil", "pupil_id": pupil, "requested_by": "The parent"},
        )
        if build:
            officer.call("school.subject.access.request", "action_build_bundle", [request])


NTI_TEXT = {
    "offence_details": "Unauthorised absence since September.",
    "support_provided": "Calls home and a meeting with the attendance officer.",
    "support_offered": "Early help referral; breakfast club.",
    "expected_improvement": "No unauthorised absence in the period.",
}


def _leave(client, pupil, contact, date_from, date_to, button, **vals):
    leave = client.call(
        "school.leave.request",
        "create",
        dict(
            vals,
            pupil_id=pupil,
            requested_by_id=contact,
            date_from=date_from,
            date_to=date_to,
            reason="Family wedding abroad",
        ),
    )
    if button:
        client.call("school.leave.request", "action_" + button, [leave])
    return leave


def _run_job(admin, xmlid):
    """Run a daily job now, as the scheduler would."""
    admin.call("ir.cron", "method_direct_trigger", [admin.ref(xmlid)])


def _retention_review(admin, officer, company, pupils, contacts, until):
    """A retention review to confirm: the portal login of a family whose only child
    left a month ago has passed the school's period (one month)."""
    by_partner = {}
    for row in contacts:
        by_partner.setdefault(row["partner_id"][0], set()).add(row["pupil_id"][0])
    row = next(
        r
        for r in contacts
        if len(by_partner[r["partner_id"][0]]) == 1 and r["pupil_id"][0] not in pupils[:2]
    )
    officer.call("school.pupil.contact", "action_grant_portal_access", [row["id"]])
    left = (until - datetime.timedelta(days=1)).isoformat()
    officer.call("school.pupil", "leave_roll", [row["pupil_id"][0]], left, "a_other_school")
    admin.call(
        "school.retention.rule",
        "create",
        {"company_id": company, "kind": "portal_account", "months": 1, "reason": "Test"},
    )
    # Two monthly runs: two reviews to confirm (to anonymise, or cancel).
    _run_job(admin, "school_attendance.ir_cron_retention_review")
    _run_job(admin, "school_attendance.ir_cron_retention_review")


def _form_views(admin):
    """[(model, view id)]: the primary form views our addons define."""
    view_ids = [
        row["res_id"]
        for row in admin.call(
            "ir.model.data",
            "search_read",
            [("module", "in", ADDONS), ("model", "=", "ir.ui.view")],
            fields=["res_id"],
        )
    ]
    views = admin.call(
        "ir.ui.view",
        "search_read",
        [("id", "in", view_ids), ("type", "=", "form"), ("mode", "=", "primary")],
        fields=["model"],
        order="model, id",
    )
    return [(view["model"], view["id"]) for view in views]


def _value(record, name):
    value = record.get(name, False)
    if isinstance(value, list) and len(value) == 2 and isinstance(value[1], str):
        return value[0]  # many2one: [id, name]
    return value


def _term(record, field, operator, value):
    actual = _value(record, field)
    if operator in ("=", "=="):
        return actual == value or (not actual and not value)
    if operator in ("!=", "<>"):
        return not (actual == value or (not actual and not value))
    if operator == "in":
        return (set(actual) & set(value)) if isinstance(actual, list) else actual in value
    if operator == "not in":
        return not ((set(actual) & set(value)) if isinstance(actual, list) else actual in value)
    compare = {
        "<": lambda a, b: a < b,
        ">": lambda a, b: a > b,
        "<=": lambda a, b: a <= b,
        ">=": lambda a, b: a >= b,
    }[operator]
    return actual is not False and compare(actual, value)


def _matches(domain, record):
    """A (normalised or implicit-AND) domain evaluated on a read record."""
    stack = []
    for item in reversed(domain):
        if item == "!":
            stack.append(not stack.pop())
        elif item in ("&", "|"):
            first, second = stack.pop(), stack.pop()
            stack.append((first and second) if item == "&" else (first or second))
        else:
            stack.append(bool(_term(record, *item)))
    return all(stack)


def _domain_fields(domain):
    return {item[0] for item in domain if isinstance(item, (list, tuple)) and len(item) == 3}


def _header_buttons(arch):
    """[(type, name, invisible)] of the header's buttons and the smart buttons (invisible:
    a domain); ``type`` is "object" (a method) or "action" (an action's id)."""
    root = etree.fromstring(arch)
    nodes = [node for header in root.iter("header") for node in header.iter("button")]
    nodes += [
        node
        for box in root.xpath("//div[contains(@class, 'oe_button_box')]")
        for node in box.iter("button")
        if node.get("name") not in SMART_NOT_PRESSED
    ]
    buttons = []
    for node in nodes:
        if node.get("type") not in ("object", "action"):
            continue
        modifiers = json.loads(node.get("modifiers") or "{}")
        invisible = modifiers.get("invisible", False)
        if invisible is True:
            continue
        buttons.append((node.get("type"), node.get("name"), invisible or []))
    return buttons


def _load_action(client, web, action_id, model, record_id):
    """What the web client does for a type="action" button, as the user: a report is
    rendered over the report route (HTML); a window action is read and its list
    searched (a wizard: its defaults), with the action's domain and context."""
    kind = client.call("ir.actions.actions", "read", [action_id], ["type"])[0]["type"]
    if kind == "ir.actions.report":
        name = client.call(kind, "read", [action_id], ["report_name"])[0]["report_name"]
        status = http_status(web, "%s/report/html/%s/%d" % (client.url, name, record_id))
        if status in (403, 404):
            raise xmlrpc.client.Fault(4, "report refused (%d)" % status)
        if status != 200:
            raise xmlrpc.client.Fault(1, "report %s answered %d" % (name, status))
        return
    action = client.call(kind, "read", [action_id], ["res_model", "domain", "context", "target"])[0]
    names = {"uid": client.uid, "active_id": record_id, "active_ids": [record_id]}
    context = dict(eval(action["context"] or "{}", {"__builtins__": {}}, names))  # noqa: S307
    context.update(active_model=model, active_id=record_id, active_ids=[record_id])
    res_model = action["res_model"]
    if action["target"] == "new":
        fields = client.call(res_model, "fields_get", attributes=["type"])
        client.call(res_model, "default_get", sorted(fields), context=context)
    else:
        domain = eval(action["domain"] or "[]", {"__builtins__": {}}, names)  # noqa: S307
        client.call(
            res_model, "search_read", domain, fields=["display_name"], limit=10, context=context
        )


def _outcome(call):
    """'ok', 'refused: <message>' or 'SERVER ERROR: <last lines>'."""
    try:
        call()
    except xmlrpc.client.Fault as fault:
        text = str(fault.faultString)
        if fault.faultCode in CLEAR_CODES or any(name in text for name in CLEAR_ERRORS):
            return "refused: %s" % text.strip().splitlines()[-1:]
        return "SERVER ERROR: %s" % "\n".join(text.strip().splitlines()[-3:])
    return "ok"


def _press_as(client, web, model, view_id, wizard_vals, results):
    """Press every header button of the form ``view_id`` as ``client``'s user.

    ``wizard_vals``: None for a model, else the values of the new wizard the user fills in.
    Each button is pressed on the first record (read again after the previous button:
    pressing one moves the document on) on which it shows.
    """
    if not client.call(model, "check_access_rights", "read", raise_exception=False):
        return
    view = client.call(model, "fields_view_get", view_id=view_id, view_type="form")
    buttons = _header_buttons(view["arch"])
    if not buttons:
        return
    needed = set()
    for _type, _name, invisible in buttons:
        needed |= _domain_fields(invisible)
    needed = sorted(name for name in needed if name in view["fields"]) or ["id"]
    domain = []
    if wizard_vals is not None:
        created = []
        outcome = _outcome(lambda: created.append(client.call(model, "create", wizard_vals)))
        if not created:
            results.append((model, "create", outcome))
            return
        domain = [("id", "=", created[0])]
    for kind, method, invisible in buttons:
        records = client.call(model, "search_read", domain, fields=needed, limit=80)
        record = next(
            (rec for rec in records if not (invisible and _matches(invisible, rec))), None
        )
        if record is None:
            results.append((model, method, "not shown"))
            continue
        if kind == "action":
            outcome = _outcome(
                lambda m=method, r=record: _load_action(client, web, int(m), model, r["id"])
            )
        else:
            outcome = _outcome(lambda m=method, r=record: client.call(model, m, [r["id"]]))
        results.append((model, method, outcome))


def test_every_header_button_as_every_role(school, odoo_server):
    admin, prefixes, wizard_vals = school
    transient = {
        row["model"]
        for row in admin.call(
            "ir.model", "search_read", [("transient", "=", True)], fields=["model"]
        )
    }
    views = _form_views(admin)
    assert len(views) > 20, views
    results_by_role = {}
    for role in ROLES:
        prefix = prefixes[role]
        client = OdooClient(odoo_server.url, odoo_server.db, prefix + role, role)
        web = web_session(odoo_server.url, odoo_server.db, prefix + role, role)
        results = results_by_role.setdefault(role, [])
        for model, view_id in views:
            vals = wizard_vals[prefix].get(model, {}) if model in transient else None
            _press_as(client, web, model, view_id, vals, results)
    for role, results in sorted(results_by_role.items()):
        for model, method, outcome in results:
            print("%s\t%s.%s\t%s" % (role, model, method, outcome[:120]))
    errors = [
        "%s: %s.%s -> %s" % (role, model, method, outcome)
        for role, results in sorted(results_by_role.items())
        for model, method, outcome in results
        if outcome.startswith("SERVER ERROR")
    ]
    assert not errors, "\n\n".join(errors)
    # Every button some role sees was pressed by one of them (on a record it shows on).
    seen = {
        (model, method) for results in results_by_role.values() for model, method, _o in results
    }
    pressed = {
        (model, method)
        for results in results_by_role.values()
        for model, method, outcome in results
        if outcome != "not shown"
    }
    never = sorted("%s.%s" % key for key in seen - pressed if "%s.%s" % key not in UNREACHABLE)
    assert not never, "header buttons no role could press on the demo: %s" % ", ".join(never)
    # And each role pressed every button it sees (but the reasoned exceptions).
    pressed_by = {
        (role, model, method)
        for role, results in results_by_role.items()
        for model, method, outcome in results
        if outcome != "not shown"
    }
    missed = sorted(
        {
            "%s: %s.%s" % (role, model, method)
            for role, results in results_by_role.items()
            for model, method, _outcome in results
            if (role, model, method) not in pressed_by
            and "%s.%s" % (model, method) not in UNREACHABLE
            and (role, "%s.%s" % (model, method)) not in ROLE_NOT_SHOWN
        }
    )
    assert not missed, "buttons a role sees but found no record to press on: %s" % missed
    # Every form view our addons define with a header button was looked at by some role.
    assert len(seen) > 60, len(seen)
    # The officer exports the returns to the LA (issue 17: it was said to be refused).
    assert ("school.la.return", "action_export_csv", "ok") in results_by_role["officer"]
    # The officer really pressed buttons of cases, letters, notices and registers.
    officer_models = {
        model for model, _m, outcome in results_by_role["officer"] if outcome != "not shown"
    }
    assert {
        "school.attendance.case",
        "school.letter",
        "school.penalty.notice",
        "school.attendance.register",
    } <= officer_models, officer_models


def test_letters_for_pupils_refuse_unknown_ids(school):
    """``create_for_pupils`` over XML-RPC: an id that is no pupil is a clear refusal."""
    admin, prefixes, _wizard_vals = school
    officer = OdooClient(admin.url, admin.db, prefixes["officer"] + "officer", "officer")
    template = officer.call("school.letter.template", "search", [("kind", "=", "letter_1")])
    with pytest.raises(xmlrpc.client.Fault) as refused:
        officer.call("school.letter", "create_for_pupils", template[0], [2**31 - 1])
    assert refused.value.faultCode == 2 and "No such Pupil" in refused.value.faultString
