"""11.0.1.2.0: the presets a school has not edited follow the product.

This release sets other fields on some presets (a policy step's activity moved to
its lines, read from the step's old columns; new fields on some steps): each is
compared over the fields 11.0.1.1.0 set (``preset-fields-11.0.1.1.0.json``), so that
only the presets a school edited are kept.
"""

import json
import os

from odoo.addons.school_attendance import presets
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    path = os.path.join(os.path.dirname(__file__), "preset-fields-11.0.1.1.0.json")
    with open(path, encoding="utf-8") as release:
        earlier = json.load(release)
    presets.update_presets(env, "11.0.1.2.0", earlier_fields=earlier)
