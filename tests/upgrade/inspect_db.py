"""What a school's database holds, as one JSON line (run with the code that serves it).

``python inspect_db.py ROOT DB DATA_DIR [--from RELEASE_ADDONS] [PRESET_XMLID ...]``

``ROOT`` is the checkout whose runtime fixes and addons read the database (an
earlier release before an upgrade, the working tree after it). Prints counts
of every record a school must never lose (by state where there is one), the
SHA-1 of each letter's PDF as read from the file store, each pupil's
attendance summary and the pupils whose summary differs from a recount of
their marks one by one, and the name, description and policy chatter of the
presets named. With ``--from`` (after an upgrade from the release whose addons
are there): the presets whose product XML changed since that release, each
with the fields whose database value is not the XML's text now.
"""

import base64
import hashlib
import json
import sys

from odoo_script import load_odoo

# (model, field counted by value or None): the school's records and history.
COUNTED = [
    ("school.pupil", None),
    ("school.attendance.register", "state"),
    ("school.attendance.mark", None),
    ("school.attendance.amendment", None),
    ("school.attendance.case", None),
    ("school.letter", "state"),
    ("school.notice.to.improve", "state"),
    ("school.penalty.notice", "state"),
    ("account.invoice", "state"),
    ("account.payment", "state"),
]


def main(root, db, data_dir, preset_xmlids, release_addons=None):
    odoo = load_odoo(root, db, data_dir)
    with odoo.api.Environment.manage():
        registry = odoo.registry(db)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"active_test": False})
            print(
                json.dumps(
                    {
                        "counts": counts(env),
                        "letter_pdfs": letter_pdfs(env),
                        "notices": notices(env),
                        "registers": registers(env),
                        "summaries": summaries(env),
                        "presets": presets(env, preset_xmlids),
                        "changed_presets": changed_presets(env, release_addons),
                    },
                    sort_keys=True,
                )
            )


def counts(env):
    result = {}
    for model, by in COUNTED:
        records = env[model]
        result[model] = records.search_count([])
        if by:
            for group in records.read_group([], [by], [by]):
                result["%s[%s=%s]" % (model, by, group[by])] = group["%s_count" % by]
    return result


def letter_pdfs(env):
    """{letter name: SHA-1 of its PDF from the file store, or why there is none}."""
    result = {}
    for letter in env["school.letter"].search([("attachment_id", "!=", False)], order="id"):
        data = base64.b64decode(letter.attachment_id.datas or b"")
        key = "%s/%d" % (letter.name, letter.id)
        result[key] = hashlib.sha1(data).hexdigest() if data[:5] == b"%PDF-" else "not a PDF"
    return result


def notices(env):
    """{notice number: [state, parent, sessions, amount invoiced, amount paid]}."""
    result = {}
    for notice in env["school.penalty.notice"].search([], order="id"):
        invoices = notice.invoice_ids
        result[notice.name] = [
            notice.state,
            notice.partner_id.name,
            len(notice.mark_ids),
            sum(invoices.mapped("amount_total")),
            sum(invoices.mapped("amount_total")) - sum(invoices.mapped("residual")),
        ]
    return result


def registers(env):
    """SHA-1 of every register: date, period, group, state and each pupil's code and minutes."""
    env.cr.execute(
        """
        SELECT r.date, r.period, g.name, r.state, p.upn, c.code, m.minutes_late
        FROM school_attendance_register r
        JOIN school_group g ON g.id = r.group_id
        LEFT JOIN school_attendance_mark m ON m.register_id = r.id
        LEFT JOIN school_pupil p ON p.id = m.pupil_id
        LEFT JOIN school_attendance_code c ON c.id = m.code_id
        ORDER BY r.date, r.period, g.name, p.upn
        """
    )
    return hashlib.sha1(json.dumps(env.cr.fetchall(), default=str).encode()).hexdigest()


def summaries(env):
    """{pupil UPN: summary} and the UPNs whose summary is not a recount of their marks."""
    from odoo.addons.school_attendance.rules import statistics

    pupils = env["school.pupil"].search([], order="id")
    flags = env["school.attendance.code"].search([])._flags()
    marks = pupils._read_session_marks()
    result, differ = {}, []
    for summary in pupils.get_attendance_summary():
        pupil = env["school.pupil"].browse(summary.pop("pupil_id"))
        summary.pop("band_id", None)
        recount = statistics.summarise(
            [(code, minutes) for _d, _p, code, minutes in marks[pupil.id] if code], flags
        )
        if any(summary.get(key) != value for key, value in recount.items()):
            differ.append(pupil.upn)
        result[pupil.upn] = summary
    return {"by_pupil": result, "differ_from_recount": differ}


def presets(env, xmlids):
    result = {}
    for xmlid in xmlids:
        record = env.ref(xmlid).with_context(lang=None)
        policy = record if record._name == "school.attendance.policy" else record.policy_id
        result[xmlid] = {
            "name": record.name,
            "description": record.description,
            "policy_messages": [message.body for message in getattr(policy, "message_ids", [])],
        }
    return result


def changed_presets(env, release_addons):
    """{xmlid: [field whose value is not the XML's text]} of presets changed since the release."""
    if not release_addons:
        return None
    from odoo.addons.school_attendance import presets as preset_data

    before = preset_data.preset_xml(env, release_addons)
    result = {}
    for xmlid, entries in preset_data.preset_xml(env).items():
        source = preset_data.source_fingerprint(entries)
        if xmlid in before and preset_data.source_fingerprint(before[xmlid]) == source:
            continue
        record = env.ref(xmlid).with_context(lang=None)
        # A later addon's <field> of the preset wins (school_letters making a step a
        # letter): compare each field with the last text the product gives it.
        expected = {}
        for _addon, _filename, element in entries:
            for field in element.findall("field"):
                if set(field.attrib) == {"name"}:
                    expected[field.get("name")] = field.text or ""
                else:
                    expected.pop(field.get("name"), None)
        result[xmlid] = [name for name, text in expected.items() if str(record[name]) != text]
    return result


if __name__ == "__main__":
    args = sys.argv[4:]
    release = None
    if args[:1] == ["--from"]:
        release, args = args[1], args[2:]
    main(sys.argv[1], sys.argv[2], sys.argv[3], args, release)
