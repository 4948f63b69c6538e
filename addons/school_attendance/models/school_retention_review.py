"""The monthly retention review: what has passed its school's period, for a manager to confirm.

The job (:meth:`SchoolRetentionReview._cron_retention_review`) makes one review
per school listing each record past its kind's period
(``school.retention.rule``); a manager reads it and presses **Anonymise**.
Each kind's records are then stripped of their personal data while what the
statistics count stays (a case's concern, dates and figures; a letter's template
and date; a notice's dates and amounts). Kinds are added by other addons: a
selection value, a default in ``school_retention_rule.DEFAULTS``, and the two
hooks :meth:`_find_expired` and :meth:`_anonymise`.
"""

from dateutil.relativedelta import relativedelta
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..dates import format_date, to_date, to_string

MANAGER_GROUP = "school_attendance.group_attendance_manager"
REVIEW_STATES = [("to_confirm", "To Confirm"), ("done", "Anonymised"), ("cancelled", "Cancelled")]


class SchoolRetentionReview(models.Model):
    _name = "school.retention.review"
    _description = "Retention Review"
    _inherit = ["mail.thread", "mail.activity.mixin", "school.guarded.mixin"]
    _order = "date desc, id desc"
    _server_fields = ("state", "confirmed_by", "date_confirmed")
    _fixed_fields = ("company_id", "date")

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", string="School", required=True, index=True)
    date = fields.Date(required=True, help="Day the review was made.")
    line_ids = fields.One2many(
        "school.retention.review.line", "review_id", string="Past Their Period"
    )
    state = fields.Selection(
        REVIEW_STATES, required=True, default="to_confirm", readonly=True, index=True
    )
    confirmed_by = fields.Many2one("res.users", readonly=True)
    date_confirmed = fields.Datetime(readonly=True)

    @api.depends("company_id.name", "date")
    def _compute_name(self):
        for review in self:
            review.name = _("Retention review %s, %s") % (
                format_date(review.date) if review.date else "",
                review.company_id.name or "",
            )

    # ------------------------------------------------------------------
    # The job
    # ------------------------------------------------------------------
    @api.model
    def _cron_retention_review(self, today=None):
        """Monthly: a review per school of what has passed its period; access of leavers ends."""
        today = to_date(today or fields.Date.context_today(self))
        self.env["school.retention.rule"]._create_defaults(self.env["res.company"].search([]))
        self._revoke_leavers_portal_access(today)
        reviews = self.browse()
        for company in self.env["res.company"].search([]):
            expired = []
            for kind in self._kinds():
                months = self.env["school.retention.rule"]._get_months(company, kind)
                cutoff = today - relativedelta(months=months)
                expired += [
                    (kind, record, reference)
                    for record, reference in self._find_expired(kind, company, cutoff)
                ]
            if not expired:
                continue
            review = self.create(
                {
                    "company_id": company.id,
                    "date": to_string(today),
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "kind": kind,
                                "res_model": record._name,
                                "res_id": record.id,
                                "record_name": record.display_name,
                                "date_reference": to_string(reference),
                            },
                        )
                        for kind, record, reference in expired
                    ],
                }
            )
            review._notify_managers()
            reviews |= review
        return reviews

    def _kinds(self):
        return [
            value for value, _label in self.env["school.retention.rule"]._fields["kind"].selection
        ]

    def _notify_managers(self):
        managers = self.env.ref(MANAGER_GROUP).users.filtered(
            lambda u: self.company_id in u.company_ids and not u.share
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for manager in managers[:1]:
            self.env["mail.activity"].create(
                {
                    "res_model_id": self.env["ir.model"]._get(self._name).id,
                    "res_id": self.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": _("Confirm the retention review: %d records past their period")
                    % len(self.line_ids),
                    "date_deadline": self.date,
                    "user_id": manager.id,
                }
            )

    @api.model
    def _find_expired(self, kind, company, cutoff):
        """``[(record, reference day)]`` of ``kind`` at ``company`` whose day is before ``cutoff``
        and not anonymised yet. Addons handle their kinds and call super for the rest."""
        if kind == "case":
            cases = (
                self.env["school.attendance.case"]
                .with_context(active_test=False)
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("date_closed", "!=", False),
                        ("date_closed", "<", to_string(cutoff)),
                        ("retention_anonymised", "=", False),
                    ]
                )
            )
            return [(case, to_date(case.date_closed)) for case in cases]
        if kind == "portal_account":
            return self._expired_portal_accounts(company, cutoff)
        return []

    def _expired_portal_accounts(self, company, cutoff):
        """The archived portal logins of parents whose children at ``company`` all left
        before ``cutoff`` (and none is on the roll of any school)."""
        found = []
        contacts = self.env["school.pupil.contact"].search([("company_id", "=", company.id)])
        for partner in contacts.mapped("partner_id"):
            users = partner.with_context(active_test=False).user_ids.filtered("share")
            if not users:
                continue
            left = self._last_leaving_day(partner)
            if left and left < cutoff:
                found += [(user, left) for user in users]
        return found

    def _last_leaving_day(self, partner):
        """The day the last of ``partner``'s children left (None while one is on a roll)."""
        pupils = (
            self.env["school.pupil.contact"]
            .with_context(active_test=False)
            .search([("partner_id", "=", partner.id)])
            .mapped("pupil_id")
        )
        if not pupils or any(not pupil.date_left for pupil in pupils):
            return None
        return max(to_date(pupil.date_left) for pupil in pupils)

    @api.model
    def _cron_revoke_leavers_portal_access(self, today=None):
        """Daily: the portal access of families whose children have all left ends."""
        return self._revoke_leavers_portal_access(to_date(today or fields.Date.context_today(self)))

    @api.model
    def _revoke_leavers_portal_access(self, today):
        """A parent whose children have all left (every school) loses portal access."""
        users = self.env["res.users"].search([("share", "=", True)])
        revoked = self.env["res.users"]
        for user in users:
            left = self._last_leaving_day(user.partner_id)
            if left and left <= today:
                revoked |= user
        # The job runs as the superuser; archiving the login ends the access.
        revoked.write({"active": False})
        return revoked

    # ------------------------------------------------------------------
    # The manager's button
    # ------------------------------------------------------------------
    def action_anonymise(self):
        """The manager confirms: every listed record's personal data goes."""
        self._check_user_group(MANAGER_GROUP)
        for review in self:
            if review.state != "to_confirm":
                raise UserError(_("%s was already confirmed or cancelled.") % review.name)
            # Checked above: a manager of this school (the record rule on reviews).
            # The records belong to other people's lists; the anonymisation runs as
            # the server, after the check.
            for kind in set(review.line_ids.mapped("kind")):
                lines = review.line_ids.filtered(lambda line, kind=kind: line.kind == kind)
                records = self.env[lines[0].res_model].sudo().with_context(active_test=False)
                self.sudo()._anonymise(kind, records.browse(lines.mapped("res_id")).exists())
            review._server_write(
                {
                    "state": "done",
                    "confirmed_by": self.env.uid,
                    "date_confirmed": fields.Datetime.now(),
                }
            )
            review.activity_ids.action_feedback(_("Anonymised."))
        return True

    def action_cancel(self):
        """Not now: nothing is changed (the next monthly review lists them again)."""
        self._check_user_group(MANAGER_GROUP)
        self.filtered(lambda r: r.state == "to_confirm")._server_write({"state": "cancelled"})
        self.mapped("activity_ids").unlink()
        return True

    @api.model
    def _anonymise(self, kind, records):
        """Delete or blank the personal data of ``records`` of ``kind``; keep what is counted."""
        if kind == "case":
            self._anonymise_cases(records)
        elif kind == "portal_account":
            self._delete_logins(records)

    def _delete_threads(self, records):
        """The chatter and files of ``records``: messages are personal data."""
        domain = [("model", "=", records._name), ("res_id", "in", records.ids)]
        self.env["mail.message"].search(domain).unlink()
        self.env["ir.attachment"].search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        ).unlink()
        self.env["mail.activity"].search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        ).unlink()

    def _anonymise_cases(self, cases):
        steps = cases.mapped("step_log_ids")
        steps.write({"message": False, "figures": False})
        contracts = cases.mapped("contract_ids")
        contracts.write({"working_well": False, "worries": False, "next_steps": False})
        contracts.mapped("line_ids").write({"description": _("(removed after retention)")})
        contracts.mapped("review_ids").write({"notes": False})
        cases.mapped("referral_ids").write({"response": False})
        for records in (cases, contracts, cases.mapped("referral_ids")):
            self._delete_threads(records)
        cases.write({"note": False, "confidential_note": False, "retention_anonymised": True})

    def _delete_logins(self, users):
        """Delete the logins (or, when the database still refers to one, blank it)."""
        for user in users:
            try:
                with self.env.cr.savepoint():
                    user.unlink()
            except Exception:  # pylint: disable=broad-except
                # A login the database still refers to (e.g. as a message's author)
                # is blanked and stays archived instead.
                user.write({"login": "removed-%d" % user.id, "active": False})
