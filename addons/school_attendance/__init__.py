from odoo import SUPERUSER_ID, api

from . import access, controllers, models, presets, report, wizards
from .security import public_methods

access.declare("school_attendance", public_methods.PUBLIC_METHODS)


def post_init_hook(cr, registry):
    """Schools that exist before the install follow the seed 000 ladder, as new ones do."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"].search([])._set_default_attendance_policy()
    presets.record_presets(env)
