import datetime
import logging

from odoo import _, api, fields, models
from odoo.addons.school_attendance import locks
from odoo.addons.school_attendance.dates import to_date
from odoo.addons.school_attendance.rules import calendar as school_calendar
from odoo.addons.school_attendance.rules.report import format_date
from odoo.exceptions import ValidationError

from ..rules import forecast, penalty

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
        and years), ``mark_ids`` (the counted marks), ``by_code`` and
        ``is_compulsory_school_age`` (on ``on_date``). Only sessions while the
        pupil was of compulsory school age are counted. For many pupils use
        :meth:`get_penalty_threshold_statuses`.
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
                    "is_compulsory_school_age": status["is_compulsory_school_age"],
                }
            )
        return result

    @api.multi
    def get_penalty_window_forecasts(self, on_date=None):
        """When each pupil's unauthorised sessions leave the threshold's rolling window.

        Public and RPC-callable by officers (``on_date``: 'YYYY-MM-DD', default today).
        Returns one dict per pupil: ``pupil_id``, ``sessions`` (counted today),
        ``threshold``, ``met``, ``to_threshold`` (further unauthorised sessions that would
        meet the threshold today), ``window_start``/``window_end``, ``drops`` (one dict
        per date on which the count falls if the pupil has no further unauthorised
        session: ``date``, ``sessions`` from that date, ``mark_ids`` leaving the window)
        and ``explanation`` (the same in a sentence). The sessions still to come are
        read once for all the schools (``_school_contexts``).
        """
        on_date = to_date(on_date or fields.Date.context_today(self))
        statuses = self._penalty_thresholds(on_date)
        # 10 school weeks ahead, with room for the holidays between them.
        horizon = on_date + datetime.timedelta(weeks=2 * penalty.THRESHOLD_WEEKS)
        future = {
            school.company.id: {day for day, _period in school.sessions if on_date < day <= horizon}
            for school in self._school_contexts(on_date, until=horizon)
        }
        result = []
        for pupil in self:
            status = statuses[pupil.id]
            mark_ids = dict(zip(status["marks"], status["mark_ids"], strict=True))
            walk = forecast.window_forecast(
                status["marks"],
                on_date,
                set(status["session_dates"]) | future[pupil.company_id.id],
            )
            drops = [
                {
                    "date": fields.Date.to_string(drop["date"]),
                    "sessions": drop["sessions"],
                    "mark_ids": [mark_ids[mark] for mark in drop["marks"]],
                }
                for drop in walk["drops"]
            ]
            result.append(
                {
                    "pupil_id": pupil.id,
                    "sessions": walk["sessions"],
                    "threshold": walk["threshold"],
                    "met": walk["met"],
                    "to_threshold": walk["to_threshold"],
                    "window_start": fields.Date.to_string(walk["window_start"]),
                    "window_end": fields.Date.to_string(walk["window_end"]),
                    "drops": drops,
                    "explanation": pupil._window_explanation(walk),
                }
            )
        return result

    def _window_explanation(self, walk):
        """'9 unauthorised sessions in the last 10 school weeks (threshold 10): one more
        meets it. With no more, the count falls to 7 on 2 December 2024, ...'"""
        values = {"sessions": walk["sessions"], "threshold": walk["threshold"]}
        if walk["met"]:
            text = (
                _(
                    "%(sessions)s unauthorised sessions in the last 10 school weeks: the "
                    "threshold of %(threshold)s is met."
                )
                % values
            )
        elif walk["to_threshold"] == 1:
            text = (
                _(
                    "%(sessions)s unauthorised sessions in the last 10 school weeks: one more "
                    "meets the threshold of %(threshold)s."
                )
                % values
            )
        else:
            values["more"] = walk["to_threshold"]
            text = (
                _(
                    "%(sessions)s unauthorised sessions in the last 10 school weeks: %(more)s more "
                    "meet the threshold of %(threshold)s."
                )
                % values
            )
        if walk["drops"]:
            steps = ", ".join(
                _("%(sessions)s on %(date)s")
                % {"sessions": drop["sessions"], "date": format_date(drop["date"])}
                for drop in walk["drops"]
            )
            text += " " + _("With no more, the count falls to %s.") % steps
        return text

    def propose_penalty_notices(
        self, on_date=None, offence="unauthorised_absence", partner_ids=None
    ):
        """Create one DRAFT penalty notice per parent in law (s576) of the pupil.

        Public and RPC-callable. Each parent's notice rests on the unauthorised
        sessions counted in the threshold window ending ``on_date`` that may
        support it (``school.penalty.threshold.parent_status``): none already
        used for a notice to that parent; after that parent's notice to improve
        (linked), only those inside its improvement period; no ``N`` younger
        than the school's limit. Its ``evidence_note`` says which. Parents who
        already have a draft are skipped; ``partner_ids`` (optional) limits the
        proposal to those parents. Raises a UserError naming why when no parent
        can get one. Nothing is issued: a person confirms each notice
        (``action_issue``). Returns the new notices.
        """
        self.ensure_one()
        return self.env["school.penalty.threshold"].propose_penalty_notices(
            self, to_date(on_date or fields.Date.context_today(self)), offence, partner_ids
        )

    @api.model
    def _cron_scan_penalty_thresholds(self, on_date=None):
        """Daily job: propose what the penalty threshold calls for, for every pupil on roll.

        ``on_date`` ('YYYY-MM-DD', default today). The threshold of every
        pupil on roll of every school is read in one batch
        (:meth:`get_penalty_threshold_statuses`); each pupil who meets it gets
        :meth:`propose_for_penalty_threshold`. Nothing is issued. Only the job
        runs it, for today (``on_date`` is for tests); returns ``{'notice_to_improve_ids': [...],
        'penalty_notice_ids': [...]}`` of the new drafts. A school another server is
        scanning at the same moment (the job started on two servers of one database)
        is left to it: one proposal per parent, not two.
        """
        on_date = to_date(on_date or fields.Date.context_today(self))
        pupils = self.search(self.on_roll_domain(on_date))
        for company in pupils.mapped("company_id"):
            if not locks.try_school_lock(self.env, locks.PENALTY_SCAN_LOCK, company):
                _logger.info("Penalty threshold scan of %s: run by another server.", company.name)
                pupils = pupils.filtered(lambda pupil, c=company: pupil.company_id != c)
        return pupils.propose_for_penalty_threshold(on_date)

    def propose_for_penalty_threshold(self, on_date=None):
        """Button and RPC: :meth:`_cron_scan_penalty_thresholds` for these pupils.

        Returns the same dict of new draft ids (``school.penalty.threshold.propose``).
        """
        on_date = to_date(on_date or fields.Date.context_today(self))
        return self.env["school.penalty.threshold"].propose(self, on_date)

    def _penalty_case(self, concern, on_date, reason):
        """The pupil's open case for ``concern``, else any open case, else one the
        escalation engine opens because of ``reason``."""
        self.ensure_one()
        open_cases = self.env["school.attendance.case"].search(
            [("pupil_id", "=", self.id), ("date_closed", "=", False)], order="date_opened, id"
        )
        case = open_cases.filtered(lambda c: c.concern == concern)[:1] or open_cases[:1]
        if case:
            return case
        return self.env["school.attendance.policy"]._open_case_for(
            self, concern, reason, on_date=on_date
        )

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
        real sessions of each pupil's school with the pupils' compulsory
        school age (:meth:`_penalty_school_sessions`) and every unauthorised
        mark of the pupils in the widest window (:meth:`_penalty_mark_rows`). Only marks
        of sessions while the pupil was of compulsory school age count. Each
        status also holds ``mark_ids`` (the ids of the counted marks) and
        ``is_compulsory_school_age`` (on ``on_date``).
        """
        schools = self._penalty_school_sessions(on_date)
        window_from = min((min(dates) for _ages, dates in schools if dates), default=on_date)
        rows = self._penalty_mark_rows(window_from, on_date, mark_ids)
        ages = {pupil_id: age for pupil_ages, _dates in schools for pupil_id, age in pupil_ages}
        marks_by_pupil = {}
        mark_id_of = {}
        for mark_id, pupil_id, day, period, code in rows:
            start, end = ages[pupil_id]
            if (start and day < start) or (end and day > end):
                continue  # not of compulsory school age that day (unknown age: counted)
            marks_by_pupil.setdefault(pupil_id, []).append((day, period, code))
            mark_id_of[(pupil_id, day, period)] = mark_id
        result = {}
        for pupil_ages, session_dates in schools:
            statuses = penalty.threshold_status_many(
                {pupil_id: marks_by_pupil.get(pupil_id, ()) for pupil_id, _age in pupil_ages},
                on_date,
                session_dates,
            )
            for pupil_id, status in statuses.items():
                status["mark_ids"] = [
                    mark_id_of[(pupil_id, mark[0], mark[1])] for mark in status["marks"]
                ]
                start, end = ages[pupil_id]
                status["is_compulsory_school_age"] = (not start or start <= on_date) and (
                    not end or on_date <= end
                )
                status["session_dates"] = session_dates
                result[pupil_id] = status
        return result

    def _penalty_school_sessions(self, on_date):
        """``[(pupils, session dates)]``, one entry per school of the pupils (one query).

        ``pupils``: ``[(pupil id, (first day, last day of compulsory school
        age))]``, both days None when the date of birth is not recorded.

        The dates are those of the school's latest real sessions up to
        ``on_date``: a school week holds at most 10 sessions, so the latest
        ``10 * THRESHOLD_WEEKS`` sessions always cover the last 10 school
        weeks. A session every mark of which is a closure code (``#``,
        ``Y4``: ``rules.calendar.is_real_session``) is left out, so a closed
        week is no school week. Sessions are read through the ORM's own
        query, so access rights and record rules on sessions apply.
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
            SELECT array_agg(pupil.id), array_agg(pupil.date_compulsory_school_age),
                   array_agg(pupil.date_school_leaving), ARRAY(
                SELECT "school_session".date FROM {from_clause}
                WHERE {where_clause} AND "school_session".company_id = pupil.company_id
                  AND (
                    NOT EXISTS (
                        SELECT 1 FROM school_attendance_mark any_mark
                        WHERE any_mark.session_id = "school_session".id
                    )
                    OR EXISTS (
                        SELECT 1 FROM school_attendance_mark open_mark
                        LEFT JOIN school_attendance_code open_code
                            ON open_code.id = open_mark.code_id
                        WHERE open_mark.session_id = "school_session".id
                          AND (open_code.code IS NULL OR open_code.code NOT IN %s)
                    )
                  )
                ORDER BY "school_session".date DESC LIMIT %s
            )
            FROM school_pupil pupil WHERE pupil.id IN %s
            GROUP BY pupil.company_id
            """,
            params
            + [
                tuple(sorted(school_calendar.CLOSURE_CODES)),
                10 * penalty.THRESHOLD_WEEKS,
                tuple(self.ids),
            ],
        )
        return [
            (
                [
                    (pupil_id, (to_date(start), to_date(end)))
                    for pupil_id, start, end in zip(pupil_ids, starts, ends, strict=True)
                ],
                [to_date(day) for day in dates],
            )
            for pupil_ids, starts, ends, dates in self.env.cr.fetchall()
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
        """The pupil's parents in education law (s576): one notice each.

        Contacts with parental responsibility, or who have care of the pupil
        (live with and look after them): ``school.pupil.contact.is_parent_in_law``.
        """
        self.ensure_one()
        return self.contact_ids.filtered("is_parent_in_law")

    def _check_penalty_parent(self, partner):
        """Raise unless ``partner`` is a parent in law of the pupil (s576)."""
        self.ensure_one()
        if partner not in self._penalty_parent_contacts().mapped("partner_id"):
            contact = self.contact_ids.filtered(lambda c: c.partner_id == partner)
            raise ValidationError(
                _(
                    "%(partner)s is not a parent of %(pupil)s in education law "
                    "(%(why)s): notices go only to a contact with parental "
                    "responsibility, or one who has care of the child (lives with and "
                    "looks after them, s576 Education Act 1996). Record it on the "
                    "pupil's contacts."
                )
                % {
                    "partner": partner.display_name,
                    "pupil": self.name,
                    "why": contact.parent_in_law_reason or _("not a contact of the pupil"),
                }
            )
