from odoo import _, api, models
from odoo.exceptions import AccessError

#: Context key naming the parent a portal action writes for (``portal_author``).
PORTAL_AUTHOR_KEY = "portal_author_id"


class PortalAuthor(int):
    """A partner id the server's own code gave as the messages' author: a Python
    object, so a client sending the context key names nobody."""


def portal_author(partner_id):
    """The context ``{PORTAL_AUTHOR_KEY: ...}`` naming ``partner_id`` the author."""
    return {PORTAL_AUTHOR_KEY: PortalAuthor(partner_id)}


def context_author(env):
    """The partner id the server named the author in ``env``'s context, or None."""
    author = env.context.get(PORTAL_AUTHOR_KEY)
    return int(author) if isinstance(author, PortalAuthor) else None


class MailThread(models.AbstractModel):
    """Portal users never read the chatter of school records.

    They may still write in it: a parent's request logs its creation. What a
    parent's action writes through ``sudo()`` (a portal user cannot store a
    record with activities in Odoo 11) names the parent, not the administrator:
    :func:`portal_author` (their partner, in a context no client can send) is the
    messages' author.
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
        author = context_author(self.env)
        if author and kwargs.get("author_id") is None:
            kwargs["author_id"] = author
        return super(MailThread, self).message_post(**kwargs)
