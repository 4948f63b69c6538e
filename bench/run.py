"""Measure the hot paths on ``school_bench`` against raw baselines, in one run.

Every measurement is the median of a few repetitions, with the ORM cache
invalidated before each; its ratio is against a baseline measured in the
same run (hand-written SQL, or one wkhtmltopdf call). Nothing is committed:
every write happens in a savepoint that is rolled back. Prints a table and
writes bench/results.json. Run bench/generate.py first.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

from common import DB, SCALE, environment
from odoo import fields

HERE = os.path.dirname(os.path.abspath(__file__))


def measure(env, func, repeat):
    """(median seconds, queries of the last run) of ``func()`` over ``repeat`` runs."""
    times = []
    queries = 0
    for _ in range(repeat):
        env.clear()
        before = env.cr.sql_log_count
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
        queries = env.cr.sql_log_count - before
    return statistics.median(times), queries


def rolled_back(env, func):
    """``func`` run in a savepoint that is rolled back afterwards."""

    def run():
        env.cr.execute("SAVEPOINT bench")
        try:
            func()
        finally:
            env.cr.execute("ROLLBACK TO SAVEPOINT bench")
            env.clear()

    return run


def sql(env, query, params):
    def run():
        env.cr.execute(query, params)
        return env.cr.fetchall()

    return run


def bench_summary(env, ctx):
    pupils = ctx["pupils"]
    orm, queries = measure(
        env, lambda: pupils.get_attendance_summary(ctx["year_from"], ctx["year_to"]), 5
    )
    raw, _q = measure(
        env,
        sql(
            env,
            """
            SELECT m.pupil_id, sum(c.counts_as_possible::int), sum(c.counts_as_present::int),
                   sum(c.counts_as_authorised::int), sum(c.counts_as_unauthorised::int),
                   sum(c.is_late::int), sum(m.minutes_late)
            FROM school_attendance_mark m JOIN school_attendance_code c ON c.id = m.code_id
            WHERE m.pupil_id IN %s AND m.date BETWEEN %s AND %s
            GROUP BY m.pupil_id
            """,
            (tuple(pupils.ids), ctx["year_from"], ctx["year_to"]),
        ),
        5,
    )
    return {
        "name": "1. get_attendance_summary, %d pupils, year" % len(pupils),
        "orm_s": orm,
        "baseline_s": raw,
        "queries": queries,
        "target": "<= 1.0x and < 1 s",
        "met": orm / raw <= 1.0 and orm < 1.0,
        "ratio_target": 1.0,
    }


def bench_penalty(env, ctx):
    pupils = ctx["pupils"]
    on_date = ctx["on_date"]

    orm, queries = measure(env, lambda: pupils.get_penalty_threshold_statuses(on_date), 5)
    raw, _q = measure(
        env,
        sql(
            env,
            """
            WITH window_days AS (
                SELECT date FROM school_session
                WHERE company_id = %s AND date <= %s ORDER BY date DESC LIMIT 100
            )
            SELECT m.pupil_id, count(*), count(*) >= 10
            FROM school_attendance_mark m JOIN school_attendance_code c ON c.id = m.code_id
            WHERE m.pupil_id IN %s AND c.code IN ('G', 'N', 'O', 'U')
              AND m.date BETWEEN (SELECT min(date) FROM window_days) AND %s
            GROUP BY m.pupil_id
            """,
            (ctx["company"].id, on_date, tuple(pupils.ids), on_date),
        ),
        5,
    )
    return {
        "name": "2. penalty threshold status, %d pupils (batch)" % len(pupils),
        "orm_s": orm,
        "baseline_s": raw,
        "queries": queries,
        "target": "<= 2x",
        "met": orm / raw <= 2,
        "ratio_target": 2.0,
    }


def bench_escalation(env, ctx):
    """The first run on the year's last day (every case to open) and a quiet nightly run.

    The first run opens a case and fires a step for every pupil under a threshold:
    its queries grow with those cases (mail thread, activity, chatter), not with
    the pupils. The quiet run (everything already done, as most nights) must cost
    the same queries for 500 pupils as for all of them.
    """
    company = ctx["company"]
    policy = company.attendance_policy_id
    pupils = ctx["pupils"]
    few = pupils[:500]
    day = fields.Date.from_string(ctx["on_date"])  # _escalate takes a date
    t_few, q_few = measure(
        env, rolled_back(env, lambda: policy._escalate(company, day, pupils=few)), 1
    )
    counts = {}
    env.cr.execute("SAVEPOINT bench_escalation")
    try:
        t_all, q_all = measure(env, lambda: counts.update(policy.run_escalation(ctx["on_date"])), 1)
        # Re-run until nothing is left to do (a second run may fire the next rung).
        for _ in range(5):
            env.clear()
            if not any(policy.run_escalation(ctx["on_date"]).values()):
                break
        quiet = {
            "500": measure(env, lambda: policy._escalate(company, day, pupils=few), 1),
            "all": measure(env, lambda: policy._escalate(company, day, pupils=pupils), 1),
        }
        if ctx["schools"] > 2:
            # The nightly job as on most nights, every school of the trust, against the
            # same run of the measured school alone (its queries must not grow).
            Policy = env["school.attendance.policy"]
            schools = env["res.company"].search([("attendance_policy_id", "=", policy.id)])
            ctx["quiet_one"] = measure(env, lambda: Policy._run_escalation(company, day), 1)
            ctx["quiet_trust"] = measure(env, lambda: Policy._run_escalation(schools, day), 1)
    finally:
        env.cr.execute("ROLLBACK TO SAVEPOINT bench_escalation")
        env.clear()
    fired = counts["steps_fired"]
    return {
        "name": "3. run_escalation, %d pupils (+ 2nd school), first run: %d cases opened, "
        "%d steps fired, %d queries per step (500 pupils: %.2fs, %d queries); "
        "quiet run: %d queries for 500 pupils, %d for %d (%.2fs)"
        % (
            len(pupils),
            counts["cases_opened"],
            fired,
            q_all / fired if fired else 0,
            t_few,
            q_few,
            quiet["500"][1],
            quiet["all"][1],
            len(pupils),
            quiet["all"][0],
        ),
        "orm_s": t_all,
        "baseline_s": None,
        "queries": q_all,
        "queries_500": q_few,
        "time_500_s": t_few,
        "cases_opened": counts["cases_opened"],
        "steps_fired": fired,
        "quiet_queries_500": quiet["500"][1],
        "quiet_queries_all": quiet["all"][1],
        "quiet_s": quiet["all"][0],
        "target": "<= 30 queries per step, quiet queries not growing",
        "met": (not fired or q_all / fired <= 30) and quiet["all"][1] <= quiet["500"][1],
        "ratio_target": None,
    }


def bench_register(env, ctx):
    register = ctx["register"]
    codes = env["school.attendance.code"]
    exceptions = [codes.get_code(code).id for code in ("I", "O", "M", "I", "O")]
    marks = register.mark_ids.sorted("id")

    def reset():
        env.cr.execute(
            "UPDATE school_attendance_mark SET code_id = NULL, category = NULL, "
            "minutes_late = 0, arrival_time = NULL, comment = NULL WHERE register_id = %s",
            (register.id,),
        )
        env.cr.execute(
            "UPDATE school_attendance_register SET state = 'draft', taken_by = NULL, "
            "taken_at = NULL WHERE id = %s",
            (register.id,),
        )
        env.clear()

    # What the register-taking screen sends: one entry per pupil, in one call.
    present = "/" if register.period == "am" else "\\"
    symbols = ("I", "O", "M", "I", "O")
    entries = [
        {"pupil_id": mark.pupil_id.id, "code": symbols[index] if index < 5 else present}
        for index, mark in enumerate(marks)
    ]

    def save():
        register.save_and_take(entries)

    times, queries = [], 0
    for _ in range(5):
        env.cr.execute("SAVEPOINT bench_register")
        reset()
        before = env.cr.sql_log_count
        started = time.perf_counter()
        save()
        times.append(time.perf_counter() - started)
        queries = env.cr.sql_log_count - before
        env.cr.execute("ROLLBACK TO SAVEPOINT bench_register")
        env.clear()
    orm = statistics.median(times)

    def raw_save():
        env.cr.execute(
            "UPDATE school_attendance_mark SET code_id = %s WHERE id IN %s",
            (exceptions[0], tuple(marks.ids[:5])),
        )
        env.cr.execute(
            "UPDATE school_attendance_mark SET code_id = %s WHERE register_id = %s "
            "AND code_id IS NULL",
            (codes.get_code("/").id, register.id),
        )
        env.cr.execute(
            "UPDATE school_attendance_register SET state = 'taken' WHERE id = %s",
            (register.id,),
        )

    raw, _q = measure(env, rolled_back(env, raw_save), 5)
    return {
        "name": "4. save a %d-pupil register (5 exceptions, take, one call): %.1f ms/mark"
        % (len(marks), orm * 1000 / len(marks)),
        "orm_s": orm,
        "baseline_s": raw,
        "queries": queries,
        "target": "<= 30 queries",
        "met": queries <= 30,
        "ratio_target": None,
    }


#: Turns of item 5: both sides take under a second, and on a shared 2-core
#: machine a single run of either can take a third longer than the next.
LETTERS_TURNS = 9


def bench_letters(env, ctx):
    """100 letters through the report (QWeb, wkhtmltopdf, post-processing) against
    wkhtmltopdf alone on the same HTML with the same page arguments.

    The two are timed in turns, nine times each, the one or the other first
    in turn, so that a change in the machine's load (or running second) hits
    both alike; each side is the median of its nine. Also timed, to say where
    the rest goes: the QWeb rendering alone, and the whole print (PDF split
    into one attachment per letter, letters logged).
    """
    template = env.ref("school_letters.letter_template_letter_1")
    pupils = env["school.pupil"].search(
        [("company_id", "=", ctx["company"].id), ("contact_ids", "!=", False)], limit=100
    )
    letters, _skipped = env["school.letter"].create_for_pupils(
        template, pupils, date=ctx["on_date"]
    )
    letters = letters[:100]
    report = env.ref("school_letters.action_report_school_letter")
    qweb, _q = measure(env, lambda: report.render_qweb_html(letters.ids), 5)
    printed, _q = measure(env, rolled_back(env, letters.print_letters), 3)
    html = report.render_qweb_html(letters.ids)[0]
    args = report._build_wkhtmltopdf_args(report.paperformat_id, False)
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "letters.html")
        with open(source, "wb") as handle:
            handle.write(html)

        target = os.path.join(tmp, "out.pdf")

        def one_call():
            # Exit status 1 is a missing asset; Odoo accepts it too.
            done = subprocess.run(
                ["wkhtmltopdf"] + args + [source, target], capture_output=True, check=False
            )
            if done.returncode not in (0, 1) or not os.path.getsize(target):
                raise RuntimeError("wkhtmltopdf failed: %s" % done.stderr[-500:])

        sides = {"report": letters.render_pdf, "wkhtmltopdf": one_call}
        times = {"report": [], "wkhtmltopdf": []}
        queries = {}
        for turn in range(LETTERS_TURNS):
            for side in sorted(sides, reverse=turn % 2 == 1):
                elapsed, queries[side] = measure(env, sides[side], 1)
                times[side].append(elapsed)
    orm, raw = statistics.median(times["report"]), statistics.median(times["wkhtmltopdf"])
    turns = [a / b for a, b in zip(times["report"], times["wkhtmltopdf"], strict=True)]
    return {
        "name": "5. %d letters as one PDF vs one wkhtmltopdf call (QWeb %.2fs; "
        "printed, split and attached %.2fs; %d turns, %.2f-%.2fx each)"
        % (len(letters), qweb, printed, LETTERS_TURNS, min(turns), max(turns)),
        "orm_s": orm,
        "baseline_s": raw,
        "queries": queries["report"],
        "qweb_s": qweb,
        "print_letters_s": printed,
        "ratio_turns": turns,
        "target": "<= 1.1x",
        "met": orm / raw <= 1.1,
        "ratio_target": 1.1,
    }


def pivot_sql(group, where=""):
    """The hand-written SQL of the analysis pivot: the sums it shows per ``group`` and month,
    of every mark with a code (in the group of its register, or else of its pupil)."""
    return """
        SELECT %s, date_trunc('month', m.date),
               sum(c.counts_as_possible::int), sum(c.counts_as_present::int),
               sum((c.counts_as_authorised OR c.counts_as_unauthorised)::int),
               sum(c.counts_as_unauthorised::int), sum(c.is_late::int)
        FROM school_attendance_mark m
        JOIN school_attendance_code c ON c.id = m.code_id
        JOIN school_pupil p ON p.id = m.pupil_id
        LEFT JOIN school_attendance_register r ON r.id = m.register_id
        LEFT JOIN school_group g ON g.id = coalesce(r.group_id, p.group_id)
        %s
        GROUP BY 1, 2
    """ % (group, where)


PIVOT_MEASURES = ("possible", "present", "absent", "unauthorised", "late")


def pivot_orm(env, domain, rows):
    """The pivot as the web client asks for it: ``rows`` by month, its measures, eager."""
    fields_ = [rows, "month", *PIVOT_MEASURES]
    analysis = env["school.attendance.analysis"]
    return lambda: analysis.read_group(domain, fields_, [rows, "month:month"], lazy=False)


def measure_pivot(env, domain, rows, group, where, params, repeat):
    """(pivot seconds, its queries, SQL seconds), once both are seen to show the same figures."""
    pivot = pivot_orm(env, domain, rows)
    baseline = sql(env, pivot_sql(group, where), params)
    shown = {}
    for row in pivot():
        (month,) = [term[2] for term in row["__domain"] if term[:2] == ("month", ">=")]
        key = row[rows][0] if isinstance(row[rows], tuple) else row[rows]
        shown[key, month] = [row[name] for name in PIVOT_MEASURES]
    counted = {(key, str(month.date())): list(sums) for key, month, *sums in baseline()}
    if shown != counted:
        sys.exit("[bench] the pivot's figures differ from the hand-written SQL's")
    orm, queries = measure(env, pivot, repeat)
    raw, _q = measure(env, baseline, repeat)
    return orm, queries, raw


def bench_pivot(env, ctx):
    company = ctx["company"].id
    orm, queries, raw = measure_pivot(
        env,
        [("company_id", "=", company)],
        "year_group",
        "g.year_group",
        "WHERE m.company_id = %s",
        (company,),
        5,
    )
    return {
        "name": "6. analysis pivot, year group x month",
        "orm_s": orm,
        "baseline_s": raw,
        "queries": queries,
        "target": "<= 1.2x",
        "met": orm / raw <= 1.2,
        "ratio_target": 1.2,
    }


# ----------------------------------------------------------------------
# Trust-wide rows (BENCH_SCALE=small or trust: more than one school)
# ----------------------------------------------------------------------
def trust_row(name, orm, raw, queries, limit=1.0, ratio=None):
    """A dashboard row: under ``limit`` seconds (and ``ratio`` times the SQL if given)."""
    met = orm < limit if limit else True
    if ratio:
        met = met and orm / raw <= ratio
    target = " and ".join(
        part
        for part in ("< %g s" % limit if limit else "", "<= %gx" % ratio if ratio else "")
        if part
    )
    return {
        "name": name,
        "orm_s": orm,
        "baseline_s": raw,
        "queries": queries,
        "target": target,
        "met": met,
        "ratio_target": ratio,
    }


def bench_trust_attendance(env, ctx):
    view = env["school.trust.attendance"]
    orm, queries = measure(
        env,
        lambda: view.search_read(
            [], ["company_id", "pupil_count", "attendance_pct", "persistent_pct", "severe_pct"]
        ),
        3,
    )
    raw, _q = measure(
        env,
        sql(
            env,
            """
            SELECT company_id, count(*), sum(possible), sum(present),
                   count(*) FILTER (WHERE absent * 100 >= 10 * possible AND possible > 0)
            FROM (
                SELECT m.company_id, m.pupil_id, sum(c.counts_as_possible::int) AS possible,
                       sum(c.counts_as_present::int) AS present,
                       sum((c.counts_as_authorised OR c.counts_as_unauthorised)::int) AS absent
                FROM school_attendance_mark m JOIN school_attendance_code c ON c.id = m.code_id
                GROUP BY m.company_id, m.pupil_id
            ) p GROUP BY company_id
            """,
            (),
        ),
        3,
    )
    return trust_row(
        "T1. trust attendance dashboard, %d schools, %d marks" % (ctx["schools"], ctx["marks"]),
        orm,
        raw,
        queries,
    )


def bench_trust_cases(env, ctx):
    view = env["school.trust.case"]
    orm, queries = measure(
        env,
        lambda: view.read_group(
            [], ["company_id", "stage_id", "case_count"], ["company_id", "stage_id"], lazy=False
        ),
        5,
    )
    raw, _q = measure(
        env,
        sql(
            env,
            "SELECT company_id, stage_id, count(*) FROM school_attendance_case "
            "WHERE date_closed IS NULL GROUP BY company_id, stage_id",
            (),
        ),
        5,
    )
    env.cr.execute("SELECT count(*) FROM school_attendance_case WHERE date_closed IS NULL")
    return trust_row(
        "T2. trust open cases dashboard (%d open cases)" % env.cr.fetchone()[0], orm, raw, queries
    )


def bench_trust_notices(env, ctx):
    view = env["school.trust.penalty"]
    orm, queries = measure(
        env,
        lambda: view.read_group(
            [],
            ["company_id", "state", "notice_count", "amount_outstanding"],
            ["company_id", "state"],
            lazy=False,
        ),
        5,
    )
    raw, _q = measure(
        env,
        sql(
            env,
            "SELECT company_id, state, count(*) FROM school_penalty_notice GROUP BY 1, 2",
            (),
        ),
        5,
    )
    env.cr.execute("SELECT count(*) FROM school_penalty_notice")
    return trust_row(
        "T3. trust penalty notices dashboard (%d notices)" % env.cr.fetchone()[0], orm, raw, queries
    )


def bench_trust_threshold(env, ctx):
    pupils = ctx["trust_pupils"]
    on_date = ctx["on_date"]
    orm, queries = measure(env, lambda: pupils.get_penalty_threshold_statuses(on_date), 3)
    raw, _q = measure(
        env,
        sql(
            env,
            """
            WITH window_days AS (
                SELECT company_id, min(date) AS first_day FROM (
                    SELECT company_id, date,
                           row_number() OVER (PARTITION BY company_id ORDER BY date DESC) AS n
                    FROM school_session WHERE date <= %s
                ) s WHERE n <= 100 GROUP BY company_id
            )
            SELECT m.pupil_id, count(*), count(*) >= 10
            FROM school_attendance_mark m
            JOIN school_attendance_code c ON c.id = m.code_id
            JOIN window_days w ON w.company_id = m.company_id
            WHERE m.pupil_id IN %s AND c.code IN ('G', 'N', 'O', 'U')
              AND m.date BETWEEN w.first_day AND %s
            GROUP BY m.pupil_id
            """,
            (on_date, tuple(pupils.ids), on_date),
        ),
        3,
    )
    return trust_row(
        "T4. penalty threshold scan of the trust, %d pupils" % len(pupils),
        orm,
        raw,
        queries,
        limit=None,
        ratio=2.0,
    )


def bench_census(env, ctx):
    company = ctx["company"]
    term = env["school.term"].search([("company_id", "=", company.id)], order="date_start", limit=1)
    wizard = env["school.attendance.export.wizard"]
    orm, queries = measure(env, lambda: wizard.census_csv(company.id, term.id), 3)
    return trust_row(
        "T5. census export, %s, %d pupils" % (term.name, len(ctx["pupils"])),
        orm,
        None,
        queries,
        limit=2.0,
    )


def bench_trust_pivot(env, ctx):
    orm, queries, raw = measure_pivot(env, [], "company_id", "m.company_id", "", (), 3)
    return trust_row(
        "T6. analysis pivot of the trust, school x month", orm, raw, queries, limit=None, ratio=1.2
    )


def bench_trust_quiet(env, ctx):
    """The quiet nightly run across the trust, measured by row 3 (after its first run)."""
    if "quiet_trust" not in ctx:
        return None
    elapsed, queries = ctx["quiet_trust"]
    one_s, one = ctx["quiet_one"]
    return {
        "name": "T7. quiet escalation run, all %d schools, %d pupils (the measured school "
        "alone: %d queries, %.2fs)" % (ctx["schools"], len(ctx["trust_pupils"]), one, one_s),
        "orm_s": elapsed,
        "baseline_s": None,
        "queries": queries,
        "target": "< 10 s, queries as for one school",
        "met": elapsed < 10 and queries <= one,
        "ratio_target": None,
    }


TRUST_BENCHES = (
    bench_trust_attendance,
    bench_trust_cases,
    bench_trust_notices,
    bench_trust_threshold,
    bench_census,
    bench_trust_pivot,
    bench_trust_quiet,
)


def machine():
    model = "?"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as handle:
        mem_kb = int(handle.readline().split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def fmt(value, unit="s"):
    if value is None:
        return "-"
    return "%.3f%s" % (value, unit)


def table(rows):
    lines = [
        "| measurement | ORM | baseline | ratio | queries | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = row["orm_s"] / row["baseline_s"] if row["baseline_s"] else None
        met = {True: "yes", False: "NO", None: "-"}[row["met"]]
        lines.append(
            "| %s | %s | %s | %s | %s | %s | %s |"
            % (
                row["name"],
                fmt(row["orm_s"]),
                fmt(row["baseline_s"]),
                "%.2fx" % ratio if ratio else "-",
                row["queries"] if row["queries"] is not None else "-",
                row["target"],
                met,
            )
        )
    return "\n".join(lines)


def main():
    with environment(DB) as env:
        company = env.ref("base.main_company")
        pupils = env["school.pupil"].search([("company_id", "=", company.id)], order="id")
        if len(pupils) < 500:
            print("[bench] run bench/generate.py first: %d pupils" % len(pupils))
            return 1
        year = env["school.academic.year"].search([("company_id", "=", company.id)], limit=1)
        env.cr.execute("SELECT max(date) FROM school_session WHERE company_id = %s", (company.id,))
        on_date = env.cr.fetchone()[0]
        env.cr.execute(
            """
            SELECT r.id FROM school_attendance_register r
            JOIN school_attendance_mark m ON m.register_id = r.id
            WHERE r.company_id = %s AND r.date = %s AND r.period = 'am'
            GROUP BY r.id ORDER BY count(*) DESC, r.id LIMIT 1
            """,
            (company.id, on_date),
        )
        register_id = env.cr.fetchone()[0]
        ctx = {
            "company": company,
            "pupils": pupils,
            "year_from": year.date_start,
            "year_to": year.date_end,
            "on_date": on_date,
            "register": env["school.attendance.register"].browse(register_id),
        }
        env.cr.execute("SELECT count(*) FROM school_attendance_mark")
        marks = env.cr.fetchone()[0]
        ctx["marks"] = marks
        ctx["trust_pupils"] = env["school.pupil"].search([], order="id")
        ctx["schools"] = len(ctx["trust_pupils"].mapped("company_id"))
        benches = [
            bench_summary,
            bench_penalty,
            bench_escalation,
            bench_register,
            bench_letters,
            bench_pivot,
        ]
        if ctx["schools"] > 2:
            benches += TRUST_BENCHES
        # BENCH_ONLY=T1,3: only the rows named (numbers or T-numbers), while developing.
        only = [part for part in os.environ.get("BENCH_ONLY", "").split(",") if part]
        if only:
            benches = [
                bench
                for index, bench in enumerate(benches)
                if str(index + 1) in only
                or (bench in TRUST_BENCHES and "T%d" % (TRUST_BENCHES.index(bench) + 1) in only)
            ]
        rows = []
        for bench in benches:
            started = time.time()
            row = bench(env, ctx)
            if row is None:
                continue
            rows.append(row)
            print("[bench] %s: %.1fs" % (row["name"], time.time() - started), flush=True)
        env.cr.rollback()
    info = machine()
    info.update(
        pupils=len(pupils),
        marks=marks,
        on_date=str(on_date),
        scale=SCALE,
        schools=ctx["schools"],
        trust_pupils=len(ctx["trust_pupils"]),
        load="%.2f %.2f %.2f" % os.getloadavg(),
    )
    print()
    print(
        "Machine: %(nproc)d cores, %(cpu)s, %(ram_gb)s GB RAM; %(date)s; BENCH_SCALE=%(scale)s, "
        "%(schools)d schools, %(trust_pupils)d pupils (%(pupils)d in the measured school), "
        "%(marks)d marks; load average %(load)s" % info
    )
    print(table(rows))
    for row in rows:
        row["ratio"] = row["orm_s"] / row["baseline_s"] if row["baseline_s"] else None
        row["measured"] = {key: info[key] for key in ("date", "load", "scale", "schools")}
    save_results(
        os.path.join(HERE, "results.json" if SCALE == "school" else "results_%s.json" % SCALE),
        info,
        rows,
    )
    return 0


def save_results(path, info, rows):
    """Write ``rows`` to the results file at ``path``: a run of every row replaces the
    file; a ``BENCH_ONLY`` run replaces only the rows it ran (by their number), keeping
    the others with their own ``measured`` date and load."""
    kept = []
    if os.environ.get("BENCH_ONLY") and os.path.exists(path):
        with open(path) as handle:
            ran = {row["name"].split(".")[0] for row in rows}
            kept = [
                row
                for row in json.load(handle).get("results", [])
                if row["name"].split(".")[0] not in ran
            ]
    with open(path, "w") as handle:
        json.dump({"machine": info, "results": kept + rows}, handle, indent=2, default=str)


if __name__ == "__main__":
    sys.exit(main())
