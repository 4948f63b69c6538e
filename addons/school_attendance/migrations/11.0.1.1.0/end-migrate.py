"""11.0.1.1.0: the presets a school has not edited follow the product (two seed 000 steps).

11.0.1.0.0 kept no fingerprints of its presets: they are seeded from that
release's own (``presets-11.0.1.0.0.json``) before the comparison, which is made
over the fields that release set (``preset-fields-11.0.1.0.0.json``) where a later
release sets others (a database upgraded straight to a later version gets its
presets from that version here).
"""

import json
import os

from odoo.addons.school_attendance import presets
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    here = os.path.dirname(__file__)
    presets.seed_fingerprints(env.cr, os.path.join(here, "presets-11.0.1.0.0.json"))
    with open(os.path.join(here, "preset-fields-11.0.1.0.0.json"), encoding="utf-8") as release:
        earlier = json.load(release)
    presets.update_presets(env, "11.0.1.1.0", earlier_fields=earlier)
