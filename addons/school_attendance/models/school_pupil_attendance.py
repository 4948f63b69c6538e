import datetime

from odoo import _, api, fields, models

from ..rules import statistics


def _date_string(value):
    """'YYYY-MM-DD' for a ``datetime.date`` or an ISO string; None stays None."""
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return fields.Date.to_string(value)
    return fields.Date.to_string(fields.Date.from_string(value))


class SchoolPupil(models.Model):
    """Attendance statistics of pupils: summaries, bands and smart buttons."""

    _inherit = "school.pupil"

    attendance_pct_year = fields.Float(
        string="Attendance This Year (%)",
        digits=(5, 1),
        compute="_compute_attendance_year",
        help="Attendance percentage from the start of the current academic "
        "year to today: sessions attended (present, late before the register "
        "closed, approved educational activity) over possible sessions.",
    )
    attendance_band = fields.Char(
        string="Attendance Band",
        compute="_compute_attendance_year",
        help="The school's attendance band holding this year's attendance percentage.",
    )
    is_persistent_absentee = fields.Boolean(
        string="Persistent Absentee",
        compute="_compute_attendance_year",
        help="Absent for 10% or more of this year's possible sessions.",
    )
    mark_count = fields.Integer(
        string="Marks",
        compute="_compute_mark_count",
        help="Number of attendance marks of the pupil.",
    )
    amendment_count = fields.Integer(
        string="Amendments",
        compute="_compute_mark_count",
        help="Number of amendments made to the pupil's marks after registers were taken.",
    )

    def _compute_attendance_year(self):
        today = fields.Date.context_today(self)
        years = self.env["school.academic.year"].search(
            [
                ("company_id", "in", self.mapped("company_id").ids),
                ("date_start", "<=", today),
                ("date_end", ">=", today),
            ]
        )
        year_start = {}
        for year in years:
            year_start.setdefault(year.company_id.id, year.date_start)
        for company in self.mapped("company_id"):
            pupils = self.filtered(lambda p, c=company: p.company_id == c)
            if company.id not in year_start or not pupils.ids:
                for pupil in pupils:
                    pupil.attendance_pct_year = 0.0
                    pupil.attendance_band = False
                    pupil.is_persistent_absentee = False
                continue
            rows = pupils.get_attendance_summary(year_start[company.id], today)
            by_pupil = {row["pupil_id"]: row for row in rows}
            for pupil in pupils:
                row = by_pupil.get(pupil.id)
                pupil.attendance_pct_year = row["attendance_pct"] if row else 0.0
                pupil.attendance_band = row["band"] if row else False
                pupil.is_persistent_absentee = bool(row and row["is_persistent_absentee"])

    def _compute_mark_count(self):
        counts = {}
        for model_name, key in (
            ("school.attendance.mark", "mark_count"),
            ("school.attendance.amendment", "amendment_count"),
        ):
            counts[key] = {}
            if model_name in self.env and self.ids:
                data = self.env[model_name].read_group(
                    [("pupil_id", "in", self.ids)], ["pupil_id"], ["pupil_id"]
                )
                counts[key] = {row["pupil_id"][0]: row["pupil_id_count"] for row in data}
        for pupil in self:
            pupil.mark_count = counts["mark_count"].get(pupil.id, 0)
            pupil.amendment_count = counts["amendment_count"].get(pupil.id, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_marks(self):
        """Smart button: the pupils' marks, session by session on a calendar first."""
        action = self._pupil_action(
            "school_attendance.school_attendance_mark_action",
            "school.attendance.mark",
            _("Attendance Marks"),
        )
        action["views"] = sorted(action.get("views") or [], key=lambda view: view[1] != "calendar")
        return action

    def action_view_amendments(self):
        """Smart button: the amendments made to the pupils' marks."""
        return self._pupil_action(
            "school_attendance.school_attendance_amendment_action",
            "school.attendance.amendment",
            _("Amendments"),
        )

    def _pupil_action(self, xmlid, model_name, name):
        action = self.env.ref(xmlid, raise_if_not_found=False)
        if action:
            action = action.read()[0]
        else:
            action = {
                "type": "ir.actions.act_window",
                "name": name,
                "res_model": model_name,
                "view_mode": "tree,form",
            }
        action["domain"] = [("pupil_id", "in", self.ids)]
        action["context"] = {}
        return action

    def action_view_analysis(self):
        """Smart button: the attendance analysis of the pupils."""
        action = self.env.ref("school_attendance.school_attendance_analysis_action").read()[0]
        action["domain"] = [("pupil_id", "in", self.ids)]
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.multi
    def get_attendance_summary(self, date_from=None, date_to=None):
        """Attendance statistics of each pupil between two dates (inclusive).

        Dates are ``datetime.date`` or 'YYYY-MM-DD' strings; a missing date
        leaves that end open. Callable over RPC: returns a list with one dict
        per pupil (string keys only) holding ``pupil_id``, ``possible``,
        ``present``, ``authorised``, ``unauthorised``, ``absent``,
        ``attendance_pct``, ``absence_pct``, ``late_before_close`` (L),
        ``late_after_close`` (U), ``minutes_late``, ``band`` (name of the
        school's band, False with no possible session), ``band_id``,
        ``is_persistent_absentee`` (absence >= 10% of possible sessions),
        ``is_severe_absentee`` (>= 50%) and ``codes`` (code -> count).

        The counting is ``rules.statistics.summarise_counts`` (the same as
        ``summarise`` on one entry per mark) with each code's flags as
        configured on ``school.attendance.code``. Marks are read in one
        grouped query for all the pupils, so the number of queries does not
        grow with the number of pupils.
        """
        counts = self._read_mark_counts(_date_string(date_from), _date_string(date_to))
        codes = self.env["school.attendance.code"].with_context(active_test=False).search([])
        flags = codes._flags()
        statistics.check_flags(flags)  # once for all the pupils
        code_names = {code.id: code.code for code in codes}
        band_model = self.env["school.attendance.band"]
        companies = self._read_company_ids()
        bands = band_model.get_bands_by_company(
            self.env["res.company"].browse(sorted(set(companies.values())))
        )
        result = []
        for pupil_id in self.ids:
            by_code = {}
            minutes = 0
            for code_id, count, code_minutes in counts.get(pupil_id, ()):
                code = code_names[code_id]
                by_code[code] = by_code.get(code, 0) + count
                minutes += code_minutes
            summary = statistics.summarise_counts(by_code, flags, minutes)
            band = None
            if summary["possible"]:
                band = band_model.find_band(summary["attendance_pct"], bands[companies[pupil_id]])
            summary.update(
                pupil_id=pupil_id,
                band=band["label"] if band else False,
                band_id=band["id"] if band else False,
            )
            result.append(summary)
        return result

    def _read_company_ids(self):
        """``{pupil_id: company_id}`` in one query.

        Only the school of each pupil is needed to choose its band; reading it
        through the ORM would load every column of every pupil into the cache
        (about 1 s for 2,000 pupils, bench/run.py). Pending computations of
        pupils are flushed first; nothing is written.
        """
        if not self.ids:
            return {}
        self.recompute()
        self.env.cr.execute(
            "SELECT id, company_id FROM school_pupil WHERE id IN %s", (tuple(self.ids),)
        )
        return dict(self.env.cr.fetchall())

    def _read_mark_counts(self, date_from, date_to):
        """``{pupil_id: [(code_id, mark count, minutes late), ...]}`` in one query.

        Raw SQL for one GROUP BY over all the pupils (read_group would also
        name_get every pupil and code); it is built from the ORM's own query
        so that access rights and record rules on marks still apply.
        """
        if not self.ids or "school.attendance.mark" not in self.env:
            return {}
        mark_model = self.env["school.attendance.mark"]
        mark_model.check_access_rights("read")
        mark_model.recompute()  # flush pending stored computations before raw SQL
        domain = [("pupil_id", "in", self.ids), ("code_id", "!=", False)]
        if date_from:
            domain.append(("date", ">=", date_from))
        if date_to:
            domain.append(("date", "<=", date_to))
        query = mark_model._where_calc(domain)
        mark_model._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        table = mark_model._table
        self.env.cr.execute(
            # Only the ORM's own table name and clauses are formatted in;
            # every value is a query parameter.
            f"""
            SELECT "{table}".pupil_id, "{table}".code_id, count(*),
                   coalesce(sum("{table}".minutes_late), 0)
            FROM {from_clause}
            WHERE {where_clause}
            GROUP BY "{table}".pupil_id, "{table}".code_id
            """,
            params,
        )
        counts = {}
        for pupil_id, code_id, count, minutes in self.env.cr.fetchall():
            counts.setdefault(pupil_id, []).append((code_id, count, int(minutes)))
        return counts

    def _read_session_marks(self, date_from=None, date_to=None):
        """``{pupil_id: [(date, 'am'/'pm', code, minutes late), ...]}`` in session order.

        Every mark of the pupils between two dates (inclusive; a missing date
        leaves that end open), including sessions not marked yet (code
        False). One search and one read: the printed registers (pupil
        attendance report, registration certificate) build on it.
        """
        domain = [("pupil_id", "in", self.ids)]
        if date_from:
            domain.append(("date", ">=", _date_string(date_from)))
        if date_to:
            domain.append(("date", "<=", _date_string(date_to)))
        marks = self.env["school.attendance.mark"].search(domain, order="date, period, id")
        sessions = {pupil.id: [] for pupil in self}
        for mark in marks:
            sessions[mark.pupil_id.id].append(
                (mark.date, mark.period, mark.code_id.code or False, mark.minutes_late)
            )
        return sessions
