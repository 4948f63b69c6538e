"""One escalation run's reading of its schools: figures, runs of absence, open cases and the
calendar, read once per run for every school and pupil of the run, so that the number of
queries grows neither with the pupils nor with the schools.

Used by ``school.attendance.policy`` only: the nightly run, the cases it opens for other
features, and a staff decision that advances a case (``_advance_by_decision``)."""

import collections
import contextlib
import datetime
import functools

from odoo import fields
from odoo.tools import float_compare, html_escape

from .bulk import bulk_create
from .dates import to_date
from .rules import calendar, escalation

#: A step log line of a case as the run read it (``school.attendance.case.step.log``):
#: ``date`` a 'YYYY-MM-DD' string, ``step_id`` an id or None (the opening line).
LogLine = collections.namedtuple("LogLine", "id step_id date by_decision attendance_pct")
#: An open case as the run read it: ids, its concern and ``figures`` (``{field: value}``).
CaseRow = collections.namedtuple("CaseRow", "id pupil_id concern policy_id figures")
#: The case's figure fields the run keeps up to date (``case._figure_vals``).
FIGURES = (
    "attendance_pct",
    "possible_sessions",
    "present_sessions",
    "authorised_sessions",
    "unauthorised_sessions",
    "band",
    "band_id",
)


@functools.lru_cache(maxsize=4096)
def _day(value):
    """``to_date`` of a date read by SQL, once per distinct day: the run reads a few days
    for tens of thousands of marks, and parsing each mark's date took seconds."""
    return to_date(value)


def _sql_rows(model, domain, columns, order=None):
    """Rows of ``columns`` of the records of ``model`` matching ``domain``, in one query.

    ``search_read`` would read the records in chunks of 1,000 ids (one more
    query per 1,000 records). Built from the ORM's query, so access rights and
    record rules still apply; pending stored computations are flushed first.
    """
    model.check_access_rights("read")
    model.recompute()
    query = model._where_calc(domain)
    model._apply_ir_rules(query, "read")
    from_clause, where_clause, params = query.get_sql()
    table = model._table
    # Only the ORM's own table and column names and clauses are formatted in.
    select = ", ".join('"%s"."%s"' % (table, column) for column in columns)
    order_by = " ORDER BY %s" % ", ".join('"%s"."%s"' % (table, c) for c in order) if order else ""
    model.env.cr.execute(
        f"SELECT {select} FROM {from_clause} WHERE {where_clause}{order_by}",  # noqa: S608
        params,
    )
    return model.env.cr.fetchall()


class EscalationReading:
    """What a run reads once for all its schools: pupils on roll, open cases, calendars,
    figures, marks of the last days. Each school's :class:`EscalationContext` asks it;
    every read covers all the pupils of the run, whatever their school.

    ``days``: ``{company: date of the run there}``; ``policies``: ``{company id: policy}``;
    ``pupils``: ``{company id: pupils}`` (default: the pupils on roll on the school's day).
    """

    def __init__(self, env, days, policies, pupils=None):
        self.env = env
        self.days = {company.id: day for company, day in days.items()}
        self.policies = policies
        self.pupils = pupils if pupils is not None else self._read_on_roll()
        self._cache = {}
        #: Ids of the cases the run has closed.
        self.closed = set()
        self._read_calendars()

    def _read_on_roll(self):
        """``{company id: pupils on roll}``: one search per distinct day (one on most nights)
        and one query for the pupils' schools."""
        Pupil = self.env["school.pupil"]
        found = Pupil.browse()
        for day in sorted(set(self.days.values())):
            ids = [cid for cid, other in self.days.items() if other == day]
            found |= Pupil.search([("company_id", "in", ids)] + Pupil.on_roll_domain(day))
        school_of = found._read_company_ids()
        result = {cid: [] for cid in self.days}
        for pupil_id in found.ids:
            result[school_of[pupil_id]].append(pupil_id)
        return {cid: Pupil.browse(ids) for cid, ids in result.items()}

    def _read_calendars(self):
        """Every school's days of the last 400 days and its year start: two queries."""
        days = self.days.values()
        first = min(days) - datetime.timedelta(days=400)
        rows = _sql_rows(
            self.env["school.session"],
            [
                ("company_id", "in", list(self.days)),
                ("date", "<=", fields.Date.to_string(max(days))),
                ("date", ">=", fields.Date.to_string(first)),
            ],
            ["company_id", "date", "week_start"],
        )
        school_days = {cid: set() for cid in self.days}
        week_starts = {cid: set() for cid in self.days}
        for company_id, session_date, week_start in rows:
            date, day = _day(session_date), self.days[company_id]
            if day - datetime.timedelta(days=400) <= date <= day:
                school_days[company_id].add(date)
                week_starts[company_id].add(_day(week_start))
        self.school_days = {cid: sorted(dates) for cid, dates in school_days.items()}
        self.week_starts = {cid: sorted(dates) for cid, dates in week_starts.items()}
        years = self.env["school.academic.year"].search(
            [
                ("company_id", "in", list(self.days)),
                ("date_start", "<=", fields.Date.to_string(max(days))),
                ("date_end", ">=", fields.Date.to_string(min(days))),
            ]
        )
        self.year_starts = {}
        for company_id, day in self.days.items():
            # As school.academic.year.get_year_start: the school's year holding the day.
            day_string = fields.Date.to_string(day)
            year = [
                y
                for y in years
                if y.company_id.id == company_id and y.date_start <= day_string <= y.date_end
            ][:1]
            self.year_starts[company_id] = (
                to_date(year[0].date_start) if year else calendar.school_year_start(day)
            )

    def pupils_of_day(self, on_date):
        """The pupils of the run's schools whose run is for ``on_date``."""
        pupils = self.env["school.pupil"]
        for company_id, day in self.days.items():
            if day == on_date:
                pupils |= self.pupils[company_id]
        return pupils

    def cached(self, key, read):
        """``read()``, once per run for each ``key``."""
        if key not in self._cache:
            self._cache[key] = read()
        return self._cache[key]

    def case_rows(self):
        """``{case id: CaseRow}`` of the open cases of all the pupils of the run, oldest
        first, in one query: what the run decides on (concern, pupil, policy, figures).
        Only the cases it acts on are read through the ORM."""

        def read():
            rows = _sql_rows(
                self.env["school.attendance.case"],
                [
                    ("pupil_id", "in", self._all_pupils().ids),
                    ("date_closed", "=", False),
                ],
                ["id", "pupil_id", "concern", "policy_id"] + list(FIGURES),
                order=["id"],
            )
            return {
                row[0]: CaseRow(*row[:4], dict(zip(FIGURES, row[4:], strict=True))) for row in rows
            }

        return self.cached("case_rows", read)

    def case_logs(self):
        """``{open case id: [LogLine, ...]}`` oldest first, for every open case of the run,
        in one query (the ORM would read the lines in chunks of 1,000 cases)."""

        def read():
            result = {case_id: [] for case_id in self.case_rows()}
            rows = _sql_rows(
                self.env["school.attendance.case.step.log"],
                [("case_id", "in", list(result))],
                ["case_id", "id", "step_id", "date", "by_decision", "attendance_pct"],
                order=["date", "id"],
            )
            for case_id, log_id, step_id, date, by_decision, pct in rows:
                # As the ORM reads them: no NULL for a boolean or a float.
                line = (fields.Date.to_string(_day(date)), bool(by_decision), float(pct or 0.0))
                result[case_id].append(LogLine(log_id, step_id, *line))
            return result

        return self.cached("case_logs", read)

    def _all_pupils(self):
        pupils = self.env["school.pupil"]
        for company_pupils in self.pupils.values():
            pupils |= company_pupils
        return pupils

    def closed_since(self, concern, since):
        """Ids of the run's pupils whose case for ``concern`` closed on or after ``since``."""

        def read():
            rows = _sql_rows(
                self.env["school.attendance.case"],
                [
                    ("pupil_id", "in", self._all_pupils().ids),
                    ("concern", "=", concern),
                    ("date_closed", ">=", fields.Date.to_string(since)),
                ],
                ["pupil_id"],
            )
            return {row[0] for row in rows}

        return self.cached(("closed_since", concern, since), read)

    def code_letters(self):
        """``{code id: letter}`` of every attendance code, archived ones too."""

        def read():
            # sudo: only the code letters are needed, whoever runs the escalation
            codes = self.env["school.attendance.code"].sudo().with_context(active_test=False)
            return {code.id: code.code for code in codes.search([])}

        return self.cached("code_letters", read)

    def unexplained_codes(self):
        """Codes to be replaced once the reason is known (N)."""

        def read():
            codes = self.env["school.attendance.code"].search([("is_temporary", "=", True)])
            return tuple(codes.mapped("code")) or ("N",)

        return self.cached("unexplained", read)

    def steps_by_concern(self, policy):
        """``policy._steps_by_concern()``, read once per run (not once per case)."""
        return self.cached(("steps", policy.id), policy._steps_by_concern)

    def summaries(self, date_from, on_date):
        """``{pupil id: summary}`` from ``date_from`` to ``on_date`` of every pupil of the
        schools whose run is for ``on_date``: one ``get_attendance_summary`` call."""

        def read():
            rows = self.pupils_of_day(on_date).get_attendance_summary(date_from, on_date)
            return {row["pupil_id"]: row for row in rows}

        return self.cached(("summaries", date_from, on_date), read)

    def patterns(self, on_date):
        """``{pupil id: patterns}`` on ``on_date`` for the pupils of that day."""

        def read():
            rows = self.pupils_of_day(on_date).get_attendance_patterns(on_date)
            return {row["pupil_id"]: row["patterns"] for row in rows}

        return self.cached(("patterns", on_date), read)

    def _recent_days(self, company_id):
        """The school days the runs of absence of the school's policy look at."""
        policy = self.policies[company_id]
        longest = max([s.day_n for s in policy.step_ids] + [1])
        day = self.days[company_id]
        return [d for d in self.school_days[company_id] if d <= day][-(longest + 1) :]

    def day_codes(self, on_date):
        """``{pupil_id: {date: [code, ...]}}`` for the last school days of the pupils of
        ``on_date``'s schools, in one query whatever the number of marks and schools."""

        def read():
            result = {}
            pupils = self.pupils_of_day(on_date)
            starts = [
                recent[0]
                for recent in (
                    self._recent_days(cid) for cid, day in self.days.items() if day == on_date
                )
                if recent
            ]
            if not starts or not pupils:
                return result
            letters = self.code_letters()
            rows = _sql_rows(
                self.env["school.attendance.mark"],
                [
                    ("pupil_id", "in", pupils.ids),
                    ("date", ">=", fields.Date.to_string(min(starts))),
                    ("date", "<=", fields.Date.to_string(on_date)),
                    ("code_id", "!=", False),
                ],
                ["pupil_id", "date", "code_id"],
                order=["date", "period"],
            )
            for pupil_id, date, code_id in rows:
                days = result.setdefault(pupil_id, {})
                days.setdefault(_day(date), []).append(letters.get(code_id))
            return result

        return self.cached(("day_codes", on_date), read)


class EscalationContext:
    """What one school's escalation run reads, read once: summaries per period, runs of
    absence, the school calendar. The reads go through the run's
    :class:`EscalationReading`, shared by the schools of a run: the number of queries grows
    neither with the pupils nor with the schools."""

    def __init__(self, policy, company, on_date, pupils, reading=None):
        self.env = policy.env
        self.policy = policy
        self.company = company
        self.on_date = on_date
        # True when a staff decision advances the case (``case.advance``), not a run.
        self.by_decision = False
        if reading is None:
            reading = EscalationReading(
                self.env, {company: on_date}, {company.id: policy}, {company.id: pupils}
            )
        self.reading = reading
        self.pupils = reading.pupils[company.id]
        self._flags = {}
        #: What the addons' actions look up once per run (e.g. school_letters' signer
        #: and calendar): a dict each action keys as it needs.
        self.memo = {}
        self._followers = {}
        self._days_after = {}
        #: While the run's cases are handled (:meth:`batched`): what their steps give,
        #: written together at the end (stages, activities, step log lines, notes).
        self._batch = None
        self.school_days = reading.school_days[company.id]
        self.week_starts = reading.week_starts[company.id]
        self.year_start = reading.year_starts[company.id]

    def steps_by_concern(self, policy):
        """``policy._steps_by_concern()``, read once per run (not once per case)."""
        return self.reading.steps_by_concern(policy)

    def open_cases(self):
        """The open cases (:data:`CaseRow`) of the school's pupils of the run, oldest first,
        those the run has closed left out."""
        pupil_ids = set(self.pupils.ids)
        return [
            row
            for row in self.reading.case_rows().values()
            if row.pupil_id in pupil_ids and row.id not in self.reading.closed
        ]

    def case_row(self, case):
        """``case`` as the run read it (:data:`CaseRow`); read through the ORM for a case
        the run did not read (closed, or of another pupil)."""
        row = self.reading.case_rows().get(case.id)
        if row:
            return row
        figures = case._convert_to_write({name: case[name] for name in FIGURES})
        return CaseRow(case.id, case.pupil_id.id, case.concern, case.policy_id.id, figures)

    def close(self, case):
        """Note that the run closed ``case``."""
        self.reading.closed.add(case.id)

    def case_logs(self, case):
        """The step log lines (:data:`LogLine`) of ``case``, oldest first: as read for every
        open case at the start of the run, through the ORM for another case."""
        logs = self.reading.case_logs()
        if case.id in logs:
            return logs[case.id]
        return [
            LogLine(log.id, log.step_id.id or None, log.date, log.by_decision, log.attendance_pct)
            for log in case.step_log_ids.sorted(lambda log: (log.date, log.id))
        ]

    def last_log(self, case):
        """The latest step of ``case`` (a :data:`LogLine`; the line saying why the case was
        opened is no step), None when none fired."""
        steps = [line for line in self.case_logs(case) if line.step_id]
        return steps[-1] if steps else None

    def closed_since(self, concern, since):
        """Ids of the pupils whose case for ``concern`` closed on or after ``since``, this
        run's closings included (the run's read may have come before them)."""
        rows = self.reading.case_rows()
        closed_now = {
            rows[case_id].pupil_id
            for case_id in self.reading.closed
            if case_id in rows and rows[case_id].concern == concern and self.on_date >= since
        }
        pupil_ids = set(self.pupils.ids)
        return (self.reading.closed_since(concern, since) | closed_now) & pupil_ids

    def patterns(self, pupil):
        """The pupil's patterns of absence on the run's date (``school.pupil``'s
        ``get_attendance_patterns``), read for every pupil of the run at the first call."""
        return self.reading.patterns(self.on_date).get(pupil.id, [])

    def summary(self, pupil, date_from):
        """The attendance summary of ``pupil`` from ``date_from`` to the run's date.

        The first request for a period reads every pupil of the run in one
        ``get_attendance_summary`` call.
        """
        rows = self.reading.summaries(date_from, self.on_date)
        if pupil.id not in rows:
            rows.update(
                {
                    row["pupil_id"]: row
                    for row in pupil.get_attendance_summary(date_from, self.on_date)
                }
            )
        return rows[pupil.id]

    def priority_flags(self, pupil):
        """The priority flags of ``pupil`` (child protection, looked after, SEN...).

        The first request reads them for every pupil of the school in the run, in one read.
        """
        if pupil.id not in self._flags:
            self._flags.update((self.pupils | pupil)._attendance_priority_flags_by_pupil())
        return self._flags[pupil.id]

    @contextlib.contextmanager
    def batched(self):
        """Within the block, the steps' stage moves, activities, step log lines and notes
        are kept and written together when it ends (:meth:`flush`): a few queries per
        kind of record for the run, not a round of queries per case. Nothing is written
        when the block raises (the run's savepoint undoes the rest)."""
        self._batch = {"stages": {}, "activities": [], "logs": []}
        try:
            yield
            self.flush()
        finally:
            self._batch = None

    def stage_of(self, case):
        """The stage of ``case``, a move the run has kept included."""
        if self._batch and case.id in self._batch["stages"]:
            return self._batch["stages"][case.id]
        return case.stage_id

    def move(self, case, stage):
        """Move ``case`` to ``stage`` (untracked: the step's note says where it moved)."""
        if self._batch is None:
            case.with_context(tracking_disable=True).write({"stage_id": stage.id})
        else:
            self._batch["stages"][case.id] = stage

    def give_activities(self, vals_list):
        """Create the activities of ``vals_list`` (``mail.activity`` values)."""
        if self._batch is None:
            self.env["mail.activity"]._create_many(vals_list)
        else:
            self._batch["activities"] += vals_list

    def log(self, case, vals, message):
        """Write the step log line ``vals`` of ``case`` and post ``message`` on it as a note."""
        if self._batch is None:
            self.env["school.attendance.case.step.log"].create(vals)
            case.message_post(body=html_escape(message), subtype="mail.mt_note")
        else:
            self._batch["logs"].append((case, vals, message))

    def flush(self):
        """Write what the batch kept: one write per stage, the activities together, the
        step log lines in one INSERT (the cases' last step computed once for them all),
        then the notes."""
        batch = self._batch
        Case = self.env["school.attendance.case"].with_context(tracking_disable=True)
        by_stage = collections.defaultdict(list)
        for case_id, stage in batch["stages"].items():
            by_stage[stage].append(case_id)
        for stage, case_ids in by_stage.items():
            Case.browse(case_ids).write({"stage_id": stage.id})
        if batch["activities"]:
            self.env["mail.activity"]._create_many(batch["activities"])
        if batch["logs"]:
            Log = self.env["school.attendance.case.step.log"]
            Log.check_access_rights("create")
            logs = bulk_create(Log, [vals for _case, vals, _message in batch["logs"]])
            logs.check_access_rule("create")
            logs.modified(["case_id", "step_id", "date"])
            logs.recompute()
            self.env["school.attendance.case"]._post_notes(
                [(case, message) for case, _vals, message in batch["logs"]]
            )
        batch.update(stages={}, activities=[], logs=[])

    def owner_follower(self, user_id):
        """Create commands making user ``user_id`` follow a new case (default subtypes),
        built once per run for each owner; none for a case without an owner."""
        if not user_id:
            return []
        if user_id not in self._followers:
            partner = self.env["res.users"].browse(user_id).partner_id
            self._followers[user_id] = self.env["mail.followers"]._add_follower_command(
                "school.attendance.case", [], {partner.id: None}, {}, force=True
            )[0]
        # A copy: creating the case writes its id into the command's values.
        return [(op, res_id, dict(values)) for op, res_id, values in self._followers[user_id]]

    def school_day_after(self, count):
        """The ``count``-th school day after the run's date (the run's date for 0):
        ``school.session.get_school_day_after``, read once per count."""
        if count not in self._days_after:
            self._days_after[count] = self.env["school.session"].get_school_day_after(
                self.on_date, count, self.company
            )
        return self._days_after[count]

    def period_start(self, step):
        if step.period == "last_n_weeks":
            mondays = self.last_school_weeks(step.period_weeks)
            if mondays:
                return mondays[0]
        return self.year_start

    def last_school_weeks(self, count):
        """Mondays of the last ``count`` school weeks up to the run's date (the
        rolling window of the penalty threshold: holiday weeks skipped)."""
        _start, _end, mondays = calendar.rolling_school_weeks(
            self.school_days, self.on_date, weeks=max(count, 1)
        )
        return mondays

    def run(self, pupil):
        """``(length, first day)`` of the pupil's run of unexplained absence."""
        codes = self.reading.day_codes(self.on_date).get(pupil.id, {})
        return escalation.unexplained_run(
            codes, self.school_days, self.on_date, unexplained=self.unexplained_codes()
        )

    def run_is_over(self, pupil):
        """Whether the pupil was marked today with no unexplained absence."""
        codes = self.reading.day_codes(self.on_date).get(pupil.id, {}).get(self.on_date, [])
        return bool(codes) and not set(codes) & set(self.unexplained_codes())

    def unexplained_codes(self):
        """Codes to be replaced once the reason is known (N)."""
        return self.reading.unexplained_codes()

    def refresh_figures(self, rows):
        """Write today's figures on the open cases of ``rows`` (:data:`CaseRow`) whose
        figures changed, compared with what the run read: nothing is written, nor read
        again, for the others."""
        Case = self.env["school.attendance.case"]
        for row in rows:
            pupil = self.env["school.pupil"].browse(row.pupil_id)
            vals = Case._figure_vals(self.summary(pupil, self.year_start), self.on_date)
            changed = {
                key: value
                for key, value in vals.items()
                if key != "figures_date" and not _same(Case._fields[key], row.figures[key], value)
            }
            if changed:
                changed["figures_date"] = vals["figures_date"]
                Case.browse(row.id).write(changed)


def _same(field, old, new):
    """Whether a field's stored value ``old`` (as read by SQL) equals ``new``."""
    if field.type == "float":
        digits = field.digits[1] if field.digits else 6
        return float_compare(float(old or 0.0), float(new or 0.0), precision_digits=digits) == 0
    return (old or False) == (new or False)
