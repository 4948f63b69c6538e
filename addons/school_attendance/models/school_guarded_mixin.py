from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError, UserError

#: Context key under which the server's own code writes guarded fields. Its
#: value must be ``_SERVER_WRITE``, a Python object: XML-RPC and JSON-RPC carry
#: only plain values, so a client that sends the key unlocks nothing.
SERVER_WRITE_KEY = "school_server_write"
_SERVER_WRITE = object()


class SchoolGuardedMixin(models.AbstractModel):
    """Fields that only the server's own code changes.

    A model lists in ``_server_fields`` what no client may set at all (the
    status, audit fields such as who took a register and when), and in
    ``_fixed_fields`` what is set when the record is created and never
    changed by a client after (the school, what places a record, e.g. a mark's
    pupil, session and register). The model's own methods write them with
    :meth:`_server_write` after their own checks; a client gets a clear error
    whatever context it sends.
    """

    _name = "school.guarded.mixin"
    _description = "Fields only the server changes"

    #: Fields a client never sets: only their default at creation.
    _server_fields = ()
    #: Fields a client sets at creation only.
    _fixed_fields = ()

    def _is_server_write(self):
        return self.env.context.get(SERVER_WRITE_KEY) is _SERVER_WRITE

    def _server_write(self, vals):
        """Write ``vals`` (guarded fields included) from the model's own methods."""
        return self.with_context(**{SERVER_WRITE_KEY: _SERVER_WRITE}).write(vals)

    @api.model
    def _server_create(self, vals):
        """Create a record with ``vals`` (guarded fields included) from the model's own
        methods; the record comes back in the caller's environment, without the key."""
        record = self.with_context(**{SERVER_WRITE_KEY: _SERVER_WRITE}).create(vals)
        return self.browse(record.id)

    def _check_user_group(self, group_xmlid):
        """A button that changes the document's status: only ``group_xmlid`` may press it."""
        if self.env.uid != SUPERUSER_ID and not self.env.user.has_group(group_xmlid):
            # sudo below: only the group's name, to tell the user who may do it.
            raise AccessError(
                _("%s: only %s can do this.")
                % (self._description, self.env.ref(group_xmlid).sudo().display_name)
            )

    def _changed_fields(self, vals, names):
        """The fields of ``names`` in ``vals`` whose value differs on some record of ``self``."""
        changed = set()
        for name in set(names) & set(vals):
            field = self._fields[name]
            for record in self:
                old = field.convert_to_write(record[name], record)
                new = vals[name]
                if field.type in ("many2one", "reference"):
                    old, new = old or False, new or False
                if old != new:
                    changed.add(name)
                    break
        return changed

    @api.model
    def _check_guarded_create(self, vals):
        if self._is_server_write():
            return
        defaults = self.default_get(list(set(self._server_fields) & set(vals)))
        wrong = [
            name
            for name in self._server_fields
            if name in vals and (vals[name] or False) != (defaults.get(name) or False)
        ]
        if wrong:
            raise UserError(
                _("%s: %s cannot be set by hand; the document's own buttons set it.")
                % (self._description, self._field_labels(wrong))
            )

    def _check_guarded_write(self, vals):
        if self._is_server_write():
            return
        wrong = self._changed_fields(vals, tuple(self._server_fields) + tuple(self._fixed_fields))
        if wrong:
            raise UserError(
                _(
                    "%s: %s cannot be changed by hand. The document's own buttons "
                    "(and amendments, for a taken register) change it."
                )
                % (self._description, self._field_labels(wrong))
            )

    def _field_labels(self, names):
        return ", ".join(sorted(self._fields[name].string for name in names))

    @api.model
    def create(self, vals):
        self._check_guarded_create(vals)
        return super(SchoolGuardedMixin, self).create(vals)

    def write(self, vals):
        # Who may not write at all is told so first, not that a field is guarded.
        self.check_access_rights("write")
        self._check_guarded_write(vals)
        return super(SchoolGuardedMixin, self).write(vals)
