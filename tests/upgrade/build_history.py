"""Give a database built by an earlier release a school's history (run with that release).

``python build_history.py RELEASE_ROOT DB DATA_DIR PUPILS [XMLID=NAME ...]``

Runs with the earlier release's own runtime fixes and addons (``RELEASE_ROOT``
is a checkout of that commit), so that every record is made by the code that
made it in a real school: the demo school with its registers and escalation,
then what the demo does not make — amendments of taken marks, printed letters
(one PDF attachment each), a notice to improve and an issued penalty notice
with its invoice and a payment. Each ``XMLID=NAME`` renames a preset, as a
school editing it would. Prints one JSON line: what was made.
"""

import json
import sys

from odoo_script import load_odoo


def main(root, db, data_dir, pupils, edits):
    odoo = load_odoo(root, db, data_dir)
    with odoo.api.Environment.manage():
        registry = odoo.registry(db)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            made = {"demo": env["school.demo"].ensure_demo_school(pupils=pupils)}
            made["amendments"] = _amend(env)
            made["letters_printed"] = _print_letters(env)
            made["notice"] = _penalty_notice(env)
            for edit in edits:
                xmlid, name = edit.split("=", 1)
                env.ref(xmlid).write({"name": name})
            print(json.dumps(made))


def _amend(env, count=6):
    """Correct a few marks of taken registers, as the office does (with a reason)."""
    codes = env["school.attendance.code"]
    medical, present = codes.get_code("M"), codes.get_code("/")
    marks = env["school.attendance.mark"].search(
        [("register_id.state", "=", "taken"), ("code_id", "=", present.id)],
        limit=count,
        order="id",
    )
    for mark in marks:
        mark.with_context(amendment_reason="Dentist letter brought in").write(
            {"code_id": medical.id}
        )
    return len(marks)


def _print_letters(env, count=5):
    letters = env["school.letter"].search([], limit=count, order="id")
    letters.print_letters()
    return len(letters)


def _penalty_notice(env):
    """Notice to improve, then a penalty notice for the pupil most unauthorised-absent, paid."""
    env.cr.execute(
        """
        SELECT m.pupil_id FROM school_attendance_mark m
        JOIN school_attendance_code c ON c.id = m.code_id
        WHERE c.code IN ('O', 'G') GROUP BY m.pupil_id ORDER BY count(*) DESC, m.pupil_id LIMIT 1
        """
    )
    pupil = env["school.pupil"].browse(env.cr.fetchone()[0])
    parent = pupil.contact_ids.filtered("has_parental_responsibility")[:1].partner_id
    marks = env["school.attendance.mark"].search(
        [("pupil_id", "=", pupil.id), ("code_id.code", "in", ("O", "G"))], order="date"
    )
    nti = env["school.notice.to.improve"].create(
        {
            "pupil_id": pupil.id,
            "partner_id": parent.id,
            "date_issued": marks[0].date,
            "weeks": 3,
            "offence_details": "Unauthorised absence this term.",
            "support_provided": "Meetings with the attendance officer.",
            "support_offered": "Early help referral; breakfast club.",
            "expected_improvement": "No unauthorised absence in the period.",
        }
    )
    nti.action_issue()
    notice = env["school.penalty.notice"].create(
        {
            "pupil_id": pupil.id,
            "partner_id": parent.id,
            "date_issued": marks[-1].date,
            "mark_ids": [(6, 0, marks[:10].ids)],
            "notice_to_improve_id": nti.id,
        }
    )
    notice.action_issue()
    notice.register_payment(notice.amount_due_on(notice.date_received), notice.date_received)
    return notice.name


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:])
