from odoo import _, api, models
from odoo.exceptions import AccessError


class MailThread(models.AbstractModel):
    """Portal users never read the chatter of school records.

    They may still write in it: a parent's request logs its creation. What a
    parent's action writes through ``sudo()`` (a portal user cannot store a
    record with activities in Odoo 11) names the parent, not the administrator:
    the context key ``portal_author_id`` (their partner) is the messages' author.
    """

    _inherit = "mail.thread"

    @api.model
    def check_mail_message_access(self, res_ids, operation, model_name=None):
        model = model_name or self._name
        if (
            operation == "read"
            and model.startswith("school.")
            and not self.env.user.has_group("base.group_user")
        ):
            raise AccessError(
                _("The messages of school records are for school staff only (%s).") % model
            )
        return super(MailThread, self).check_mail_message_access(
            res_ids, operation, model_name=model_name
        )

    @api.multi
    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        author = self.env.context.get("portal_author_id")
        if author and kwargs.get("author_id") is None:
            kwargs["author_id"] = author
        return super(MailThread, self).message_post(**kwargs)
