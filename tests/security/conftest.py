"""One fixture for the adversarial suite: two schools of one trust, one school of
another trust, a victim pupil with every kind of sensitive record at school A1,
and a user for each role that must not reach them.  Built once per session over
XML-RPC as admin, on the session's one server."""

import ast
import os
import xmlrpc.client

import pytest

from tests.harness.rpc import OdooClient

PASSWORD = "attack-pass"
TERM_START, TERM_END = "2025-09-01", "2025-12-19"
DAYS = ("2025-09-08", "2025-09-09")
# Roles that attack the victim's data at school A1 (login -> description).
ATTACKERS = (
    "teacher_other_group",
    "officer_other_school",
    "officer_other_trust",
    "trust_other_school",
    "trust_other_trust",
    "finance",
    "portal_other_family",
)
# Every model holding the victim's data, watched for change.
WATCHED = (
    "school.pupil",
    "school.pupil.contact",
    "school.attendance.register",
    "school.attendance.mark",
    "school.attendance.amendment",
    "school.attendance.case",
    "school.leave.request",
    "school.penalty.notice",
    "school.letter",
    "ir.attachment",
    "mail.message",
    "mail.followers",
    "mail.activity",
)


class Fixture(dict):
    __getattr__ = dict.__getitem__

    def snapshot(self):
        """Count and last change of every watched model, as admin (archived too)."""
        admin, state = self.admin, {}
        for model in WATCHED:
            # mail.followers keeps no write date: its last id says what was added.
            stamp = "id" if model == "mail.followers" else "write_date"
            rows = admin.call(
                model,
                "search_read",
                [],
                fields=[stamp],
                order="%s desc, id desc" % stamp,
                limit=1,
                context={"active_test": False},
            )
            count = admin.call(model, "search_count", [], context={"active_test": False})
            state[model] = (count, rows and (rows[0]["id"], rows[0][stamp]))
        return state


def refused(call, *args, **kwargs):
    """True when Odoo refuses the call (an XML-RPC fault), else its result."""
    try:
        return call(*args, **kwargs)
    except xmlrpc.client.Fault:
        return True


def _company(admin, name, parent=None):
    vals = {"name": name}
    if parent:
        vals["parent_id"] = parent
    return admin.call("res.company", "create", vals)


def _user(admin, login, groups, company):
    return admin.call(
        "res.users",
        "create",
        {
            "name": login.replace("_", " ").title(),
            "login": login,
            "email": "%s@attack.example.org" % login,
            "password": PASSWORD,
            "company_id": company,
            "company_ids": [(6, 0, [company])],
            "groups_id": [(6, 0, [admin.ref(g) for g in groups])],
        },
    )


TEACHER = "school_attendance.group_attendance_teacher"
OFFICER = "school_attendance.group_attendance_officer"
TRUST = "school_attendance.group_attendance_trust"
FINANCE = "school_penalty.group_penalty_finance"


@pytest.fixture(scope="session")
def fx(odoo_server):
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    f = Fixture(admin=admin, url=odoo_server.url, db=odoo_server.db)
    f["trust_a"] = _company(admin, "Attack Trust A")
    f["a1"] = _company(admin, "Attack School A1", f.trust_a)
    f["a2"] = _company(admin, "Attack School A2", f.trust_a)
    f["trust_b"] = _company(admin, "Attack Trust B")
    f["b1"] = _company(admin, "Attack School B1", f.trust_b)
    admin.call(
        "res.users",
        "write",
        [admin.uid],
        {"company_ids": [(4, c) for c in (f.trust_a, f.a1, f.a2, f.trust_b, f.b1)]},
    )
    in_a1 = {"force_company": f.a1, "allowed_company_ids": [f.a1]}

    def create(model, vals):
        if model not in NO_COMPANY:
            vals.setdefault("company_id", f.a1)
        return admin.call(model, "create", vals, context=in_a1)

    f["officer"] = _user(admin, "atk_officer_a1", [OFFICER], f.a1)
    f["users"] = {
        "teacher_other_group": _user(admin, "atk_teacher_other_group", [TEACHER], f.a1),
        "officer_other_school": _user(admin, "atk_officer_other_school", [OFFICER], f.a2),
        "officer_other_trust": _user(admin, "atk_officer_other_trust", [OFFICER], f.b1),
        "trust_other_school": _user(admin, "atk_trust_other_school", [TRUST], f.a2),
        "trust_other_trust": _user(admin, "atk_trust_other_trust", [TRUST], f.trust_b),
        "finance": _user(admin, "atk_finance", [FINANCE], f.a1),
    }
    f["year"] = create(
        "school.academic.year",
        {"name": "Attack 2025/26", "date_start": "2025-08-01", "date_end": "2026-07-31"},
    )
    f["term"] = create(
        "school.term",
        {
            "name": "Attack autumn",
            "academic_year_id": f.year,
            "date_start": TERM_START,
            "date_end": TERM_END,
        },
    )
    # Next year's spring term: days a parent may still ask leave for.
    next_year = create(
        "school.academic.year",
        {"name": "Attack 2026/27", "date_start": "2026-08-01", "date_end": "2027-07-31"},
    )
    create(
        "school.term",
        {
            "name": "Attack spring",
            "academic_year_id": next_year,
            "date_start": "2027-01-04",
            "date_end": "2027-03-26",
        },
    )
    f["group_victim"] = create(
        "school.group",
        {"name": "Attack Ash (7)", "year_group": "7", "tutor_ids": [(6, 0, [f.officer])]},
    )
    f["group_other"] = create(
        "school.group",
        {
            "name": "Attack Birch (7)",
            "year_group": "7",
            "tutor_ids": [(6, 0, [f.users["teacher_other_group"]])],
        },
    )

    def pupil(first, group, **flags):
        vals = dict(
            first_name=first,
            last_name="Attackvictim",
            group_id=group,
            date_admitted=TERM_START,
            date_of_birth="2013-03-01",
            **flags,
        )
        return create("school.pupil", vals)

    f["victim"] = pupil(
        "Vera",
        f.group_victim,
        upn="V123456789012",
        is_looked_after=True,
        has_child_protection_plan=True,
    )
    f["other_child"] = pupil("Otto", f.group_other)
    f["victim_parent"] = admin.call(
        "res.partner", "create", {"name": "Val Attackvictim", "email": "val@attack.example.org"}
    )
    f["victim_contact"] = create(
        "school.pupil.contact",
        {
            "pupil_id": f.victim,
            "partner_id": f.victim_parent,
            "relationship": "mother",
            "has_parental_responsibility": True,
            "lives_with_pupil": True,
        },
    )
    other_parent = admin.call(
        "res.partner", "create", {"name": "Pat Otherfamily", "email": "pat@attack.example.org"}
    )
    f["other_contact"] = create(
        "school.pupil.contact",
        {
            "pupil_id": f.other_child,
            "partner_id": other_parent,
            "relationship": "mother",
            "has_parental_responsibility": True,
            "lives_with_pupil": True,
        },
    )
    admin.call("school.pupil.contact", "action_grant_portal_access", [f.other_contact])
    portal = admin.call(
        "res.users", "search", [("partner_id", "=", other_parent)], context={"active_test": False}
    )[0]
    admin.call("res.users", "write", [portal], {"password": PASSWORD, "active": True})
    f.users["portal_other_family"] = portal

    _registers(odoo_server, f)
    # Joined after the registers were made: no mark yet, a teacher could invent one.
    f["unmarked_pupil"] = pupil("Nia", f.group_victim)
    _case_and_notice(admin, f, create)
    _exports(odoo_server, f)
    f["clients"] = {
        role: OdooClient(odoo_server.url, odoo_server.db, _login(admin, uid), PASSWORD)
        for role, uid in f.users.items()
    }
    f["clients"]["officer"] = OdooClient(
        odoo_server.url, odoo_server.db, "atk_officer_a1", PASSWORD
    )
    return f


# Models whose school follows from another field (related company_id).
NO_COMPANY = ("school.term", "school.pupil.contact", "school.penalty.notice")


def _login(admin, uid):
    return admin.call("res.users", "read", [uid], ["login"])[0]["login"]


def _registers(odoo_server, f):
    admin = f.admin
    # The school's own officer generates its registers (for the user's school).
    officer = OdooClient(odoo_server.url, odoo_server.db, "atk_officer_a1", PASSWORD)
    registers = officer.call("school.attendance.register", "generate_registers", DAYS[0], DAYS[1])
    mine = admin.call(
        "school.attendance.register",
        "search",
        [("id", "in", registers), ("group_id", "=", f.group_victim)],
        order="date, period",
    )
    for register in mine:
        admin.call("school.attendance.register", "action_mark_all_present", [register])
        admin.call("school.attendance.register", "action_take", [register])
    f["register_taken"], f["register_closed"] = mine[0], mine[1]
    admin.call("school.attendance.register", "action_close", [f.register_closed])
    f["mark_closed"] = admin.call(
        "school.attendance.mark", "search", [("register_id", "=", f.register_closed)]
    )[0]
    f["register_other_group"] = admin.call(
        "school.attendance.register",
        "search",
        [("id", "in", registers), ("group_id", "=", f.group_other)],
        limit=1,
    )[0]


def _case_and_notice(admin, f, create):
    f["case"] = create(
        "school.attendance.case",
        {"pupil_id": f.victim, "concern": "low_attendance", "user_id": f.officer},
    )
    f["activity"] = admin.call(
        "mail.activity",
        "create",
        {
            "res_model_id": admin.call(
                "ir.model", "search", [("model", "=", "school.attendance.case")]
            )[0],
            "res_id": f.case,
            "summary": "Attack: home visit",
            "user_id": f.officer,
        },
    )
    f["notice"] = create(
        "school.penalty.notice",
        {
            "pupil_id": f.victim,
            "partner_id": f.victim_parent,
            "delivery": "hand",
            "is_nti_exempt": True,
            "nti_exemption_reason": "Attack fixture",
        },
    )


def _exports(odoo_server, f):
    officer = OdooClient(odoo_server.url, odoo_server.db, "atk_officer_a1", PASSWORD)
    wizard = officer.call(
        "school.attendance.export.wizard",
        "create",
        {"company_id": f.a1, "term_id": f.term, "export_type": "census", "all_ages": True},
    )
    officer.call("school.attendance.export.wizard", "action_export", [wizard])
    (row,) = officer.call("school.attendance.export.wizard", "read", [wizard], fields=["export_id"])
    f["export"] = row["export_id"][0]
    # The CSV is the export record's binary field, kept as an attachment.
    f["export_attachment"] = f.admin.call(
        "ir.attachment",
        "search",
        [
            ("res_model", "=", "school.attendance.export"),
            ("res_id", "=", f.export),
            ("res_field", "=", "csv_file"),
        ],
    )[0]
    f["export_urls"] = (
        "/web/content/%d" % f.export_attachment,
        "/web/content/%d?download=true" % f.export_attachment,
        "/web/content/school.attendance.export/%d/csv_file" % f.export,
        "/web/content/ir.attachment/%d/datas" % f.export_attachment,
    )


def inventory():
    """``{(model, method): policy}`` read from the addons' security/public_methods.py."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    names = {"CRON": "cron", "READ": "read", "WRITE": "write"}
    listed = {}
    for addon in ("school_attendance", "school_penalty", "school_letters"):
        path = os.path.join(root, "addons", addon, "security", "public_methods.py")
        tree = ast.parse(open(path, encoding="utf-8").read())
        scope = dict(names)
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                scope[node.targets[0].id] = _evaluate(node.value, scope)
        for model, methods in scope["PUBLIC_METHODS"].items():
            for method, policy in methods.items():
                listed[(model, method)] = policy
    return listed


def _evaluate(node, scope):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return scope[node.id]
    if isinstance(node, ast.Dict):
        return {
            _evaluate(k, scope): _evaluate(v, scope)
            for k, v in zip(node.keys, node.values, strict=True)
        }
    raise ValueError(ast.dump(node))
