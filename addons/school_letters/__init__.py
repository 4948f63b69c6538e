from odoo.addons.school_attendance import access

from . import controllers, models, report, wizards  # noqa: F401
from .security import public_methods

access.declare("school_letters", public_methods.PUBLIC_METHODS)
