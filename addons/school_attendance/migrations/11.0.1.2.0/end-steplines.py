"""11.0.1.2.0 (step lines): a preset step the school had edited keeps its activity.

After ``end-migrate.py`` (migration files run in the order of their names): a preset
step whose activity differs from the product's line of it (``post-steplines.py``)
and that the upgrade kept as the school edited it gets the school's activity on that
line; the line then counts as edited by the school (its recorded fingerprint is the
product's). An unedited step keeps the product's line: its old activity was the
earlier release's.
"""

import importlib.util
import logging
import os

from odoo.addons.school_attendance import presets
from openupgradelib import openupgrade

_logger = logging.getLogger(__name__)


def _steplines():
    """``post-steplines.py`` (the step's old activity columns), by its path."""
    path = os.path.join(os.path.dirname(__file__), "post-steplines.py")
    spec = importlib.util.spec_from_file_location("school_attendance_post_steplines", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@openupgrade.migrate()
def migrate(env, version):
    if not openupgrade.column_exists(env.cr, "school_attendance_policy_step", "activity_type_id"):
        return
    steplines = _steplines()
    old = steplines.old_activities(env.cr)
    entries = presets.preset_xml(env)
    stored = presets.stored_fingerprints(env.cr)
    kept = 0
    for step in env[steplines.STEP].browse(sorted(old)).exists():
        line = steplines.product_line(env, step)
        vals = steplines.line_vals(old[step.id])
        if not line or (line.step_id == step and steplines.same_as(line, vals)):
            continue
        xmlid = step.get_external_id()[step.id]
        value = xmlid in entries and presets.value_fingerprint(env, xmlid, entries[xmlid])
        if xmlid in stored and value == stored[xmlid][1]:
            continue  # unedited: the product's line stands
        line.write(dict(vals, step_id=step.id))
        kept += 1
    _logger.info("Policy steps the school had edited: %d activities kept on their lines", kept)
