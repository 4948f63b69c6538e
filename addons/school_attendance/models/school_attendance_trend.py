from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from ..dates import to_date, to_string
from ..rules import trend

#: What a chart can be drawn for: scope -> model of the records named by id.
SCOPES = {
    "pupil": "school.pupil",
    "group": "school.group",
    "school": "res.company",
}

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LINE_COLOUR = "#1f6fb2"
_BAND_COLOUR = "#c0392b"
_GRID_COLOUR = "#e5e5e5"


def _day_label(day):
    """'02 Sep' (fixed English month names, like session names)."""
    return "%02d %s" % (day.day, _MONTHS[day.month - 1])


class SchoolAttendanceTrend(models.AbstractModel):
    """Weekly attendance of pupils, groups and schools, and its chart (SVG).

    The weekly figures come from one grouped query over the marks (access
    rights and record rules on marks apply), counted with the codes' flags by
    ``rules.trend``; the chart is an inline SVG with a line at the lower
    bound of each of the school's attendance bands.
    """

    _name = "school.attendance.trend"
    _description = "Attendance Over Time"

    # ------------------------------------------------------------------
    # Public (RPC) API
    # ------------------------------------------------------------------
    @api.model
    def get_weekly_attendance(self, scope, record_ids, date_from, date_to):
        """Weekly attendance for each record of ``scope`` between two dates.

        ``scope`` is 'pupil', 'group' (marks of the group's registers) or
        'school' (a company); dates are 'YYYY-MM-DD' strings or dates, both
        included. Returns ``{str(record id): [{"week_start": 'YYYY-MM-DD',
        "possible", "present", "attendance_pct"}, ...]}`` oldest week first;
        weeks without a possible session are left out.
        """
        figures = self._weekly_figures(scope, record_ids, date_from, date_to)
        return {
            str(key): [dict(row, week_start=to_string(row["week_start"])) for row in rows]
            for key, rows in figures.items()
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _weekly_figures(self, scope, record_ids, date_from, date_to):
        """``{record id: rules.trend.weekly_figures(...)}`` (dates as ``datetime.date``)."""
        if scope not in SCOPES:
            raise UserError(
                _("Attendance over time is drawn for a pupil, a group or a school, not %r.")
                % (scope,)
            )
        date_from, date_to = to_date(date_from), to_date(date_to)
        if not (date_from and date_to) or date_to < date_from:
            raise UserError(_("Give a period that ends on or after the day it starts."))
        ids = [int(record_id) for record_id in record_ids or []]
        rows = self._read_weekly_counts(scope, ids, to_string(date_from), to_string(date_to))
        flags = self.env["school.attendance.code"].get_flags()
        return {
            record_id: trend.weekly_figures(rows.get(record_id, ()), flags) for record_id in ids
        }

    @api.model
    def _read_weekly_counts(self, scope, ids, date_from, date_to):
        """``{record id: [(week Monday, code, count), ...]}`` from one grouped query.

        Built from the ORM's own query on marks, so access rights and record
        rules on marks apply (a teacher's chart shows their groups' marks).
        A group's marks are those of its registers (the pupil's group for a
        mark on no register), as in the attendance analysis.
        """
        if not ids:
            return {}
        mark_model = self.env["school.attendance.mark"]
        mark_model.check_access_rights("read")
        mark_model.recompute()  # flush pending stored computations before raw SQL
        table = mark_model._table
        group_key = (
            "COALESCE((SELECT r.group_id FROM school_attendance_register r"
            f' WHERE r.id = "{table}".register_id),'
            f' (SELECT p.group_id FROM school_pupil p WHERE p.id = "{table}".pupil_id))'
        )
        if scope == "pupil":
            domain, key = [("pupil_id", "in", ids)], '"%s".pupil_id' % table
        elif scope == "school":
            domain, key = [("company_id", "in", ids)], '"%s".company_id' % table
        else:
            domain = [
                "|",
                ("register_id.group_id", "in", ids),
                "&",
                ("register_id", "=", False),
                ("pupil_id.group_id", "in", ids),
            ]
            key = group_key
        domain += [("code_id", "!=", False), ("date", ">=", date_from), ("date", "<=", date_to)]
        query = mark_model._where_calc(domain)
        mark_model._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        self.env.cr.execute(
            # Only our own column expressions and the ORM's table name and
            # clauses are formatted in; every value is a query parameter.
            f"""
            SELECT {key}, date_trunc('week', "{table}".date)::date, "{table}".code_id, count(*)
            FROM {from_clause}
            WHERE {where_clause}
            GROUP BY 1, 2, 3
            """,  # noqa: S608
            params,
        )
        fetched = self.env.cr.fetchall()
        code_names = self.env["school.attendance.code"].get_code_names()
        rows = {}
        for record_id, monday, code_id, count in fetched:
            # Odoo's cursor returns dates as strings.
            rows.setdefault(record_id, []).append((to_date(monday), code_names[code_id], count))
        return rows

    @api.model
    def chart_period(self, company, today=None):
        """``(first day, last day)`` charted for ``company`` by default.

        The academic year holding ``today`` (default: the user's today), up
        to today; else the latest year that started before today. None when
        the school has no such year.
        """
        today = to_date(today) or to_date(fields.Date.context_today(self))
        year = self.env["school.academic.year"].search(
            [("company_id", "=", company.id), ("date_start", "<=", to_string(today))],
            order="date_start desc",
            limit=1,
        )
        if not year:
            return None
        return to_date(year.date_start), min(to_date(year.date_end), today)

    @api.model
    def render_charts(self, scope, records, date_from=None, date_to=None, today=None):
        """``{record id: SVG markup}`` of the weekly attendance of ``records``.

        Records of several schools are charted each over its own school's
        period (see :meth:`chart_period`) unless dates are given.
        """
        charts = {}
        company_of = {
            "pupil": lambda rec: rec.company_id,
            "group": lambda rec: rec.company_id,
            "school": lambda rec: rec,
        }[scope]
        companies = records.mapped(company_of)
        bands = self.env["school.attendance.band"].get_bands_by_company(companies)
        for company in companies:
            members = records.filtered(lambda rec, c=company: company_of(rec) == c)
            period = (to_date(date_from), to_date(date_to))
            if not (date_from and date_to):
                period = self.chart_period(company, today=today)
            if not period:
                for record in members:
                    charts[record.id] = self._render_empty(
                        _("No academic year of %s has started yet.") % company.name
                    )
                continue
            figures = self._weekly_figures(scope, members.ids, *period)
            thresholds = trend.band_thresholds(bands[company.id])
            for record in members:
                charts[record.id] = self.render_svg(
                    figures[record.id],
                    thresholds,
                    _("Weekly attendance of %s, %s to %s")
                    % (record.display_name, _day_label(period[0]), _day_label(period[1])),
                )
        return charts

    @api.model
    def render_svg(self, figures, thresholds, title):
        """Inline SVG of weekly attendance ``figures`` with the band lines ``thresholds``.

        Every text is escaped; the markup is built here only, never from user HTML.
        """
        if not figures:
            return self._render_empty(_("No attendance marks in this period."), title)
        geo = trend.chart_geometry(figures, thresholds)
        width, height = trend.CHART_WIDTH, trend.CHART_HEIGHT
        parts = [
            '<svg xmlns="http://www.w3.org/2000/svg" class="o_school_attendance_chart" '
            'viewBox="0 0 %d %d" width="%d" height="%d" style="max-width: 100%%; height: auto" '
            'role="img" aria-label="%s">' % (width, height, width, height, html_escape(title)),
            "<title>%s</title>" % html_escape(title),
        ]
        for y, pct in geo["y_ticks"]:
            parts.append(
                '<line class="o_grid_line" x1="%s" x2="%s" y1="%s" y2="%s" stroke="%s"/>'
                '<text x="%s" y="%s" font-size="10" text-anchor="end" fill="#666">%d%%</text>'
                % (geo["left"], geo["right"], y, y, _GRID_COLOUR, geo["left"] - 4, y + 3, pct)
            )
        last_label_y = None
        for y, pct, label in geo["band_lines"]:
            parts.append(
                '<line class="o_band_line" data-min-pct="%s" x1="%s" x2="%s" y1="%s" y2="%s" '
                'stroke="%s" stroke-dasharray="4 3"><title>%s</title></line>'
                % (pct, geo["left"], geo["right"], y, y, _BAND_COLOUR, html_escape(label))
            )
            # Labels of lines closer than a line of text would overlap: the line keeps
            # its tooltip, only the first of them is written.
            if last_label_y is None or y - last_label_y >= 10:
                parts.append(
                    '<text x="%s" y="%s" font-size="10" fill="%s">%s</text>'
                    % (geo["right"] + 4, y + 3, _BAND_COLOUR, html_escape(label))
                )
                last_label_y = y
        points = " ".join("%s,%s" % point for point in geo["points"])
        parts.append(
            '<polyline class="o_attendance_line" points="%s" fill="none" stroke="%s" '
            'stroke-width="2"/>' % (points, _LINE_COLOUR)
        )
        for (x, y), row in zip(geo["points"], figures, strict=True):
            parts.append(
                '<circle cx="%s" cy="%s" r="3" fill="%s"><title>%s</title></circle>'
                % (
                    x,
                    y,
                    _LINE_COLOUR,
                    html_escape(
                        _("Week of %s: %s%% (%d of %d sessions)")
                        % (
                            _day_label(row["week_start"]),
                            row["attendance_pct"],
                            row["present"],
                            row["possible"],
                        )
                    ),
                )
            )
        first, last = figures[0], figures[-1]
        for row, (x, _y), anchor in (
            (first, geo["points"][0], "start"),
            (last, geo["points"][-1], "end"),
        ):
            parts.append(
                '<text x="%s" y="%s" font-size="10" text-anchor="%s" fill="#666">%s</text>'
                % (x, geo["bottom"] + 16, anchor, _day_label(row["week_start"]))
            )
        parts.append("</svg>")
        return "".join(parts)

    @api.model
    def _render_empty(self, message, title=None):
        return '<p class="text-muted o_school_attendance_chart_empty"%s>%s</p>' % (
            ' title="%s"' % html_escape(title) if title else "",
            html_escape(message),
        )
