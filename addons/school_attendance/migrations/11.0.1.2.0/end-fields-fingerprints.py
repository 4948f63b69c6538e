"""11.0.1.2.0: presets whose fields changed in this release are compared over the
fields 11.0.1.1.0 set.

A preset's fingerprint holds its values over the fields the product's ``<record>``
set when it was recorded. This release sets other fields on some presets (a policy
step's activity moved to its lines; new fields on some steps): compared over
today's fields, every such preset would read as edited by the school and be kept.
So each one whose values over 11.0.1.1.0's fields (``preset-fields-11.0.1.1.0.json``;
a step's moved activity read from its old columns) are still those recorded is
unedited: its fingerprint is recorded again over today's fields. Migration files
run in the order of their names: this one before ``end-migrate.py``, which then
reloads the unedited presets the product changed. At the end stage, when the fields
every addon adds to the presets (a letter step's kind) are loaded.
"""

import importlib.util
import json
import logging
import os

from odoo.addons.school_attendance import presets
from openupgradelib import openupgrade

_logger = logging.getLogger(__name__)
HERE = os.path.dirname(__file__)


def _steplines():
    """``post-steplines.py`` (the step's old activity columns), by its path."""
    path = os.path.join(HERE, "post-steplines.py")
    spec = importlib.util.spec_from_file_location("school_attendance_post_steplines", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@openupgrade.migrate()
def migrate(env, version):
    with open(os.path.join(HERE, "preset-fields-11.0.1.1.0.json"), encoding="utf-8") as release:
        earlier = json.load(release)
    steplines = _steplines()
    old = {}
    if openupgrade.column_exists(env.cr, "school_attendance_policy_step", "activity_type_id"):
        old = steplines.old_activities(env.cr)
    entries = presets.preset_xml(env)
    stored = presets.stored_fingerprints(env.cr)
    rebased = []
    for xmlid, names in sorted(earlier.items()):
        if xmlid not in entries or xmlid not in stored:
            continue
        record = env.ref(xmlid, raise_if_not_found=False)
        moved = {}
        if record and record._name == steplines.STEP and record.id in old:
            moved = steplines.plain_moved(
                env, old[record.id], [name for name in names if name in steplines.MOVED]
            )
        if presets.rebase_after_move(env, xmlid, entries[xmlid], names, moved):
            rebased.append(xmlid)
    _logger.info(
        "Presets whose fields changed since 11.0.1.1.0: %d unedited, fingerprinted anew",
        len(rebased),
    )
