from odoo import _, api, fields, models
from odoo.addons.school_attendance.dates import to_date
from odoo.exceptions import UserError, ValidationError

from ..rules import penalty


class SchoolPupil(models.Model):
    _inherit = "school.pupil"

    penalty_notice_ids = fields.One2many(
        "school.penalty.notice",
        "pupil_id",
        string="Penalty Notices",
        help="Penalty notices issued or proposed to the pupil's parents.",
    )
    penalty_notice_count = fields.Integer(
        string="Penalty Notices",
        compute="_compute_penalty_notice_count",
        help="Number of penalty notices (all states) for this pupil.",
    )
    notice_to_improve_ids = fields.One2many(
        "school.notice.to.improve",
        "pupil_id",
        string="Notices to Improve",
        help="Notices to improve sent to the pupil's parents.",
    )

    def _compute_penalty_notice_count(self):
        data = self.env["school.penalty.notice"].read_group(
            [("pupil_id", "in", self.ids)], ["pupil_id"], ["pupil_id"]
        )
        counts = {row["pupil_id"][0]: row["pupil_id_count"] for row in data}
        for pupil in self:
            pupil.penalty_notice_count = counts.get(pupil.id, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_propose_penalty_notices(self):
        """Button: open the wizard proposing one draft notice per parent."""
        self.ensure_one()
        wizard = self.env["school.penalty.propose.wizard"].create(
            {"pupil_id": self.id, "date": fields.Date.context_today(self)}
        )
        wizard._onchange_figures()
        return {
            "type": "ir.actions.act_window",
            "name": _("Propose penalty notices"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_view_penalty_notices(self):
        action = self.env.ref("school_penalty.school_penalty_notice_action").read()[0]
        action["domain"] = [("pupil_id", "in", self.ids)]
        action["context"] = {"default_pupil_id": self[:1].id}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.multi
    def get_penalty_threshold_status(self, on_date=None):
        """The penalty notice threshold of the pupil as at ``on_date``.

        Public and RPC-callable (``on_date``: 'YYYY-MM-DD', default today).
        Returns a dict with ISO date strings: ``sessions`` (unauthorised
        sessions, codes G N O U, in the window), ``threshold`` (10), ``met``,
        ``window_start``, ``window_end``, ``school_weeks`` (Mondays of the 10
        school weeks, holiday weeks skipped, across terms and years),
        ``mark_ids`` (the counted marks) and ``by_code``.

        The counting is ``rules.penalty.threshold_status`` over the school's
        session dates (one query) and the pupil's unauthorised marks in the
        window (one query).
        """
        self.ensure_one()
        status = self._penalty_threshold(to_date(on_date or fields.Date.context_today(self)))
        return {
            "sessions": status["sessions"],
            "threshold": status["threshold"],
            "met": status["met"],
            "window_start": fields.Date.to_string(status["window_start"]),
            "window_end": fields.Date.to_string(status["window_end"]),
            "school_weeks": [fields.Date.to_string(d) for d in status["school_weeks"]],
            "mark_ids": status["mark_ids"],
            "by_code": status["by_code"],
        }

    def propose_penalty_notices(
        self, on_date=None, offence="unauthorised_absence", partner_ids=None
    ):
        """Create one DRAFT penalty notice per parent with parental responsibility.

        Public and RPC-callable. The notices are for the unauthorised
        sessions counted in the threshold window ending ``on_date``, less
        those already used in a notice to the same parent; the latest issued
        notice to improve of each parent is linked. Parents who already have a
        draft for the pupil are skipped; ``partner_ids`` (optional) limits the
        proposal to those parents. Nothing is issued: a person confirms each
        notice (``action_issue``). Returns the new notices.
        """
        self.ensure_one()
        on_date = to_date(on_date or fields.Date.context_today(self))
        status = self._penalty_threshold(on_date)
        if offence in ("unauthorised_absence", "term_time_holiday") and not status["met"]:
            raise UserError(
                _(
                    "%s is under the threshold: %d session(s) of unauthorised absence "
                    "in the 10 school weeks to %s, %d needed."
                )
                % (self.name, status["sessions"], on_date, status["threshold"])
            )
        parents = self._penalty_parent_contacts().mapped("partner_id")
        if partner_ids is not None:
            parents = parents.filtered(lambda p: p.id in partner_ids)
        if not parents:
            raise UserError(
                _("%s has no contact with parental responsibility to send a notice to.") % self.name
            )
        notice_model = self.env["school.penalty.notice"]
        nti_model = self.env["school.notice.to.improve"]
        notices = notice_model.browse()
        for partner in parents:
            mine = notice_model.search(
                [("pupil_id", "=", self.id), ("partner_id", "=", partner.id)]
            )
            if mine.filtered(lambda n: n.state == "draft"):
                continue
            used = mine.filtered(lambda n: n.state != "withdrawn").mapped("mark_ids").ids
            nti = nti_model.search(
                [
                    ("pupil_id", "=", self.id),
                    ("partner_id", "=", partner.id),
                    ("state", "in", ("issued", "not_improved")),
                ],
                limit=1,
            )
            notices |= notice_model.create(
                {
                    "pupil_id": self.id,
                    "partner_id": partner.id,
                    "offence": offence,
                    "date_issued": fields.Date.to_string(on_date),
                    "mark_ids": [(6, 0, [m for m in status["mark_ids"] if m not in used])],
                    "notice_to_improve_id": nti.id,
                }
            )
        return notices

    def _penalty_threshold(self, on_date, mark_ids=None):
        """``rules.penalty.threshold_status`` for the pupil, plus ``mark_ids``.

        ``mark_ids`` (optional) restricts the counted marks to those marks,
        e.g. the sessions a penalty notice is for.
        """
        self.ensure_one()
        session_dates = self._penalty_session_dates(on_date)
        window_from = min(session_dates) if session_dates else on_date
        rows = self._penalty_mark_rows(window_from, on_date, mark_ids)
        by_key = {(row[1], row[2]): row[0] for row in rows}
        status = penalty.threshold_status(
            [(row[1], row[2], row[3]) for row in rows], on_date, session_dates
        )
        status["mark_ids"] = [by_key[(mark[0], mark[1])] for mark in status["marks"]]
        return status

    def _penalty_session_dates(self, on_date):
        """Dates of the school's latest sessions up to ``on_date`` (one query).

        A school week holds at most 10 sessions, so the latest
        ``10 * THRESHOLD_WEEKS`` sessions always cover the last 10 school weeks.
        """
        session_model = self.env["school.session"]
        session_model.check_access_rights("read")
        session_model.recompute()  # flush pending stored computations before raw SQL
        query = session_model._where_calc(
            [
                ("company_id", "=", self.company_id.id),
                ("date", "<=", fields.Date.to_string(on_date)),
            ]
        )
        session_model._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        self.env.cr.execute(
            f"""
            SELECT "school_session".date FROM {from_clause} WHERE {where_clause}
            ORDER BY "school_session".date DESC LIMIT %s
            """,
            params + [10 * penalty.THRESHOLD_WEEKS],
        )
        return [to_date(row[0]) for row in self.env.cr.fetchall()]

    def _penalty_mark_rows(self, date_from, date_to, mark_ids=None):
        """``[(mark id, date, period, code)]`` of the unauthorised marks (one query).

        Built from the ORM's own query so that access rights and record
        rules on marks apply: a user who may not read marks gets an AccessError.
        """
        mark_model = self.env["school.attendance.mark"]
        mark_model.check_access_rights("read")
        mark_model.recompute()  # flush pending stored computations before raw SQL
        domain = [
            ("pupil_id", "=", self.id),
            ("date", ">=", fields.Date.to_string(date_from)),
            ("date", "<=", fields.Date.to_string(date_to)),
        ]
        if mark_ids is not None:
            domain.append(("id", "in", list(mark_ids)))
        query = mark_model._where_calc(domain)
        mark_model._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        self.env.cr.execute(
            f"""
            SELECT "school_attendance_mark".id, "school_attendance_mark".date,
                   "school_attendance_mark".period, penalty_code.code
            FROM {from_clause}, school_attendance_code penalty_code
            WHERE penalty_code.id = "school_attendance_mark".code_id
              AND penalty_code.code IN %s AND {where_clause}
            """,
            [tuple(sorted(penalty.UNAUTHORISED_CODES))] + params,
        )
        return [(row[0], to_date(row[1]), row[2], row[3]) for row in self.env.cr.fetchall()]

    def _penalty_parent_contacts(self):
        """The pupil's contacts with parental responsibility (one notice each)."""
        self.ensure_one()
        return self.contact_ids.filtered("has_parental_responsibility")

    def _check_penalty_parent(self, partner):
        """Raise unless ``partner`` has parental responsibility for the pupil."""
        self.ensure_one()
        if partner not in self._penalty_parent_contacts().mapped("partner_id"):
            raise ValidationError(
                _(
                    "%s does not have parental responsibility for %s: penalty "
                    "notices and notices to improve go only to parents with "
                    "parental responsibility (record it on the pupil's contacts)."
                )
                % (partner.display_name, self.name)
            )
