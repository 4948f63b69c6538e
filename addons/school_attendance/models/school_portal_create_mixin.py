from odoo import _, api, models
from odoo.exceptions import AccessError


class SchoolPortalCreateMixin(models.AbstractModel):
    """What a parent may give when they create a record (portal form or RPC).

    An allowlist, never a denylist: a field added to the model later is the
    school's until it is listed here. The portal controllers create through
    the model, so every path a parent has goes through
    :meth:`_check_portal_create_vals`.
    """

    _name = "school.portal.create.mixin"
    _description = "Fields a parent may set on creation"

    #: The only fields a parent sets when creating a record.
    _portal_create_fields = ()

    @api.model
    def _check_portal_create_vals(self, vals):
        extra = sorted(set(vals) - set(self._portal_create_fields))
        if extra:
            raise AccessError(
                _("A parent can give only %s on a new %s; the school sets %s.")
                % (
                    ", ".join(self._fields[name].string for name in self._portal_create_fields),
                    self._description.lower(),
                    ", ".join(
                        self._fields[name].string if name in self._fields else name
                        for name in extra
                    ),
                )
            )
