from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .school_letter_template import LETTER_KINDS


class SchoolAttendancePolicyStep(models.Model):
    _inherit = "school.attendance.policy.step"

    action = fields.Selection(selection_add=[("letter", "Send a letter")])
    letter_kind = fields.Selection(
        LETTER_KINDS,
        help="Kind of letter the step produces: the school's template of that kind "
        "is used (its own, else the shared one).",
    )

    @api.constrains("action", "letter_kind")
    def _check_letter_kind(self):
        for step in self:
            if step.action == "letter" and not step.letter_kind:
                raise ValidationError(_("%s: choose the kind of letter to send.") % step.name)

    def _action_letter(self, case, ctx):
        """Create the step's letter(s) about the case's pupil, once per case and kind.

        The letters are drafts linked to the case (printed or emailed by staff).
        When no letter can be created (no template, no parent with a postal
        address, no right to create letters), the case says why and the
        escalation carries on.
        """
        self.ensure_one()
        letter_model = self.env["school.letter"]
        label = dict(LETTER_KINDS).get(self.letter_kind, self.letter_kind)
        existing = letter_model.search(
            [
                ("res_model", "=", case._name),
                ("res_id", "=", case.id),
                ("kind", "=", self.letter_kind),
            ]
        )
        if existing:
            return _("letter '%s' already produced (%s)") % (
                label,
                ", ".join(existing.mapped("name")),
            )
        if not letter_model.check_access_rights("create", raise_exception=False):
            return _("letter '%s' to be produced by the attendance officer") % label
        template = self.env["school.letter.template"].get_template(
            self.letter_kind, case.company_id
        )
        if not template:
            return _("no letter: there is no template for '%s'") % label
        try:
            with self.env.cr.savepoint():
                # The letter quotes the figures the run already read (year to date).
                letters, skipped = letter_model._create_for_pupils(
                    template,
                    case.pupil_id,
                    date=ctx.on_date,
                    channel="post",
                    date_from=ctx.year_start,
                    res_model=case._name,
                    res_id=case.id,
                    summaries={case.pupil_id.id: ctx.summary(case.pupil_id, ctx.year_start)},
                    memo=ctx.memo,
                )
        except UserError as exc:
            return _("no letter '%s': %s") % (label, exc.name)
        message = _("letter '%s' %s to %s") % (
            label,
            ", ".join(letters.mapped("name")),
            ", ".join(letters.mapped("partner_id.name")),
        )
        if skipped:
            message += _(" (not sent to: %s)") % letter_model.format_skipped(skipped)
        return message
