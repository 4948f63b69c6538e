from collections import defaultdict

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError

from ..bulk import bulk_create


class MailActivity(models.Model):
    """Activities on school records are read like the record they are on.

    Odoo 11 lets every internal user read every activity (only writing one
    checks the document), so an officer of another school, a teacher or any
    employee could list the activities of attendance cases. On the school
    models, an activity is found and read only by who may read its record.
    """

    _inherit = "mail.activity"

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        if self._uid == SUPERUSER_ID:
            return super(MailActivity, self)._search(
                args,
                offset=offset,
                limit=limit,
                order=order,
                count=count,
                access_rights_uid=access_rights_uid,
            )
        # Filter the whole result first, then page and count it: activities are
        # few per user, and a page of hidden ones would otherwise look empty.
        ids = super(MailActivity, self)._search(
            args, order=order, access_rights_uid=access_rights_uid
        )
        allowed = set(self.browse(ids)._filter_school_readable().ids)
        ids = [activity_id for activity_id in ids if activity_id in allowed]
        if count:
            return len(ids)
        ids = ids[offset or 0 :]
        return ids[:limit] if limit else ids

    def read(self, fields=None, load="_classic_read"):
        self._check_school_readable()
        return super(MailActivity, self).read(fields=fields, load=load)

    def unlink(self):
        """Closing an activity (done, feedback) checks the user may, as Odoo does; then
        Odoo tells the assignee's web client, reading the assignee's partner. The user
        closing it may not read the assignee (a colleague since moved to another school):
        that part runs as superuser, so holding a review is no server error."""
        self._check_access("unlink")
        # Odoo lets assignees delete their own activities: only on records they
        # may still read (a colleague moved to another school closes nothing there).
        self._check_school_readable()
        # sudo: after the checks above; only the assignee's partner is read (to notify).
        return super(MailActivity, self.sudo()).unlink()

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        if self._uid != SUPERUSER_ID:
            domain = [("id", "in", self.search(domain or []).ids)]
        return super(MailActivity, self).read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )

    @api.model
    def _create_many(self, vals_list):
        """Activities from ``vals_list`` as ``create()`` makes them one by one, at a cost
        that does not grow with their number (a policy step with several activity
        lines, the steps of a whole escalation run): one INSERT, write access to the
        documents checked once, the documents' assignees subscribed together, each
        assignee told once."""
        if len(vals_list) < 2:
            return self.browse([self.create(vals).id for vals in vals_list])
        # sudo, as create(): activities are somewhat protected; the user's write
        # access to their documents is checked below, as create() does.
        created = bulk_create(self.sudo(), vals_list)
        # The documents' activity lists and what is computed from them (the
        # activities' own stored fields were computed by bulk_create), recomputed
        # now, as superuser as create() does: the user may not write others' activities.
        created.modified(["res_id", "date_deadline", "user_id", "activity_type_id"])
        created.recompute()
        activities = created.sudo(self.env.user)
        activities._check_access("create")
        assignees = defaultdict(set)
        for activity in activities:
            assignees[(activity.res_model, activity.res_id)].add(activity.user_id.partner_id.id)
        # The documents with the same assignees subscribe them together.
        documents = defaultdict(list)
        for (model, res_id), partner_ids in assignees.items():
            documents[(model, tuple(sorted(partner_ids)))].append(res_id)
        for (model, partner_ids), res_ids in documents.items():
            self.env[model].browse(res_ids).message_subscribe(partner_ids=list(partner_ids))
        today = fields.Date.today()
        due = activities.filtered(lambda activity: activity.date_deadline <= today)
        for partner in due.mapped("user_id.partner_id"):
            self.env["bus.bus"].sendone(
                (self._cr.dbname, "res.partner", partner.id),
                {"type": "activity_updated", "activity_created": True},
            )
        return activities

    def _school_documents(self):
        """{model: {res_id: activity ids}} of the activities on school records."""
        documents = defaultdict(lambda: defaultdict(list))
        if not self.ids:
            return documents
        self.env.cr.execute(
            "SELECT id, res_model, res_id FROM mail_activity WHERE id IN %s AND res_model LIKE %s",
            (tuple(self.ids), "school.%"),
        )
        for activity_id, res_model, res_id in self.env.cr.fetchall():
            documents[res_model][res_id].append(activity_id)
        return documents

    def _filter_school_readable(self):
        """The activities of ``self`` the user may read: all but those on school
        records the user cannot read."""
        if self._uid == SUPERUSER_ID:
            return self
        hidden = set()
        for model_name, targets in self._school_documents().items():
            if model_name not in self.env:
                continue
            model = self.env[model_name]
            if not model.check_access_rights("read", raise_exception=False):
                readable = set()
            else:
                readable = set(
                    model.with_context(active_test=False).search([("id", "in", list(targets))]).ids
                )
            for res_id, activity_ids in targets.items():
                if res_id not in readable:
                    hidden.update(activity_ids)
        return self.filtered(lambda activity: activity.id not in hidden)

    def _check_school_readable(self):
        if self._filter_school_readable() != self:
            raise AccessError(
                _(
                    "You may not read this activity: it is on a school record "
                    "(an attendance case, a pupil...) that you cannot open."
                )
            )
