from odoo import _, models
from odoo.exceptions import UserError

#: Chatter and activity fields: they stay writable on a frozen document.
_THREAD_PREFIXES = ("message_", "activity_", "website_message_")


class SchoolFrozenMixin(models.AbstractModel):
    """A legal document that is frozen once it leaves its editable states.

    ``state`` changes only through the model's own buttons
    (:meth:`~SchoolGuardedMixin._server_write`). Outside
    ``_editable_states`` nothing but ``_frozen_writable_fields`` (and the
    chatter) may be written by a client, and the document cannot be deleted:
    what was printed, sent or issued stays as it was.
    """

    _name = "school.frozen.mixin"
    _inherit = "school.guarded.mixin"
    _description = "Frozen legal document"

    _server_fields = ("state",)
    #: States in which the document may still be edited and deleted.
    _editable_states = ("draft",)
    #: Fields a client may still write once the document is frozen.
    _frozen_writable_fields = ()

    def _frozen_writable(self, state):
        """Fields a client may write on a document in ``state`` (outside the editable ones)."""
        return set(self._frozen_writable_fields)

    def _is_frozen(self):
        self.ensure_one()
        return "state" not in self._fields or self.state not in self._editable_states

    def _check_guarded_write(self, vals):
        super(SchoolFrozenMixin, self)._check_guarded_write(vals)
        if self._is_server_write():
            return
        for record in self.filtered(lambda r: r._is_frozen()):
            state = record.state if "state" in record._fields else False
            locked = [
                name
                for name in vals
                if name not in record._frozen_writable(state)
                and not name.startswith(_THREAD_PREFIXES)
            ]
            locked = record._changed_fields(vals, locked)
            if locked:
                raise UserError(
                    _(
                        "%s %s cannot be changed any more (%s): it must show what "
                        "was issued or sent. Use its buttons (withdraw, cancel, a "
                        "new document) instead."
                    )
                    % (record._description, record.display_name, record._field_labels(locked))
                )

    def unlink(self):
        frozen = self.filtered(lambda r: r._is_frozen())
        if frozen:
            raise UserError(
                _("%s cannot be deleted once issued, printed or sent: %s.")
                % (self._description, ", ".join(frozen.mapped("display_name")))
            )
        return super(SchoolFrozenMixin, self).unlink()
