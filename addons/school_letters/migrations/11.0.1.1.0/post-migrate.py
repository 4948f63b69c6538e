"""11.0.1.1.0: batch PDFs stored with no record are removed.

Before 11.0.1.1.0 a print run's combined PDF ('letters-<time>.pdf') was an
attachment bound to no record, so every internal user of every school could
list and download it.  Each letter keeps its own PDF; the combined file is
only a print copy, now stored on its print run (officers of the school only).
"""

import logging

from openupgradelib import openupgrade

_logger = logging.getLogger(__name__)


@openupgrade.migrate()
def migrate(env, version):
    loose = (
        env["ir.attachment"]
        .sudo()
        .search(
            [
                ("res_model", "=", False),
                ("mimetype", "=", "application/pdf"),
                ("name", "=like", "letters-%.pdf"),
            ]
        )
    )
    if loose:
        _logger.warning(
            "Removed %d batch letter PDF(s) stored with no record (readable by every "
            "user); each letter keeps its own PDF.",
            len(loose),
        )
        loose.unlink()
