"""Build the trust-scale benchmark database ``school_bench`` from scratch.

A secondary school of 2,000 pupils in 70 registration groups (years 7 to 11),
the 2025/26 school year (about 380 sessions), every register taken and about
760,000 marks with realistic patterns (8% persistent absentees, 1% severe,
lateness, term-time holidays), plus a small second school built by the demo
generator. Pupils go in with one INSERT and then every Python constraint of
the model runs over all of them; registers and marks, hundreds of thousands of
rows, go in with INSERT ... SELECT and COPY (the marks' indexes, unique and
foreign keys rebuilt and validated after the load), every value chosen so that
the mark constraints hold (pupil on roll, / in the morning and \\ in the
afternoon, late minutes from ``rules.lateness``); the ORM caches are
invalidated afterwards and the database analysed at the end.

Usage: BENCH_DB=name python bench/generate.py   (prints the time after each step,
the total and the machine's load)
"""

import contextlib
import datetime
import io
import os
import random
import sys
import time

from common import (
    DB,
    SCALE,
    SCHOOLS,
    START_YEAR,
    TEMPLATE_DB,
    database_exists,
    environment,
    install_template,
    psql,
)
from odoo import fields
from odoo.addons.school_attendance import pupil_week
from odoo.addons.school_attendance.bulk import bulk_create
from odoo.addons.school_attendance.models import school_demo
from odoo.addons.school_attendance.rules import lateness
from psycopg2 import sql

#: Pupils per registration group: 30 in a primary class, about 28 in a secondary form.
CLASS_SIZE = {"primary": 30, "secondary": 28.6}
YEARS = {"primary": ["R", "1", "2", "3", "4", "5", "6"], "secondary": ["7", "8", "9", "10", "11"]}
SECOND_SCHOOL_PUPILS = 60
#: Pupils with parents and addresses per school (the letters benchmark, notices, portal).
PARENTS_PER_SCHOOL = 150
SEED = 2026
CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
    # No generated avatar for each parent (res.partner draws one and stores it
    # as three image attachments unless Odoo is installing data).
    "install_mode": True,
}


def step(label, started):
    print("[generate] %-44s %6.1fs" % (label, time.time() - started), flush=True)


def build_school(env, index, name, phase, size):
    """The school ``index`` of the scale: its company, calendar and groups."""
    if index == 0:
        company = env.ref("base.main_company")
        company.write({"name": name})
    else:
        company = env["res.company"].create({"name": name})
        env.user.company_ids = [(4, company.id)]
    company.write({"currency_id": env.ref("base.GBP").id, "country_id": env.ref("base.uk").id})
    env.ref("base.GBP").active = True
    calendar = school_demo.demo_calendar(START_YEAR)
    terms = env["school.demo"]._demo_calendar(company, calendar)
    years = YEARS[phase]
    per_year = max(1, round(size / len(years) / CLASS_SIZE[phase]))
    groups = env["school.group"]
    for year in years:
        for letter in "ABCDEFGHJKLMNPQRSTUVWXYZ"[:per_year]:
            groups |= groups.create(
                {"name": "%s%s" % (year, letter), "year_group": year, "company_id": company.id}
            )
    company.attendance_policy_id = env.ref("school_attendance.attendance_policy_seed000")
    return company, terms, groups


def build_pupils(env, company, groups, rng, school_index, size):
    """The pupils with one INSERT (``bulk_create``): their constraints run over all of them."""
    vals_list = []
    for index in range(size):
        group = groups[index % len(groups)]
        year_index = 0 if group.year_group == "R" else int(group.year_group)
        entry_year = 7 if year_index >= 7 else 0
        gender = "female" if rng.random() < 0.5 else "male"
        cohort = START_YEAR - year_index
        dob = datetime.date(cohort - 5, 9, 1) + datetime.timedelta(days=rng.randrange(365))
        serial = "341%03d%02d%04d" % (202 + school_index, cohort % 100, index + 1)
        disadvantaged = rng.random()
        first_name = rng.choice(school_demo.GIRLS if gender == "female" else school_demo.BOYS)
        last_name = rng.choice(school_demo.SURNAMES)
        vals_list.append(
            {
                "first_name": first_name,
                "last_name": last_name,
                "gender": gender,
                "date_of_birth": fields.Date.to_string(dob),
                "upn": school_demo.upn_with_check_letter(serial),
                "group_id": group.id,
                "company_id": company.id,
                "date_admitted": "%d-09-01" % (START_YEAR - year_index + entry_year),
                "is_fsm": disadvantaged < 0.24,
                "is_pupil_premium": disadvantaged < 0.27,
                "is_sen": rng.random() < 0.13,
                "is_eal": rng.random() < 0.2,
                # Stored computes, as _compute_name and the related year group give them.
                "name": "%s %s" % (first_name, last_name),
                "year_group": group.year_group,
            }
        )
    return bulk_create(env["school.pupil"], vals_list, computed=("name", "year_group"))


def build_parents(env, pupils, rng):
    """Parents with postal addresses for the first pupils of a school (letters, portal)."""
    demo = env["school.demo"]
    families = [
        (pupil, demo._demo_parent_vals(pupil.last_name, rng))
        for pupil in pupils[:PARENTS_PER_SCHOOL]
    ]
    partners = bulk_create(
        env["res.partner"], [vals for _pupil, parents in families for vals, _r, _l in parents]
    )
    contacts, index = [], 0
    for pupil, parents in families:
        for position, (_vals, relationship, lives_with) in enumerate(parents):
            contacts.append(
                {
                    "pupil_id": pupil.id,
                    "partner_id": partners[index].id,
                    "sequence": position + 1,
                    "relationship": relationship,
                    "has_parental_responsibility": True,
                    "lives_with_pupil": lives_with,
                    "is_priority_contact": position == 0,
                    "receives_post": True,
                }
            )
            index += 1
    bulk_create(env["school.pupil.contact"], contacts)
    return partners


def build_registers(env, company, groups):
    """Every register of the year, taken and closed: one INSERT ... SELECT."""
    cr = env.cr
    env["school.session"].recompute()
    cr.execute(
        """
        INSERT INTO school_attendance_register
            (session_id, group_id, company_id, date, period, name, state,
             taken_by, taken_at, create_uid, write_uid, create_date, write_date)
        SELECT s.id, g.id, s.company_id, s.date, s.period, g.name || ' - ' || s.name,
               'closed', %s,
               s.date + CASE WHEN s.period = 'am' THEN time '07:55' ELSE time '12:05' END,
               %s, %s, now() at time zone 'UTC', now() at time zone 'UTC'
        FROM school_session s, school_group g
        WHERE s.company_id = %s AND g.id IN %s
        """,
        (env.uid, env.uid, env.uid, company.id, tuple(groups.ids)),
    )
    cr.execute(
        "SELECT id, session_id, group_id, date, period FROM school_attendance_register "
        "WHERE company_id = %s",
        (company.id,),
    )
    return cr.fetchall()


def plan_profiles(count, rng):
    severe = round(count * 0.01)
    persistent = round(count * 0.08) - severe
    holiday = round(count * 0.02)
    others = persistent - holiday
    illness = (others + 1) // 2
    profiles = (
        ["severe"] * severe
        + ["holiday"] * holiday
        + ["illness"] * illness
        + ["unauthorised"] * (others - illness)
        + ["fair"] * round(count * 0.12)
    )
    profiles += ["good"] * (count - len(profiles))
    rng.shuffle(profiles)
    return profiles


def build_marks(env, company, pupils, profiles, registers, rng):
    """One mark per pupil and session, coded from the pupil's profile: the rows of
    the COPY (a file object) and their number."""
    codes = {
        code.code: code
        for code in env["school.attendance.code"].search(
            [("code", "in", ["/", "\\", "L", "U", "I", "M", "O", "G"])]
        )
    }
    uid = env.uid
    # Each register slot's columns are formatted once, not once per pupil:
    # group -> [((day, period), 'session, register, school, date, period, uids')].
    by_group = {}
    for register_id, session_id, group_id, date, period in sorted(registers, key=lambda r: r[0]):
        day = fields.Date.from_string(date)  # Odoo 11 reads dates as strings
        prefix = "%d\t%d\t%d\t%s\t%s\t%d\t%d\t" % (
            session_id,
            register_id,
            company.id,
            day,
            period,
            uid,
            uid,
        )
        by_group.setdefault(group_id, []).append(((day, period), prefix))
    days_by_group = {
        group_id: sorted({key[0] for key, _prefix in slots}) for group_id, slots in by_group.items()
    }
    register_time = lateness.DEFAULT_REGISTER_TIMES[lateness.AM][0]
    comments = {"G": "Term-time holiday; leave of absence refused"}

    def tail(code, minutes):
        """'code, category, minutes late, arrival time, comment' of one mark, and the newline."""
        record = codes[code]
        arrival = "%.4f" % (register_time + minutes / 60.0) if code in ("L", "U") else r"\N"
        return "%d\t%s\t%d\t%s\t%s\n" % (
            record.id,
            record.category,
            minutes,
            arrival,
            comments.get(code, r"\N"),
        )

    present = {period: tail(code, 0) for period, code in lateness.PRESENT_CODES.items()}
    buffer = io.StringIO()
    count = 0
    for pupil, profile in zip(pupils, profiles, strict=True):
        group_id = pupil.group_id.id
        slots = by_group[group_id]
        days = days_by_group[group_id]
        plan = school_demo.plan_absences(rng, profile, days)
        school_demo.plan_lates(
            rng, days, plan, often=rng.random() < 0.15 or profile == "unauthorised"
        )
        pupil_id = "%d\t" % pupil.id
        buffer.write(
            "".join(
                prefix + pupil_id + (tail(*plan[key]) if key in plan else present[key[1]])
                for key, prefix in slots
            )
        )
        count += len(slots)
    buffer.seek(0)
    return buffer, count


def copy_marks(env, schools):
    """COPY the marks of every school (``build_marks`` of each, one at a time) in."""
    env["school.attendance.mark"].recompute()
    # The timestamps are column defaults for this COPY only: one pass over the rows.
    env.cr.execute(
        "ALTER TABLE school_attendance_mark "
        "ALTER COLUMN create_date SET DEFAULT (now() at time zone 'UTC'), "
        "ALTER COLUMN write_date SET DEFAULT (now() at time zone 'UTC')"
    )
    count = 0
    # The counts per pupil and week (pupil_week) are counted once after the load,
    # not row by row by their triggers.
    env.cr.execute("ALTER TABLE school_attendance_mark DISABLE TRIGGER USER")
    with bulk_load(env.cr, "school_attendance_mark"):
        for make_rows in schools:
            buffer, rows = make_rows()
            env.cr.copy_expert(
                """
                COPY school_attendance_mark
                    (session_id, register_id, company_id, date, period, create_uid, write_uid,
                     pupil_id, code_id, category, minutes_late, arrival_time, comment)
                FROM STDIN
                """,
                buffer,
            )
            count += rows
    env.cr.execute(
        "ALTER TABLE school_attendance_mark "
        "ALTER COLUMN create_date DROP DEFAULT, ALTER COLUMN write_date DROP DEFAULT"
    )
    env.cr.execute("ALTER TABLE school_attendance_mark ENABLE TRIGGER USER")
    pupil_week.recount(env.cr)
    return count


def build_cases_and_notices(env, company, pupils, profiles, until):
    """Cases and penalty notices as a school some months into the product has them.

    Four in five persistent absentees have a case on the low attendance ladder
    (a quarter of those closed again); a term-time holiday with parents on
    record has a draft penalty notice. One INSERT each (``bulk_create``). The
    main school gets none: its first escalation run opens every case.
    """
    stages = env["school.attendance.case.stage"]
    open_stage = stages.search([("is_closed", "=", False)], limit=1)
    closed_stage = stages.search([("is_closed", "=", True)], limit=1)
    policy = company.attendance_policy_id
    cases, notices = [], []
    for position, (pupil, profile) in enumerate(zip(pupils, profiles, strict=True)):
        if profile in ("good", "fair") or position % 5 == 4:
            continue
        closed = position % 4 == 0
        cases.append(
            {
                "pupil_id": pupil.id,
                "company_id": company.id,
                "concern": "low_attendance",
                "policy_id": policy.id,
                "stage_id": (closed_stage if closed else open_stage).id,
                "date_opened": "%d-11-03" % START_YEAR,
                "date_closed": until if closed else False,
                "user_id": env.uid,
            }
        )
        # Of compulsory school age today too (a notice checks it): years 1 to 10.
        if (
            profile == "holiday"
            and position < PARENTS_PER_SCHOOL
            and pupil.year_group not in ("R", "11")
        ):
            parent = pupil.contact_ids[:1].partner_id
            notices.append(
                {
                    "pupil_id": pupil.id,
                    "partner_id": parent.id,
                    "offence": "term_time_holiday",
                }
            )
    case_records = bulk_create(env["school.attendance.case"], cases)
    notice_records = bulk_create(env["school.penalty.notice"], notices)
    return len(case_records), len(notice_records)


@contextlib.contextmanager
def bulk_load(cr, table):
    """Load ``table`` without its secondary indexes and constraints, then restore them.

    Maintaining seven indexes and checking seven foreign keys row by row made
    the COPY of 772,000 marks the slowest step. The unique and foreign-key
    constraints and the indexes are dropped (definitions read from the
    catalog, so a new index of the addon is kept too), and re-created after
    the load: a unique constraint is checked and a foreign key validated over
    the whole table when it is added, so a row breaking any of them still
    fails the run, in this transaction. The primary key, NOT NULL and CHECK
    constraints stay in place throughout.
    """
    cr.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC, conname",
        (table,),
    )
    constraints = cr.fetchall()
    cr.execute(
        "SELECT indexname, indexdef FROM pg_indexes "
        "WHERE schemaname = current_schema() AND tablename = %s AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass) ORDER BY indexname",
        (table, table),
    )
    indexes = cr.fetchall()
    for name, _definition in constraints:
        cr.execute(
            sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                sql.Identifier(table), sql.Identifier(name)
            )
        )
    for name, _definition in indexes:
        cr.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    yield
    # Index builds sort in memory instead of on disk with this much.
    cr.execute("SET LOCAL maintenance_work_mem = '256MB'")
    # Unique constraints first ('u' before 'f'): the keys use their indexes.
    for name, definition in constraints:
        cr.execute(
            sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} " + definition).format(
                sql.Identifier(table), sql.Identifier(name)
            )
        )
    for _name, definition in indexes:
        cr.execute(definition)


def build_second_school(env, until):
    company = env["res.company"].create({"name": "Bench Second School"})
    env.user.company_ids = [(4, company.id)]
    return env["school.demo"].ensure_demo_school(
        pupils=SECOND_SCHOOL_PUPILS, until=until, company=company, seed=SEED
    )


def main():
    started = time.time()
    if install_template():
        step("installed the addons into %s" % TEMPLATE_DB, started)
    if database_exists(DB):
        psql('DROP DATABASE "%s" WITH (FORCE)' % DB)
    psql('CREATE DATABASE "%s" TEMPLATE "%s"' % (DB, TEMPLATE_DB))
    step("fresh database %s" % DB, started)
    data_started = time.time()
    rng = random.Random(SEED)
    with environment() as root_env:
        env = root_env(context=dict(root_env.context, **CONTEXT))
        built = []
        totals = {"pupils": 0, "registers": 0, "parents": 0, "cases": 0, "notices": 0}
        for index, (name, phase, size) in enumerate(SCHOOLS):
            company, terms, groups = build_school(env, index, name, phase, size)
            pupils = build_pupils(env, company, groups, rng, index, size)
            parents = build_parents(env, pupils, rng)
            registers = build_registers(env, company, groups)
            profiles = plan_profiles(len(pupils), rng)
            built.append((company, pupils, profiles, registers))
            totals["pupils"] += len(pupils)
            totals["registers"] += len(registers)
            totals["parents"] += len(parents)
            step(
                "%s: %d sessions, %d groups, %d pupils, %d parents, %d registers"
                % (
                    name,
                    len(terms.mapped("session_ids")),
                    len(groups),
                    len(pupils),
                    len(parents),
                    len(registers),
                ),
                started,
            )
        marks = copy_marks(
            env,
            [lambda school=school: build_marks(env, *school, rng) for school in built],
        )
        env.clear()  # invalidate every ORM cache after the raw SQL
        env.cr.commit()
        step("%d marks (COPY, indexes and keys rebuilt)" % marks, started)
        until = str(max(r[3] for school in built for r in school[3]))
        for company, pupils, profiles, _registers in built[1:]:
            cases, notices = build_cases_and_notices(env, company, pupils, profiles, until)
            totals["cases"] += cases
            totals["notices"] += notices
        step("%(cases)d cases, %(notices)d draft penalty notices" % totals, started)
        if SCALE == "school":
            print("[generate] second school: %s" % build_second_school(env, until), flush=True)
            step("second school (demo generator)", started)
        env.cr.commit()
        # Fresh planner statistics for every table the run filled.
        env.cr.execute("ANALYZE")
        env.cr.commit()
        step("analysed", started)
    print(
        "[generate] done (BENCH_SCALE=%s): %d schools, %d pupils, %d registers, %d marks, "
        "%d cases, %d notices in %.1fs (data %.1fs); %d cores, load average %.2f %.2f %.2f"
        % (
            SCALE,
            len(SCHOOLS),
            totals["pupils"],
            totals["registers"],
            marks,
            totals["cases"],
            totals["notices"],
            time.time() - started,
            time.time() - data_started,
            os.cpu_count(),
            *os.getloadavg(),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
