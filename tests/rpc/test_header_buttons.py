"""Every header button of every form of our addons, pressed as each role that sees it
(issue 17, "Done when").

A small demo school is built on a company of its own (its staff logins are
``c<company>.teacher`` ... ``c<company>.finance``, the password the role's name).
For each form view our three addons define, and for each demo role that may read
its model, the form is loaded *as that role* (``fields_view_get``: the buttons the
role's groups hide come back invisible) and each ``type="object"`` button of its
``<header>`` is pressed over XML-RPC on the first record the role can read on which
the button shows (its ``attrs``/``states``, evaluated on the record). A wizard's
button is pressed on a new wizard the role creates.

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

from tests.harness.rpc import OdooClient

pytestmark = pytest.mark.rpc

ADDONS = ("school_attendance", "school_penalty", "school_letters")
ROLES = ("teacher", "officer", "manager", "trust", "finance")
#: Clear refusals: XML-RPC fault codes of UserError/MissingError (2), AccessDenied (3),
#: AccessError (4); a ValidationError comes as an application error (1) naming it.
CLEAR_CODES = (2, 3, 4)
CLEAR_ERRORS = ("odoo.exceptions.ValidationError", "odoo.exceptions.except_orm")


@pytest.fixture(scope="module")
def school(odoo_server):
    """A small demo school on a new company; returns (admin client, login prefix)."""
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    company = admin.call("res.company", "create", {"name": "Buttons %s" % uuid.uuid4().hex[:6]})
    today = datetime.date.today()
    start_year = today.year if today.month >= 9 else today.year - 1
    until = min(datetime.date(start_year, 9, 19), today - datetime.timedelta(days=1))
    admin.call(
        "school.demo", "ensure_demo_school", pupils=8, until=until.isoformat(), company=company
    )
    _documents(admin, company, until)
    return admin, "c%d." % company


def _documents(admin, company, until):
    """Documents the demo has none of, in their first state, made as admin (best effort:
    one that cannot be made leaves its buttons unpressed, which the test reports)."""
    pupils = admin.call("school.pupil", "search", [("company_id", "=", company)], order="id")
    contacts = admin.call(
        "school.pupil.contact",
        "search_read",
        [("pupil_id", "in", pupils), ("has_parental_responsibility", "=", True)],
        fields=["pupil_id", "partner_id"],
        order="id",
    )
    # The oldest pupil: of compulsory school age (notices).
    older = admin.call(
        "school.pupil", "search", [("company_id", "=", company)], order="date_of_birth", limit=1
    )
    older_contact = next(c for c in contacts if c["pupil_id"][0] == older[0])
    pupil, parent = older[0], older_contact["partner_id"][0]
    contact = older_contact["id"]
    cases = admin.call("school.attendance.case", "search", [("company_id", "=", company)])
    sessions = admin.call(
        "school.session",
        "search_read",
        [("company_id", "=", company), ("date", ">", until.isoformat())],
        fields=["date"],
        order="date",
        limit=30,
    )
    day, later = sessions[0]["date"], sessions[-1]["date"]
    wanted = [
        (
            "school.leave.request",
            {
                "pupil_id": pupil,
                "requested_by_id": contact,
                "date_from": day,
                "date_to": later,
                "reason": "Family wedding abroad",
            },
        ),
        ("school.suspension", {"pupil_id": pupil, "date_from": day, "date_to": day}),
        ("school.attendance.referral", {"case_id": cases[0], "kind": "early_help"}),
        ("school.notice.to.improve", {"pupil_id": pupil, "partner_id": parent}),
        (
            "school.penalty.notice",
            {"pupil_id": pupil, "partner_id": parent, "delivery": "hand", "is_nti_exempt": True},
        ),
    ]
    for model, vals in wanted:
        try:
            admin.call(model, "create", vals)
        except xmlrpc.client.Fault as fault:
            print("fixture %s not made: %s" % (model, fault.faultString.strip()[-200:]))


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
    """[(method, invisible)] of the header's object buttons (invisible: bool or domain)."""
    buttons = []
    for header in etree.fromstring(arch).iter("header"):
        for node in header.iter("button"):
            if node.get("type") != "object":
                continue
            modifiers = json.loads(node.get("modifiers") or "{}")
            invisible = modifiers.get("invisible", False)
            if invisible is True:
                continue
            buttons.append((node.get("name"), invisible or []))
    return buttons


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


def _press_as(client, model, view_id, is_wizard, results):
    """Press every header button of the form ``view_id`` as ``client``'s user."""
    if not client.call(model, "check_access_rights", "read", raise_exception=False):
        return
    view = client.call(model, "fields_view_get", view_id=view_id, view_type="form")
    buttons = _header_buttons(view["arch"])
    if not buttons:
        return
    if is_wizard:
        created = []
        outcome = _outcome(lambda: created.append(client.call(model, "create", {})))
        if not created:
            results.append((model, "create", outcome))
            return
        records = client.call(model, "read", created, list(view["fields"]))
    else:
        needed = set()
        for _name, invisible in buttons:
            needed |= _domain_fields(invisible)
        needed = sorted(name for name in needed if name in view["fields"])
        records = client.call(model, "search_read", [], fields=needed or ["id"], limit=80)
    for method, invisible in buttons:
        record = next(
            (rec for rec in records if not (invisible and _matches(invisible, rec))), None
        )
        if record is None:
            results.append((model, method, "not shown"))
            continue
        outcome = _outcome(lambda m=method, r=record: client.call(model, m, [r["id"]]))
        results.append((model, method, outcome))


def test_every_header_button_as_every_role(school, odoo_server):
    admin, prefix = school
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
        client = OdooClient(odoo_server.url, odoo_server.db, prefix + role, role)
        results = results_by_role.setdefault(role, [])
        for model, view_id in views:
            _press_as(client, model, view_id, model in transient, results)
    for role, results in sorted(results_by_role.items()):
        for model, method, outcome in results:
            print("%s\t%s.%s\t%s" % (role, model, method, outcome[:120]))
    pressed = sum(
        1
        for results in results_by_role.values()
        for _model, _method, outcome in results
        if outcome != "not shown"
    )
    errors = [
        "%s: %s.%s -> %s" % (role, model, method, outcome)
        for role, results in sorted(results_by_role.items())
        for model, method, outcome in results
        if outcome.startswith("SERVER ERROR")
    ]
    shown = {
        (model, method)
        for results in results_by_role.values()
        for model, method, outcome in results
        if outcome != "not shown"
    }
    unpressed = sorted(
        "%s.%s" % (model, method)
        for results in results_by_role.values()
        for model, method, outcome in results
        if outcome == "not shown" and (model, method) not in shown
    )
    print("never shown on a record of the demo: %s" % ", ".join(sorted(set(unpressed))))
    assert not errors, "\n\n".join(errors)
    # The officer really pressed buttons of cases, letters and registers.
    officer_models = {model for model, _m, outcome in results_by_role["officer"]}
    assert {"school.attendance.case", "school.letter"} <= officer_models, officer_models
    assert pressed > 40, pressed
