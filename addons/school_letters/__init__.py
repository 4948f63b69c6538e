from odoo import SUPERUSER_ID, api
from odoo.addons.school_attendance import access, presets

from . import controllers, models, report, wizards  # noqa: F401
from .security import public_methods

access.declare("school_letters", public_methods.PUBLIC_METHODS)


def post_init_hook(cr, registry):
    """The presets just loaded (and those of school_attendance they change) are the product's."""
    presets.record_presets(api.Environment(cr, SUPERUSER_ID, {}))
