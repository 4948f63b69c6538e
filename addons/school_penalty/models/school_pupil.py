import logging

from odoo import _, api, fields, models
from odoo.addons.school_attendance.dates import format_date, to_date
from odoo.addons.school_attendance.rules import escalation
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from ..rules import penalty

_logger = logging.getLogger(__name__)

#: Who may read a pupil's notices through the pupil (teachers and the trust may not).
NOTICE_READERS = "school_attendance.group_attendance_officer,school_penalty.group_penalty_finance"


class SchoolPupil(models.Model):
    _inherit = "school.pupil"

    penalty_notice_ids = fields.One2many(
        "school.penalty.notice",
        "pupil_id",
        string="Penalty Notices",
        groups=NOTICE_READERS,
        help="Penalty notices issued or proposed to the pupil's parents.",
    )
    penalty_notice_count = fields.Integer(
        string="Penalty Notices",
        compute="_compute_penalty_notice_count",
        groups=NOTICE_READERS,
        help="Number of penalty notices (all states) for this pupil.",
    )
    notice_to_improve_ids = fields.One2many(
        "school.notice.to.improve",
        "pupil_id",
        string="Notices to Improve",
        groups="school_attendance.group_attendance_officer",
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
        Returns a dict with ISO date strings: ``pupil_id``, ``sessions``
        (unauthorised sessions, codes G N O U, in the window), ``threshold``
        (10), ``met``, ``window_start``, ``window_end``, ``school_weeks``
        (Mondays of the 10 school weeks, holiday weeks skipped, across terms
        and years), ``mark_ids`` (the counted marks) and ``by_code``.
        For many pupils use :meth:`get_penalty_threshold_statuses`.
        """
        self.ensure_one()
        return self.get_penalty_threshold_statuses(on_date)[0]

    @api.multi
    def get_penalty_threshold_statuses(self, on_date=None):
        """:meth:`get_penalty_threshold_status` of every pupil, in two queries.

        Public and RPC-callable. Returns a list of the same dicts, one per
        pupil in the recordset's order (``pupil_id`` names the pupil).
        """
        statuses = self._penalty_thresholds(to_date(on_date or fields.Date.context_today(self)))
        iso = {}

        def to_iso(day):
            # Every pupil of a school shares the window's dates: convert each once.
            if day not in iso:
                iso[day] = fields.Date.to_string(day)
            return iso[day]

        result = []
        for pupil_id in self.ids:
            status = statuses[pupil_id]
            result.append(
                {
                    "pupil_id": pupil_id,
                    "sessions": status["sessions"],
                    "threshold": status["threshold"],
                    "met": status["met"],
                    "window_start": to_iso(status["window_start"]),
                    "window_end": to_iso(status["window_end"]),
                    "school_weeks": [to_iso(day) for day in status["school_weeks"]],
                    "mark_ids": status["mark_ids"],
                    "by_code": status["by_code"],
                }
            )
        return result

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
                % (self.name, status["sessions"], format_date(on_date), status["threshold"])
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
        holiday_marks = (
            self._penalty_holiday_mark_ids(status) if offence == "term_time_holiday" else []
        )
        notices = notice_model.browse()
        for partner in parents:
            mine = notice_model.search(
                [("pupil_id", "=", self.id), ("partner_id", "=", partner.id)]
            )
            if mine.filtered(lambda n: n.state == "draft"):
                continue
            used = set(mine.filtered(lambda n: n.state != "withdrawn").mapped("mark_ids").ids)
            if offence == "term_time_holiday":
                # A term-time holiday notice is for the holiday sessions (G) only.
                used |= set(status["mark_ids"]) - set(holiday_marks)
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

    @api.model
    def scan_penalty_thresholds(self, on_date=None):
        """Daily: propose what the penalty threshold calls for, for every pupil on roll.

        ``on_date`` ('YYYY-MM-DD', default today). The threshold of every
        pupil on roll of every school is read in one batch
        (:meth:`get_penalty_threshold_statuses`); each pupil who meets it gets
        :meth:`propose_for_penalty_threshold`. Nothing is issued. Public and
        RPC-callable; returns ``{'notice_to_improve_ids': [...],
        'penalty_notice_ids': [...]}`` of the new drafts.
        """
        on_date = to_date(on_date or fields.Date.context_today(self))
        return self.search(self.on_roll_domain(on_date)).propose_for_penalty_threshold(on_date)

    @api.model
    def _cron_scan_penalty_thresholds(self):
        self.scan_penalty_thresholds()

    def propose_for_penalty_threshold(self, on_date=None):
        """Button and RPC: :meth:`scan_penalty_thresholds` for these pupils.

        Returns the same dict of new draft ids.
        """
        on_date = to_date(on_date or fields.Date.context_today(self))
        statuses = self._penalty_thresholds(on_date)
        proposed = {"notice_to_improve_ids": [], "penalty_notice_ids": []}
        for pupil in self.filtered(lambda p: statuses[p.id]["met"]):
            try:
                # One pupil's bad data (e.g. no parent's address) must not stop
                # the daily run for the trust: it is logged and skipped.
                with self.env.cr.savepoint():
                    ntis, notices = pupil._propose_for_threshold(statuses[pupil.id], on_date)
            except (UserError, ValidationError) as exc:
                _logger.warning("Penalty threshold scan: %s skipped: %s", pupil.name, exc.name)
                continue
            proposed["notice_to_improve_ids"] += ntis.ids
            proposed["penalty_notice_ids"] += notices.ids
        return proposed

    def _propose_for_threshold(self, status, on_date):
        """Draft what the threshold ``status`` calls for, once per window.

        A term-time holiday (the G sessions alone meet the threshold) needs
        no notice to improve (seed 002, Appendix C point 2): draft penalty
        notices are proposed to each parent. Otherwise a draft notice to
        improve is proposed to each parent. A parent who already has a notice
        to improve or a (not withdrawn) penalty notice for the pupil dated
        within the current 10-week window gets nothing new, so the next
        day's scan proposes nothing again. The drafts join the pupil's open
        case (opened if there is none), which gets a note with the figures
        and an activity for its officer. Returns (notices to improve,
        penalty notices).
        """
        self.ensure_one()
        nti_model = self.env["school.notice.to.improve"]
        notice_model = self.env["school.penalty.notice"]
        since = fields.Date.to_string(status["window_start"])
        is_holiday = status["by_code"].get("G", 0) >= status["threshold"]
        parents = (
            self._penalty_parent_contacts()
            .mapped("partner_id")
            .filtered(
                lambda partner: (
                    not nti_model.search_count(
                        [
                            ("pupil_id", "=", self.id),
                            ("partner_id", "=", partner.id),
                            ("date_issued", ">=", since),
                        ]
                    )
                    and not notice_model.search_count(
                        [
                            ("pupil_id", "=", self.id),
                            ("partner_id", "=", partner.id),
                            ("state", "!=", "withdrawn"),
                            "|",
                            ("date_issued", ">=", since),
                            ("state", "=", "draft"),
                        ]
                    )
                )
            )
        )
        if not parents:
            return nti_model, notice_model
        figures = _(
            "%(sessions)d sessions of unauthorised absence (%(codes)s) in the 10 "
            "school weeks from %(start)s to %(end)s"
        ) % {
            "sessions": status["sessions"],
            "codes": ", ".join(
                "%s: %d" % (code, count) for code, count in sorted(status["by_code"].items())
            ),
            "start": escalation.format_date(status["window_start"]),
            "end": escalation.format_date(status["window_end"]),
        }
        case = self._penalty_case("term_time_holiday" if is_holiday else "low_attendance", on_date)
        ntis = nti_model.browse()
        notices = notice_model.browse()
        if is_holiday:
            notices = self.propose_penalty_notices(
                on_date, offence="term_time_holiday", partner_ids=parents.ids
            )
            notices.write({"case_id": case.id})
            proposed = _("draft penalty notice(s) for a term-time holiday to %s") % ", ".join(
                notices.mapped("partner_id.name")
            )
        else:
            for partner in parents:
                ntis |= nti_model.create(
                    {
                        "pupil_id": self.id,
                        "partner_id": partner.id,
                        "case_id": case.id,
                        "date_issued": fields.Date.to_string(on_date),
                        "offence_details": _("Unauthorised absence: %s.") % figures,
                    }
                )
            proposed = _("draft notice(s) to improve to %s") % ", ".join(
                ntis.mapped("partner_id.name")
            )
        message = _(
            "Penalty notice threshold met: %s → %s. Nothing is issued until an "
            "authorised officer confirms."
        ) % (figures, proposed)
        case.message_post(body=html_escape(message), subtype="mail.mt_note")
        case._schedule_penalty_review(message, on_date)
        return ntis, notices

    def _penalty_case(self, concern, on_date):
        """The pupil's open case for ``concern``, else any open case, else a new one."""
        self.ensure_one()
        case_model = self.env["school.attendance.case"]
        open_cases = case_model.search(
            [("pupil_id", "=", self.id), ("date_closed", "=", False)], order="date_opened, id"
        )
        case = open_cases.filtered(lambda c: c.concern == concern)[:1] or open_cases[:1]
        if case:
            return case
        policy = self.company_id.attendance_policy_id
        return case_model.create(
            {
                "pupil_id": self.id,
                "company_id": self.company_id.id,
                "concern": concern,
                "policy_id": policy.id,
                "date_opened": fields.Date.to_string(on_date),
                "user_id": (policy.default_user_id or self.env.user).id,
                "priority": self._attendance_case_priority(),
            }
        )

    def _penalty_holiday_mark_ids(self, status):
        """Ids of the G (term-time holiday) marks among ``status``'s counted marks."""
        return [
            mark_id
            for mark_id, mark in zip(status["mark_ids"], status["marks"], strict=True)
            if mark[2] == "G"
        ]

    def _penalty_threshold(self, on_date, mark_ids=None):
        """``rules.penalty.threshold_status`` of one pupil, plus ``mark_ids``.

        ``mark_ids`` (optional) restricts the counted marks to those marks,
        e.g. the sessions a penalty notice is for.
        """
        self.ensure_one()
        return self._penalty_thresholds(on_date, mark_ids)[self.id]

    def _penalty_thresholds(self, on_date, mark_ids=None):
        """``{pupil id: status}`` of ``rules.penalty.threshold_status_many``.

        Two queries whatever the number of pupils and schools: the latest
        sessions of each pupil's school (:meth:`_penalty_school_sessions`)
        and every unauthorised mark of the pupils in the widest window
        (:meth:`_penalty_mark_rows`). Each status also holds ``mark_ids``,
        the ids of the counted marks.
        """
        schools = self._penalty_school_sessions(on_date)
        window_from = min((min(dates) for _pupils, dates in schools if dates), default=on_date)
        rows = self._penalty_mark_rows(window_from, on_date, mark_ids)
        marks_by_pupil = {}
        mark_id_of = {}
        for mark_id, pupil_id, day, period, code in rows:
            marks_by_pupil.setdefault(pupil_id, []).append((day, period, code))
            mark_id_of[(pupil_id, day, period)] = mark_id
        result = {}
        for pupil_ids, session_dates in schools:
            statuses = penalty.threshold_status_many(
                {pupil_id: marks_by_pupil.get(pupil_id, ()) for pupil_id in pupil_ids},
                on_date,
                session_dates,
            )
            for pupil_id, status in statuses.items():
                status["mark_ids"] = [
                    mark_id_of[(pupil_id, mark[0], mark[1])] for mark in status["marks"]
                ]
                result[pupil_id] = status
        return result

    def _penalty_school_sessions(self, on_date):
        """``[(pupil ids, session dates)]``, one entry per school of the pupils (one query).

        The dates are those of the school's latest sessions up to ``on_date``:
        a school week holds at most 10 sessions, so the latest
        ``10 * THRESHOLD_WEEKS`` sessions always cover the last 10 school
        weeks. Sessions are read through the ORM's own query, so access
        rights and record rules on sessions apply.
        """
        if not self.ids:
            return []
        session_model = self.env["school.session"]
        session_model.check_access_rights("read")
        # Flush pending stored computations before raw SQL; the query only
        # reads, so the ORM cache stays valid afterwards.
        self.recompute()
        query = session_model._where_calc([("date", "<=", fields.Date.to_string(on_date))])
        session_model._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        self.env.cr.execute(
            f"""
            SELECT array_agg(pupil.id), ARRAY(
                SELECT "school_session".date FROM {from_clause}
                WHERE {where_clause} AND "school_session".company_id = pupil.company_id
                ORDER BY "school_session".date DESC LIMIT %s
            )
            FROM school_pupil pupil WHERE pupil.id IN %s
            GROUP BY pupil.company_id
            """,
            params + [10 * penalty.THRESHOLD_WEEKS, tuple(self.ids)],
        )
        return [
            (pupil_ids, [to_date(day) for day in dates])
            for pupil_ids, dates in self.env.cr.fetchall()
        ]

    def _penalty_mark_rows(self, date_from, date_to, mark_ids=None):
        """``[(mark id, pupil id, date, period, code)]``: the pupils' unauthorised marks.

        One query, built from the ORM's own query so that access rights and
        record rules on marks apply: a user who may not read marks gets an
        AccessError.
        """
        mark_model = self.env["school.attendance.mark"]
        mark_model.check_access_rights("read")
        mark_model.recompute()  # flush pending stored computations before raw SQL
        domain = [
            ("pupil_id", "in", self.ids),
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
            SELECT "school_attendance_mark".id, "school_attendance_mark".pupil_id,
                   "school_attendance_mark".date, "school_attendance_mark".period,
                   penalty_code.code
            FROM {from_clause}, school_attendance_code penalty_code
            WHERE penalty_code.id = "school_attendance_mark".code_id
              AND penalty_code.code IN %s AND {where_clause}
            """,
            [tuple(sorted(penalty.UNAUTHORISED_CODES))] + params,
        )
        days = {}  # a few dozen distinct dates for thousands of marks: parse each once
        return [
            (mark_id, pupil_id, days.get(day) or days.setdefault(day, to_date(day)), period, code)
            for mark_id, pupil_id, day, period, code in self.env.cr.fetchall()
        ]

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
