from odoo import api, models


class MailMessage(models.Model):
    """The chatter shows a field's tracked changes only to who may read the field.

    Odoo 11 formats tracking values as superuser, so a teacher reading a
    pupil's chatter would see "Looked After: False -> True" although the field
    itself is refused to them (``groups=``).
    """

    _inherit = "mail.message"

    @api.model
    def _message_read_dict_postprocess(self, messages, message_tree):
        result = super(MailMessage, self)._message_read_dict_postprocess(messages, message_tree)
        hidden = self._hidden_tracking_value_ids(messages)
        if hidden:
            for message in messages:
                message["tracking_value_ids"] = [
                    value for value in message["tracking_value_ids"] if value["id"] not in hidden
                ]
        return result

    @api.model
    def _hidden_tracking_value_ids(self, messages):
        """Ids of the tracking values (of ``messages``, formatted dicts) whose field
        the current user may not read."""
        value_ids = [value["id"] for message in messages for value in message["tracking_value_ids"]]
        if not value_ids or self.env.user._is_superuser():
            return set()
        hidden = set()
        # sudo: tracking values are only readable by administrators; only their
        # field name and model are read, to drop those the user may not see.
        for value in self.env["mail.tracking.value"].sudo().browse(value_ids):
            model = self.env.get(value.mail_message_id.model)
            field = model._fields.get(value.field) if model is not None else None
            if field and field.groups and not self.user_has_groups(field.groups):
                hidden.add(value.id)
        return hidden
