"""11.0.1.2.0 (step lines): a policy step gives its activities through lines, each to
its own person; the step's single activity becomes its first line.

Before, a step had one activity (type, summary, responsible, role, deadline on the
step). Each existing step's activity becomes a line of it:

* a preset step the product now ships with its line (``<step>_activity``, created by
  this upgrade from the data) keeps the product's line when the school had not
  edited the step, else the line takes the school's values (``end-steplines.py``,
  once ``end-migrate.py`` has told edited presets from unedited ones);
* any other step (the school's own) gets a new line with its values.

Texts the school translated (a summary edited in British English) follow. New lines
of presets (seed 000's day 2: the Pupil Support Lead informed) are added like new
preset steps. The old columns stay: ``end-migrate.py`` reads them to tell unedited
preset steps from edited ones (``presets.REMOVED_FIELDS``).
"""

import logging

from openupgradelib import openupgrade
from psycopg2 import sql

_logger = logging.getLogger(__name__)

#: A step's activity fields before 11.0.1.2.0 (its table's old columns) and the
#: field of the line each one moved to.
MOVED = {
    "activity_type_id": "activity_type_id",
    "activity_summary": "summary",
    "responsible": "responsible",
    "responsible_user_id": "responsible_user_id",
    "staff_role": "staff_role",
    "responsible_role": "responsible_role",
    "due_days": "due_days",
    "due_time": "due_time",
}
TRANSLATED = {"activity_summary": "summary", "responsible_role": "responsible_role"}
STEP = "school.attendance.policy.step"
LINE = "school.attendance.policy.step.activity"


def old_activities(cr):
    """``{step id: {old column: value}}`` of the steps that had an activity."""
    cr.execute(
        sql.SQL(
            "SELECT id, {} FROM school_attendance_policy_step"
            " WHERE activity_type_id IS NOT NULL ORDER BY id"
        ).format(sql.SQL(", ").join(sql.Identifier(name) for name in MOVED))
    )
    columns = ["id"] + list(MOVED)
    return {row[0]: dict(zip(columns[1:], row[1:], strict=True)) for row in cr.fetchall()}


@openupgrade.migrate()
def migrate(env, version):
    if not openupgrade.column_exists(env.cr, "school_attendance_policy_step", "activity_type_id"):
        return
    old = old_activities(env.cr)
    for step in env[STEP].browse(sorted(old)):
        move_to_line(env, step, old[step.id])
    _logger.info("Policy steps: %d activities moved into step lines", len(old))


def line_vals(old):
    vals = {MOVED[name]: value for name, value in old.items()}
    for name in ("summary", "responsible_role", "staff_role", "responsible_user_id"):
        vals[name] = vals[name] or False
    vals["due_days"] = vals["due_days"] or 0
    vals["due_time"] = vals["due_time"] or 0.0
    # The steps fell back to the case owner when their role or user was missing.
    if (vals["responsible"] == "role" and not vals["staff_role"]) or (
        vals["responsible"] == "user" and not vals["responsible_user_id"]
    ):
        vals["responsible"] = "case_owner"
    vals["responsible"] = vals["responsible"] or "case_owner"
    return vals


def same_as(line, vals):
    for name, value in vals.items():
        current = line[name]
        if line._fields[name].type == "many2one":
            current = current.id or False
        if current != value:
            return False
    return True


def move_to_line(env, step, old):
    """The step's activity as a line: a new one, unless the product ships the step's
    line (``<step>_activity``, created by this upgrade from the data); when that
    line differs from the step's activity, ``end-steplines.py`` decides which stays
    (the school's values if it had edited the step)."""
    vals = line_vals(old)
    line = product_line(env, step)
    if not line:
        line = env[LINE].create(dict(vals, step_id=step.id))
    copy_translations(env.cr, step.id, line.id)


def product_line(env, step):
    xmlid = step.get_external_id().get(step.id)
    return xmlid and env.ref("%s_activity" % xmlid, raise_if_not_found=False)


def copy_translations(cr, step_id, line_id):
    for old, new in TRANSLATED.items():
        old_name, new_name = "%s,%s" % (STEP, old), "%s,%s" % (LINE, new)
        cr.execute(
            "SELECT 1 FROM ir_translation WHERE type = 'model' AND name = %s AND res_id = %s",
            (old_name, step_id),
        )
        if not cr.fetchone():
            continue
        cr.execute(
            "DELETE FROM ir_translation WHERE type = 'model' AND name = %s AND res_id = %s",
            (new_name, line_id),
        )
        cr.execute(
            "INSERT INTO ir_translation (lang, src, value, type, name, res_id, state, module,"
            " comments) SELECT lang, src, value, type, %s, %s, state, module, comments"
            " FROM ir_translation WHERE type = 'model' AND name = %s AND res_id = %s",
            (new_name, line_id, old_name, step_id),
        )
