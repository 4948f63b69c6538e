"""11.0.1.1.0: files that any user could read are removed; names read the British way.

Before 11.0.1.1.0 the census and daily extract CSVs were attached to the term
or the school (``res.company``), where every user who could read the school
could download them.  They are copies of what an export makes again at any
time (now kept on its export record, officers only), so they are deleted.
The stored names of contracts are recomputed ('7 February 2025', not ISO).
"""

import logging

from openupgradelib import openupgrade

_logger = logging.getLogger(__name__)


@openupgrade.migrate()
def migrate(env, version):
    exports = (
        env["ir.attachment"]
        .sudo()
        .search(
            [
                ("res_model", "in", ("school.term", "res.company")),
                ("mimetype", "=", "text/csv"),
                "|",
                ("name", "=like", "census_attendance_%"),
                ("name", "=like", "attendance_%"),
            ]
        )
    )
    if exports:
        _logger.warning(
            "Removed %d attendance export file(s) attached to schools or terms, where "
            "every user of the school could read them: export again from "
            "Reporting > Exports (kept for officers only).",
            len(exports),
        )
        exports.unlink()
    recompute_names(env, "school.attendance.contract")


def recompute_names(env, model):
    """Recompute the stored ``name`` of every record of ``model`` (dates in names)."""
    records = env[model].with_context(active_test=False).search([])
    env.add_todo(env[model]._fields["name"], records)
    env[model].recompute()
