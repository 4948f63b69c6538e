from odoo import SUPERUSER_ID, api
from odoo.addons.school_attendance import access, presets

from . import controllers, models, wizards
from .security import public_methods

access.declare("school_penalty", public_methods.PUBLIC_METHODS)


def post_init_hook(cr, registry):
    """Schools invoice penalty notices in pounds: set GBP where nothing is booked yet."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"].search([])._penalty_use_pound_sterling()
    presets.record_presets(env)
