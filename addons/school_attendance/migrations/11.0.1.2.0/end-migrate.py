"""11.0.1.2.0: the presets a school has not edited follow the product."""

from odoo.addons.school_attendance import presets
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    presets.update_presets(env, "11.0.1.2.0")
