from odoo import models

from .. import access


class SchoolPublicMethod(models.AbstractModel):
    """Puts the public-method inventory (``access.py``) in force on every load."""

    _name = "school.public.method"
    _description = "Public method guard"

    def _register_hook(self):
        # Runs once the registry is complete (all installed addons' classes built),
        # so every model of every installed addon of ours gets its guards.
        result = super()._register_hook()
        access.install_guards(self.env)
        return result
