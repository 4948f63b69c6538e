"""11.0.1.1.0: the presets a school has not edited follow the product (two seed 000 steps).

11.0.1.0.0 kept no fingerprints of its presets: they are seeded from that
release's own (``presets-11.0.1.0.0.json``) before the comparison.
"""

import os

from odoo.addons.school_attendance import presets
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    presets.seed_fingerprints(
        env.cr, os.path.join(os.path.dirname(__file__), "presets-11.0.1.0.0.json")
    )
    presets.update_presets(env, "11.0.1.1.0")
