from odoo import _, api, fields, models

from ..dates import to_date
from ..rules import foresight
from ..rules.report import format_date, format_pct


class SchoolPupil(models.Model):
    """Foresight: how far each pupil is from the 96%, 90% and 50% lines this year."""

    _inherit = "school.pupil"

    attendance_foresight = fields.Text(
        string="Distance to Each Line",
        compute="_compute_attendance_foresight",
        help="For this academic year to today: how many more absences would take the pupil "
        "below 96%, 90% (persistent absence) and 50% (severe absence), and, below a line, how "
        "many sessions of full attendance bring them back above it and on which date.",
    )

    def _compute_attendance_foresight(self):
        rows = {row["pupil_id"]: row for row in self.get_attendance_foresight()}
        for pupil in self:
            row = rows.get(pupil.id)
            pupil.attendance_foresight = "\n".join(row["sentences"]) if row else False

    @api.multi
    def get_attendance_foresight(self, on_date=None):
        """Distance of each pupil to the attendance lines, for the year to ``on_date``.

        Callable over RPC (any user who can read the pupils). ``on_date`` is a date or
        'YYYY-MM-DD' (default: the school's today). Returns one dict per pupil:
        ``pupil_id``, ``date_from`` and ``date_to`` (the period counted, 'YYYY-MM-DD'),
        ``present``, ``possible``, ``attendance_pct``, ``lines`` (one dict per line of
        ``rules.foresight.LINES``: ``line`` '96'/'90'/'50', ``pct``, ``name``, ``below``,
        ``absences`` further absences that take the pupil below it (0 when below),
        ``sessions`` sessions of full attendance that bring them back above it (0 when not
        below), ``back_above_on`` the date of that session ('YYYY-MM-DD', False when it is
        after the last session of the year)) and ``sentences`` (the same in plain words).

        One summary query for all the pupils and one session query per school.
        """
        result = []
        for company in self.mapped("company_id"):
            pupils = self.filtered(lambda p, c=company: p.company_id == c)
            day = to_date(on_date) or company.get_school_today()
            year = self.env["school.academic.year"].find_year(company, day)
            year_start = self.env["school.academic.year"].get_year_start(company, day)
            future = self._future_sessions(company, day, year)
            for row in pupils.get_attendance_summary(year_start, day):
                lines = foresight.line_distances(row["present"], row["possible"], future)
                pupil = pupils.browse(row["pupil_id"])
                for line in lines:
                    line["back_above_on"] = fields.Date.to_string(line["back_above_on"]) or False
                result.append(
                    {
                        "pupil_id": row["pupil_id"],
                        "date_from": fields.Date.to_string(year_start),
                        "date_to": fields.Date.to_string(day),
                        "present": row["present"],
                        "possible": row["possible"],
                        "attendance_pct": row["attendance_pct"],
                        "lines": lines,
                        "sentences": [pupil._foresight_sentence(line, row) for line in lines],
                    }
                )
        return result

    def _future_sessions(self, company, day, year):
        """The school's sessions after ``day`` to the end of its academic year, in order."""
        domain = [("company_id", "=", company.id), ("date", ">", fields.Date.to_string(day))]
        if year:
            domain.append(("date", "<=", year.date_end))
        sessions = self.env["school.session"].search_read(
            domain, ["date", "period"], order="date, period"
        )
        return [(to_date(s["date"]), s["period"]) for s in sessions]

    def _foresight_sentence(self, line, row):
        """One line's distance in plain words, e.g. 'If Amira attends every session until
        6 February 2026, her attendance will be back above 90% (persistent absence).'"""
        name = self.first_name or self.name
        values = {"name": name, "line": line["name"], "pct": format_pct(row["attendance_pct"])}
        if not row["possible"]:
            return _("%(line)s: no possible session yet this year.") % values
        if not line["below"]:
            values["count"] = line["absences"]
            if line["absences"] == 1:
                return _("One more absence would take %(name)s below %(line)s.") % values
            return _("%(count)s more absences would take %(name)s below %(line)s.") % values
        values["count"] = line["sessions"]
        if line["back_above_on"]:
            values["date"] = format_date(line["back_above_on"])
            return (
                _(
                    "%(name)s is below %(line)s (%(pct)s%%). If %(name)s attends every session "
                    "until %(date)s (%(count)s sessions), attendance will be back above it."
                )
                % values
            )
        return (
            _(
                "%(name)s is below %(line)s (%(pct)s%%) and needs %(count)s sessions of full "
                "attendance to get back above it: more than are left this school year."
            )
            % values
        )
