import datetime

from odoo import _, api, fields, models

from ..dates import to_date
from ..rules import calendar, patterns
from ..rules.report import format_date

_WEEKDAYS_PLURAL = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays")


class SchoolPupil(models.Model):
    """Patterns of absence: a particular weekday, long weekends, term-time holidays every
    year, repeated illness — each in a sentence with the sessions behind it."""

    _inherit = "school.pupil"

    attendance_patterns = fields.Text(
        string="Patterns of Absence",
        compute="_compute_attendance_patterns",
        help="Absence this school year concentrated on one weekday, on days next to "
        "weekends and holidays, repeated spells of illness, and term-time holidays in "
        "consecutive school years, each with the days behind it.",
    )

    def _compute_attendance_patterns(self):
        rows = {row["pupil_id"]: row for row in self.get_attendance_patterns()}
        for pupil in self:
            row = rows.get(pupil.id)
            sentences = [pattern["sentence"] for pattern in row["patterns"]] if row else []
            pupil.attendance_patterns = "\n".join(sentences) or _("No pattern of absence.")

    @api.multi
    def get_attendance_patterns(self, on_date=None):
        """The patterns of absence of each pupil, this school year to ``on_date``.

        Callable over RPC by any user who can read the pupils (``on_date``: a date or
        'YYYY-MM-DD', default the school's today). Term-time holidays look back to the
        start of the previous school year. Returns one dict per pupil: ``pupil_id``,
        ``date_from``, ``date_to`` and ``patterns``, a list of dicts with ``kind``
        ('weekday', 'long_weekend', 'holiday_years', 'illness'), ``sentence`` and
        ``mark_ids`` (the sessions behind it). Thresholds: ``rules.patterns``.
        """
        mark_model = self.env["school.attendance.mark"]
        codes = self.env["school.attendance.code"].with_context(active_test=False).search([])
        flags = codes._flags()
        code_names = {code.id: code.code for code in codes}
        result = []
        for company in self.mapped("company_id"):
            pupils = self.filtered(lambda p, c=company: p.company_id == c)
            day = to_date(on_date) or company.get_school_today()
            year_start = self.env["school.academic.year"].get_year_start(company, day)
            last_year_start = calendar.school_year_start(year_start - datetime.timedelta(days=1))
            # The days the school met around the period too, so that the first day
            # after a holiday and the day before the next weekend are seen as such.
            sessions = self.env["school.session"].search_read(
                [
                    ("company_id", "=", company.id),
                    ("date", ">=", fields.Date.to_string(last_year_start)),
                    ("date", "<=", fields.Date.to_string(day + datetime.timedelta(days=14))),
                ],
                ["date"],
            )
            school_days = {to_date(s["date"]) for s in sessions}
            rows = mark_model.search_read(
                [
                    ("pupil_id", "in", pupils.ids),
                    ("date", ">=", fields.Date.to_string(last_year_start)),
                    ("date", "<=", fields.Date.to_string(day)),
                    ("code_id", "!=", False),
                ],
                ["pupil_id", "date", "period", "code_id"],
            )
            by_pupil = {}
            for row in rows:
                mark = (to_date(row["date"]), row["period"], code_names[row["code_id"][0]])
                by_pupil.setdefault(row["pupil_id"][0], {})[mark] = row["id"]
            for pupil in pupils:
                ids = by_pupil.get(pupil.id, {})
                this_year = [mark for mark in ids if mark[0] >= year_start]
                found = [
                    p
                    for p in patterns.find_patterns(this_year, school_days, flags)
                    if p["kind"] != "holiday_years"
                ]
                found += [
                    p
                    for p in patterns.find_patterns(
                        [m for m in ids if m[2] in patterns.HOLIDAY_CODES], (), flags
                    )
                    if p["kind"] == "holiday_years"
                ]
                result.append(
                    {
                        "pupil_id": pupil.id,
                        "date_from": fields.Date.to_string(year_start),
                        "date_to": fields.Date.to_string(day),
                        "patterns": [
                            {
                                "kind": p["kind"],
                                "sentence": pupil._pattern_sentence(p, year_start),
                                "mark_ids": [ids[mark] for mark in p["marks"]],
                            }
                            for p in found
                        ],
                    }
                )
        return result

    def _pattern_sentence(self, pattern, year_start):
        kind = pattern["kind"]
        dates = sorted({mark[0] for mark in pattern["marks"]})
        listed = ", ".join(format_date(d) for d in dates[:8]) + (", ..." if len(dates) > 8 else "")
        if kind == "weekday":
            return _(
                "Absent on %(days)s of %(of_days)s %(weekday)s this year: %(days)s of the "
                "%(absent_days)s days with absence (%(dates)s)."
            ) % {
                "days": pattern["days"],
                "of_days": pattern["of_days"],
                "weekday": _(_WEEKDAYS_PLURAL[pattern["weekday"]]),
                "absent_days": pattern["absent_days"],
                "dates": listed,
            }
        if kind == "long_weekend":
            return _(
                "%(days)s of the %(absent_days)s days with absence this year were next to a "
                "weekend or a holiday (%(dates)s)."
            ) % {"days": pattern["days"], "absent_days": pattern["absent_days"], "dates": listed}
        if kind == "holiday_years":
            years = ["%d/%02d" % (start.year, (start.year + 1) % 100) for start in pattern["years"]]
            return _(
                "Term-time holiday (G) in consecutive school years: %(years)s (%(dates)s)."
            ) % {
                "years": _(" and ").join(years),
                "dates": listed,
            }
        return _("%(count)s separate spells of illness since %(start)s, starting %(spells)s.") % {
            "count": len(pattern["spells"]),
            "start": format_date(year_start),
            "spells": ", ".join(format_date(d) for d in pattern["spells"]),
        }
