"""What the foresight reads of each school once per call: the school's day, its academic
year and term, and its sessions.

``school.pupil``'s foresight (distance to each line), patterns of absence and persistent
absence risk, school_penalty's window forecast and school_letters' foresight placeholders
each need, per school of the pupils, "today for the school", its academic year (and
term) holding that day and its sessions.
:func:`read_school_contexts` reads them for every school at once (a constant number of
queries, whatever the number of schools), so a trust costs what one school costs."""

import datetime
from collections import Counter

from odoo import fields

from .dates import to_date
from .rules import calendar, patterns, statistics

#: Sessions read after the day: the patterns of absence look two weeks ahead to tell a
#: day before a holiday.
DAYS_AHEAD = 14


class SchoolContext:
    """One school of the pupils on the day of the call.

    ``company``, ``pupils`` (the school's pupils of the call), ``day`` (the day asked, or
    the school's today), ``year_start``/``year_end`` (the academic year holding the day:
    1 September of the school year and None when the school has not recorded it),
    ``term_start``/``term_end`` (the term holding the day, when read; None without one)
    and ``sessions`` (``(date, period)`` of the school's sessions in the range read, in
    order)."""

    def __init__(self, company, pupils, day, year, term):
        self.company = company
        self.pupils = pupils
        self.day = day
        self.year_start = to_date(year["date_start"]) if year else calendar.school_year_start(day)
        self.year_end = to_date(year["date_end"]) if year else None
        self.term_start = to_date(term["date_start"]) if term else None
        self.term_end = to_date(term["date_end"]) if term else None
        self.sessions = []
        self._school_days = None

    @property
    def last_year_start(self):
        """First day of the previous school year (term-time holidays look back to it)."""
        return calendar.school_year_start(self.year_start - datetime.timedelta(days=1))

    def future_sessions(self):
        """The sessions after the day to the end of the academic year, in order."""
        return [
            session
            for session in self.sessions
            if session[0] > self.day and (not self.year_end or session[0] <= self.year_end)
        ]

    def half_term_start(self):
        """The first day of the half term holding the day: the first school day after the
        last holiday (``rules.calendar.half_term_start``) inside the term,
        else the term's start. A school that records half terms gets its term's start; one
        that records three terms gets the half term all the same (its autumn rate is not
        the year's). None without a term. Needs the sessions since the term's start."""
        if not self.term_start:
            return None
        return calendar.half_term_start(
            self.term_start, self.day, (day for day, _period in self.sessions)
        )

    def sessions_left_in_term(self):
        """Number of sessions after the day to the end of the term (0 without a term)."""
        if not self.term_end:
            return 0
        return sum(1 for day, _period in self.sessions if self.day < day <= self.term_end)

    def school_days(self):
        """The days the school met, from the previous school year's start to two weeks
        after the day (read with ``since_last_year``)."""
        if self._school_days is None:
            last = self.day + datetime.timedelta(days=DAYS_AHEAD)
            self._school_days = {day for day, _period in self.sessions if day <= last}
        return self._school_days

    def summary(self, marks, date_from, flags):
        """``rules.statistics.summarise_counts`` of the ``(date, period, code)`` marks of
        one pupil from ``date_from`` to the day (``flags`` checked by the caller)."""
        counts = Counter(code for day, _period, code in marks if date_from <= day <= self.day)
        return statistics.summarise_counts(counts, flags)

    def find_patterns(self, marks, flags):
        """The patterns of absence in one pupil's ``(date, period, code)`` marks, by the
        school's thresholds: this school year's to the day (read ``since_last_year``),
        and term-time holidays in consecutive years since the previous year's start."""
        thresholds = self.company._pattern_thresholds()
        this_year = [mark for mark in marks if self.year_start <= mark[0] <= self.day]
        found = [
            pattern
            for pattern in patterns.find_patterns(
                this_year, self.school_days(), flags, **thresholds
            )
            if pattern["kind"] != "holiday_years"
        ]
        holidays = [
            mark
            for mark in marks
            if mark[2] in patterns.HOLIDAY_CODES and self.last_year_start <= mark[0] <= self.day
        ]
        found += [
            pattern
            for pattern in patterns.find_patterns(holidays, (), flags, **thresholds)
            if pattern["kind"] == "holiday_years"
        ]
        return found


def read_school_contexts(
    pupils, company_ids, on_date=None, since_last_year=False, terms=False, until=None
):
    """``[SchoolContext]``, one per school of ``pupils`` (``company_ids``: ``{pupil id:
    company id}``), in the order the pupils first name their schools.

    ``on_date`` (a date or 'YYYY-MM-DD'; default each school's today). The sessions read
    run from the day (from the start of the previous school year with
    ``since_last_year``) to the end of the academic year, of the term, two weeks after
    the day or ``until`` (a date), whichever is last; ``terms``: read the term holding the
    day too.

    Queries: the schools (their clock), the academic years, the terms (with ``terms``) and
    the sessions, each once for every school. Years, terms and sessions are read as the
    user, so access rights and record rules apply.
    """
    env = pupils.env
    members = {}  # {company id: [pupil id]}, both in the recordset's order
    for pupil_id in pupils.ids:
        members.setdefault(company_ids[pupil_id], []).append(pupil_id)
    companies = env["res.company"].browse(list(members))
    if not companies:
        return []
    on_date = to_date(on_date)
    days = {company.id: on_date or company.get_school_today() for company in companies}
    years = _holding(env["school.academic.year"], companies, days)
    term_rows = _holding(env["school.term"], companies, days) if terms else {}
    contexts = [
        SchoolContext(
            company,
            # One prefetch for every school: the pupils' names are read in one query.
            pupils.browse(members[company.id]).with_prefetch(pupils._prefetch),
            days[company.id],
            years.get(company.id),
            term_rows.get(company.id),
        )
        for company in companies
    ]
    _read_sessions(env, contexts, since_last_year, until)
    return contexts


def _holding(model, companies, days):
    """``{company id: row}``: the record of ``model`` (academic years, terms) of each
    school holding the school's day, the latest starting first, read for all the schools
    in one query."""
    records = model.search(
        [
            ("company_id", "in", companies.ids),
            ("date_start", "<=", fields.Date.to_string(max(days.values()))),
            ("date_end", ">=", fields.Date.to_string(min(days.values()))),
        ],
        order="date_start desc, id",
    )
    # The school's id, not its name: a parent on the portal may not read the school.
    rows = records.read(["company_id", "date_start", "date_end"], load="_classic_write")
    holding = {}
    for row in rows:
        company_id = row["company_id"]
        day = fields.Date.to_string(days[company_id])
        if company_id not in holding and row["date_start"] <= day <= row["date_end"]:
            holding[company_id] = row
    return holding


def _read_sessions(env, contexts, since_last_year, until):
    """Fill each context's ``sessions``, in one query for all the schools.

    Raw SQL built from the ORM's own query (record rules apply): a trust's two school
    years are thousands of sessions, which ``search_read`` would read 1,000 at a time."""
    session_model = env["school.session"]
    session_model.check_access_rights("read")
    starts, ends = [], []
    for ctx in contexts:
        starts.append(ctx.last_year_start if since_last_year else ctx.day)
        last = ctx.day + datetime.timedelta(days=DAYS_AHEAD)
        ends.append(max(day for day in (ctx.year_end, ctx.term_end, last, until) if day))
        if not ctx.year_end:
            ends.append(None)  # no academic year: every session after the day
    domain = [
        ("company_id", "in", [ctx.company.id for ctx in contexts]),
        ("date", ">=", fields.Date.to_string(min(starts))),
    ]
    if None not in ends:
        domain.append(("date", "<=", fields.Date.to_string(max(ends))))
    session_model.recompute()  # flush pending stored computations before raw SQL
    query = session_model._where_calc(domain)
    session_model._apply_ir_rules(query, "read")
    from_clause, where_clause, params = query.get_sql()
    table = session_model._table
    env.cr.execute(
        # Only the ORM's own table name and clauses are formatted in.
        f"""
        SELECT "{table}".company_id, "{table}".date, "{table}".period
        FROM {from_clause} WHERE {where_clause}
        ORDER BY "{table}".date, "{table}".period
        """,
        params,
    )
    by_company = {ctx.company.id: ctx for ctx in contexts}
    parsed = {}  # a few hundred distinct dates for thousands of sessions: parse each once
    for company_id, raw_day, period in env.cr.fetchall():
        day = parsed.get(raw_day) or parsed.setdefault(raw_day, to_date(raw_day))
        by_company[company_id].sessions.append((day, period))
