"""11.0.1.1.0: the presets a school has not edited follow the product."""

from odoo.addons.school_attendance import presets


def migrate(cr, version):
    presets.end_migrate(cr, "11.0.1.1.0")
