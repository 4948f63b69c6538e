"""The morning peak and the evening portal, for real: ``make load``.

Odoo servers in multi-process mode (``--workers``, with the long-polling
process) serve the bench database (``bench/generate.py``, BENCH_SCALE); the
driver plays, over HTTP on localhost only and as the web client calls the
server (JSON-RPC ``/web/dataset/*``):

1. LOAD_TEACHERS teachers (200), each taking the morning register of their
   class on the last day of the data: log in, open the list of their
   registers, open the register and its lines, *Mark all present*, 2 to 5
   exceptions saved, *Take*, the form read again. All of them in LOAD_THREADS
   concurrent sessions (20); the target is every register taken within 2
   minutes;
2. LOAD_PARENTS parents (500) logging in to the portal and opening their
   child's page.

Then p50/p95/p99 latency per request, the errors (goal: 0), and an
integrity check by SQL: every register taken once by its teacher, one mark
per pupil and session, every mark written there with the code sent.

SERVERS=2 starts two servers (separate processes and ports, the same
database and file store: two machines behind a load balancer) and spreads
the sessions over both; then the nightly jobs (escalation, penalty scan,
letters print) are started on both at once, and the check says each ran once
per school. The servers are stopped at the end; nothing else is left running.

Environment: BENCH_SCALE / BENCH_DB (as generate.py), WORKERS (per server,
default 4), SERVERS (1), LOAD_PORT (18269: the servers use LOAD_PORT,
LOAD_PORT + 1, ... and long polling LOAD_PORT + 3, ...), LOAD_TEACHERS,
LOAD_PARENTS, LOAD_THREADS.
"""

import concurrent.futures
import functools
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

from common import DB, ROOT, SCALE, environment, odoo_options

WORKERS = int(os.environ.get("WORKERS") or 4)
SERVERS = int(os.environ.get("SERVERS") or 1)
PORT = int(os.environ.get("LOAD_PORT") or 18269)
TEACHERS = int(os.environ.get("LOAD_TEACHERS") or 200)
PARENTS = int(os.environ.get("LOAD_PARENTS") or 500)
THREADS = int(os.environ.get("LOAD_THREADS") or 20)
JOB_SCHOOLS = int(os.environ.get("LOAD_JOB_SCHOOLS") or 3)
PASSWORD = "load-peak"
TEACHER_LOGIN = "load.teacher.%d"
PARENT_LOGIN = "load.parent.%d"
EXCEPTION_CODES = ("I", "M", "O", "R", "C")
SEED = 19


# ----------------------------------------------------------------------
# Preparing the database (as the superuser, committed)
# ----------------------------------------------------------------------
def prepare():
    """Teachers and parents with logins, the load day's morning registers to take.

    Returns the plan: the day, the teachers (login, register id, mark ids,
    pupils) and the parents (login, pupil id), the exception code ids.
    """
    with environment(DB) as root_env:
        env = root_env(
            context=dict(root_env.context, tracking_disable=True, no_reset_password=True)
        )
        cr = env.cr
        cr.execute("SELECT max(date) FROM school_session")
        day = cr.fetchone()[0]
        codes = env["school.attendance.code"]
        exception_ids = [codes.get_code(code).id for code in EXCEPTION_CODES]
        # One class per teacher, taken round the schools in turn.
        cr.execute(
            """
            SELECT r.id, r.group_id, r.company_id FROM school_attendance_register r
            WHERE r.date = %s AND r.period = 'am'
            ORDER BY row_number() OVER (PARTITION BY r.company_id ORDER BY r.group_id),
                     r.company_id
            LIMIT %s
            """,
            (day, TEACHERS),
        )
        registers = cr.fetchall()
        teacher_group = env.ref("school_attendance.group_attendance_teacher")
        users = env["res.users"].with_context(active_test=False)
        teachers = []
        for number, (register_id, group_id, company_id) in enumerate(registers, 1):
            login = TEACHER_LOGIN % number
            user = users.search([("login", "=", login)])
            if not user:
                user = users.create(
                    {
                        "name": "Load Teacher %d" % number,
                        "login": login,
                        "company_id": company_id,
                        "company_ids": [(6, 0, [company_id])],
                        "groups_id": [(6, 0, teacher_group.ids)],
                    }
                )
            env["school.group"].browse(group_id).write({"tutor_ids": [(4, user.id)]})
            teachers.append({"login": login, "uid": user.id, "register_id": register_id})
        # The register as before the teacher took it: lines without codes, to take.
        register_ids = tuple(t["register_id"] for t in teachers)
        cr.execute(
            "UPDATE school_attendance_mark SET code_id = NULL, category = NULL, minutes_late = 0, "
            "arrival_time = NULL, comment = NULL WHERE register_id IN %s",
            (register_ids,),
        )
        cr.execute(
            "UPDATE school_attendance_register SET state = 'draft', taken_by = NULL, "
            "taken_at = NULL WHERE id IN %s",
            (register_ids,),
        )
        for teacher in teachers:
            cr.execute(
                "UPDATE school_attendance_register SET teacher_id = %s WHERE id = %s",
                (teacher["uid"], teacher["register_id"]),
            )
        # Parents with parental responsibility, round the schools in turn.
        portal = env.ref("base.group_portal")
        cr.execute(
            """
            SELECT c.partner_id, min(c.pupil_id), min(p.company_id)
            FROM school_pupil_contact c JOIN school_pupil p ON p.id = c.pupil_id
            WHERE c.has_parental_responsibility
            GROUP BY c.partner_id
            ORDER BY row_number() OVER (PARTITION BY min(p.company_id) ORDER BY c.partner_id),
                     min(p.company_id)
            LIMIT %s
            """,
            (PARENTS,),
        )
        parents = []
        for number, (partner_id, pupil_id, company_id) in enumerate(cr.fetchall(), 1):
            login = PARENT_LOGIN % number
            user = users.search([("login", "=", login)])
            if not user:
                user = users.create(
                    {
                        "login": login,
                        "partner_id": partner_id,
                        "company_id": company_id,
                        "company_ids": [(6, 0, [company_id])],
                        "groups_id": [(6, 0, portal.ids)],
                    }
                )
            parents.append({"login": login, "pupil_id": pupil_id})
        # Servers on other ports than the one recorded: the administrator's logins
        # on two at once would each rewrite web.base.url (a serialization failure).
        env["ir.config_parameter"].set_param("web.base.url.freeze", "True")
        # One password hash for every load user (hashing 700 of them would take a minute).
        logins = [t["login"] for t in teachers] + [p["login"] for p in parents]
        first = users.search([("login", "=", logins[0])])
        first.password = PASSWORD
        cr.execute("SELECT password_crypt FROM res_users WHERE id = %s", (first.id,))
        cr.execute(
            "UPDATE res_users SET password = NULL, password_crypt = %s, active = true "
            "WHERE login IN %s",
            (cr.fetchone()[0], tuple(logins)),
        )
        cr.commit()
        return {"day": str(day), "teachers": teachers, "parents": parents, "codes": exception_ids}


# ----------------------------------------------------------------------
# Servers
# ----------------------------------------------------------------------
def start_servers():
    servers = []
    for index in range(SERVERS):
        port = PORT + index
        log = open(os.path.join("/tmp", "load-%s-%d.log" % (DB, port)), "w")  # noqa: SIM115
        command = (
            [sys.executable, os.path.join(ROOT, "bin", "odoo")]
            + odoo_options(DB)
            + [
                "--db-filter=^%s$" % DB,
                "--http-port=%d" % port,
                "--longpolling-port=%d" % (port + 3),
                "--workers=%d" % WORKERS,
                "--max-cron-threads=0",
                "--log-level=warn",
                # The nightly jobs run over RPC here, across the trust: minutes, not 120 s.
                "--limit-time-real=1800",
                "--limit-time-cpu=1800",
            ]
        )
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        servers.append({"port": port, "process": process, "log": log.name})
    deadline = time.time() + 240
    for server in servers:
        while True:
            try:
                with urllib.request.urlopen(
                    "http://localhost:%d/web/login" % server["port"], timeout=30
                ) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline or server["process"].poll() is not None:
                stop_servers(servers)
                raise RuntimeError(
                    "server on :%d did not start: %s" % (server["port"], server["log"])
                )
            time.sleep(1)
    return servers


def stop_servers(servers):
    for server in servers:
        if server["process"].poll() is None:
            os.killpg(server["process"].pid, signal.SIGTERM)
    for server in servers:
        try:
            server["process"].wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server["process"].pid, signal.SIGKILL)


# ----------------------------------------------------------------------
# The driver: one session per user, as the web client calls the server
# ----------------------------------------------------------------------
class Session:
    def __init__(self, port, stats):
        self.base = "http://localhost:%d" % port
        self.cookie = None
        self.stats = stats
        self.ids = 0

    def _open(self, path, data=None, headers=None):
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        if self.cookie:
            request.add_header("Cookie", self.cookie)
        with urllib.request.urlopen(request, timeout=180) as reply:
            cookie = reply.headers.get("Set-Cookie")
            if cookie:
                self.cookie = cookie.split(";", 1)[0]
            return reply.read()

    def call(self, label, path, params):
        """One JSON-RPC request; its latency is recorded under ``label``."""
        self.ids += 1
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": self.ids})
        started = time.perf_counter()
        try:
            reply = json.loads(
                self._open(path, body.encode(), {"Content-Type": "application/json"})
            )
        except Exception as error:
            self.stats.record(label, time.perf_counter() - started, "%s: %s" % (path, error))
            raise
        if reply.get("error"):
            data = reply["error"].get("data") or {}
            message = data.get("message") or reply["error"].get("message")
            self.stats.record(label, time.perf_counter() - started, "%s: %s" % (label, message))
            raise RuntimeError(message)
        self.stats.record(label, time.perf_counter() - started)
        return reply.get("result")

    def get(self, label, path):
        started = time.perf_counter()
        try:
            body = self._open(path)
        except Exception as error:
            self.stats.record(label, time.perf_counter() - started, "%s: %s" % (path, error))
            raise
        self.stats.record(label, time.perf_counter() - started)
        return body

    def login(self, login):
        result = self.call(
            "log in", "/web/session/authenticate", {"db": DB, "login": login, "password": PASSWORD}
        )
        if not result or not result.get("uid"):
            self.stats.record("log in", 0, "%s: refused" % login)
            raise RuntimeError("login refused")
        return result

    def call_kw(self, label, model, method, args, kwargs=None):
        return self.call(
            label,
            "/web/dataset/call_kw/%s/%s" % (model, method),
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def button(self, label, model, method, record_id):
        return self.call(
            label,
            "/web/dataset/call_button",
            {"model": model, "method": method, "args": [[record_id]]},
        )


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = {}
        self.errors = []

    def record(self, label, seconds, error=None):
        with self.lock:
            self.times.setdefault(label, []).append(seconds)
            if error:
                self.errors.append(error)


REGISTER_FIELDS = ["name", "state", "date", "period", "group_id", "teacher_id", "mark_ids"]
MARK_FIELDS = ["pupil_id", "code_id", "minutes_late", "arrival_time", "comment", "period"]


def take_register(teacher, port, stats=None, codes=(), written=None, rng=None):
    session = Session(port, stats)
    user = session.login(teacher["login"])
    context = user.get("user_context") or {}
    found = session.call(
        "list registers",
        "/web/dataset/search_read",
        {
            "model": "school.attendance.register",
            "domain": [["teacher_id", "=", user["uid"]], ["state", "=", "draft"]],
            "fields": ["name", "state", "date", "period", "group_id"],
            "limit": 80,
            "sort": "",
            "context": context,
        },
    )
    register_id = teacher["register_id"]
    if register_id not in [r["id"] for r in found["records"]]:
        stats.record(
            "list registers", 0, "%s: register %d not listed" % (teacher["login"], register_id)
        )
    register = session.call_kw(
        "open register",
        "school.attendance.register",
        "read",
        [[register_id], REGISTER_FIELDS],
        {"context": context},
    )[0]
    session.call_kw(
        "open register",
        "school.attendance.mark",
        "read",
        [register["mark_ids"], MARK_FIELDS],
        {"context": context},
    )
    session.button(
        "mark all present", "school.attendance.register", "action_mark_all_present", register_id
    )
    chosen = rng.sample(register["mark_ids"], min(len(register["mark_ids"]), rng.randint(2, 5)))
    changes = {mark_id: rng.choice(codes) for mark_id in chosen}
    session.call_kw(
        "save exceptions",
        "school.attendance.register",
        "write",
        [
            [register_id],
            {"mark_ids": [[1, mark_id, {"code_id": code}] for mark_id, code in changes.items()]},
        ],
        {"context": context},
    )
    session.button("take", "school.attendance.register", "action_take", register_id)
    session.call_kw(
        "open register",
        "school.attendance.register",
        "read",
        [[register_id], REGISTER_FIELDS],
        {"context": context},
    )
    with stats.lock:
        written.update(changes)
        teacher["taken"] = teacher.get("taken", 0) + 1


def open_child_page(parent, port, stats):
    session = Session(port, stats)
    session.login(parent["login"])
    body = session.get("child's page", "/my/children/%d" % parent["pupil_id"])
    if b"o_portal" not in body and b"<html" not in body:
        stats.record("child's page", 0, "%s: not a page" % parent["login"])


def run_phase(jobs, ports):
    """Run ``jobs`` (callables taking a port) in THREADS sessions at once, spread over
    the servers; returns the wall time."""
    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(job, ports[index % len(ports)]) for index, job in enumerate(jobs)]
        for future in futures:
            try:
                future.result()
            except Exception:  # recorded in the stats already
                pass
    return time.time() - started


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100.0 * (len(ordered) - 1))))]


def latency_table(stats):
    lines = ["| request | n | p50 | p95 | p99 | max |", "|---|---|---|---|---|---|"]
    for label, values in stats.times.items():
        lines.append(
            "| %s | %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms |"
            % (
                label,
                len(values),
                statistics.median(values) * 1000,
                percentile(values, 95) * 1000,
                percentile(values, 99) * 1000,
                max(values) * 1000,
            )
        )
    return "\n".join(lines)


# ----------------------------------------------------------------------
# Integrity, by SQL
# ----------------------------------------------------------------------
def check_integrity(plan, written):
    """[(check, ok, detail)] over what the teachers wrote."""
    checks = []
    with environment(DB) as env:
        cr = env.cr
        register_ids = tuple(t["register_id"] for t in plan["teachers"])
        cr.execute(
            "SELECT count(*) FILTER (WHERE state = 'taken' AND taken_at IS NOT NULL), "
            "count(*) FILTER (WHERE taken_by IS DISTINCT FROM teacher_id) "
            "FROM school_attendance_register WHERE id IN %s",
            (register_ids,),
        )
        taken, other_taker = cr.fetchone()
        once = sum(1 for t in plan["teachers"] if t.get("taken") == 1)
        checks.append(
            (
                "every register taken once, by its teacher",
                taken == len(register_ids) == once and not other_taker,
                "%d of %d taken (%d take calls succeeded once), %d by someone else"
                % (taken, len(register_ids), once, other_taker),
            )
        )
        cr.execute(
            """
            SELECT count(*) FROM (
                SELECT pupil_id, session_id FROM school_attendance_mark
                WHERE date = %s GROUP BY pupil_id, session_id HAVING count(*) > 1
            ) duplicates
            """,
            (plan["day"],),
        )
        duplicates = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*), count(*) FILTER (WHERE code_id IS NULL) "
            "FROM school_attendance_mark WHERE register_id IN %s",
            (register_ids,),
        )
        marks, uncoded = cr.fetchone()
        checks.append(
            (
                "one mark per pupil and session, each with a code",
                not duplicates and not uncoded,
                "%d marks in the registers, %d pupils marked twice, %d without a code"
                % (marks, duplicates, uncoded),
            )
        )
        cr.execute(
            "SELECT id, code_id FROM school_attendance_mark WHERE id IN %s",
            (tuple(written) or (0,),),
        )
        found = dict(cr.fetchall())
        wrong = [mark_id for mark_id, code in written.items() if found.get(mark_id) != code]
        checks.append(
            (
                "every exception written is there",
                not wrong,
                "%d exceptions sent, %d missing or different" % (len(written), len(wrong)),
            )
        )
    return checks


def main():
    print(
        "[load] %s (BENCH_SCALE=%s): %d server(s) x %d workers, %d teachers, %d parents, "
        "%d sessions at once" % (DB, SCALE, SERVERS, WORKERS, TEACHERS, PARENTS, THREADS),
        flush=True,
    )
    started = time.time()
    plan = prepare()
    print(
        "[load] prepared %d teachers and %d parents (%.1fs); day %s"
        % (len(plan["teachers"]), len(plan["parents"]), time.time() - started, plan["day"]),
        flush=True,
    )
    servers = start_servers()
    ports = [server["port"] for server in servers]
    try:
        teacher_stats, written = Stats(), {}
        peak = run_phase(
            [
                functools.partial(
                    take_register,
                    teacher,
                    stats=teacher_stats,
                    codes=plan["codes"],
                    written=written,
                    rng=random.Random(SEED + number),
                )
                for number, teacher in enumerate(plan["teachers"])
            ],
            ports,
        )
        parent_stats = Stats()
        evening = run_phase(
            [lambda port, p=p: open_child_page(p, port, parent_stats) for p in plan["parents"]],
            ports,
        )
        jobs = run_jobs_on_all(plan, ports) if SERVERS > 1 else None
    finally:
        stop_servers(servers)
    checks = check_integrity(plan, written)
    if jobs:
        checks += jobs
    info = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "nproc": os.cpu_count(),
        "load": "%.2f %.2f %.2f" % os.getloadavg(),
    }
    print()
    print(
        "Morning peak: %d registers taken by %d teachers in %.1fs (target < 120 s: %s), "
        "%d server(s) x %d workers, %d sessions at once; %d errors"
        % (
            sum(1 for t in plan["teachers"] if t.get("taken")),
            len(plan["teachers"]),
            peak,
            "met" if peak < 120 else "NOT met",
            SERVERS,
            WORKERS,
            THREADS,
            len(teacher_stats.errors),
        )
    )
    print(latency_table(teacher_stats))
    print()
    print(
        "Evening portal: %d parents in %.1fs; %d errors"
        % (len(plan["parents"]), evening, len(parent_stats.errors))
    )
    print(latency_table(parent_stats))
    print()
    print("| check | result | detail |\n|---|---|---|")
    for name, ok, detail in checks:
        print("| %s | %s | %s |" % (name, {True: "yes", False: "NO", None: "-"}[ok], detail))
    print()
    print("Machine: %(nproc)d cores, load average %(load)s; %(date)s" % info)
    for error in (teacher_stats.errors + parent_stats.errors)[:10]:
        print("[load] error: %s" % error)
    failed = teacher_stats.errors or parent_stats.errors or False in [ok for _n, ok, _d in checks]
    return 1 if failed else 0


#: The nightly jobs started on every server at once: (label, model, code).
JOBS = (
    (
        "escalation",
        "school.attendance.policy",
        "for company in env['res.company'].browse(%(schools)s):\n"
        "    company.attendance_policy_id._escalate(company, datetime.date(%(ymd)s))",
    ),
    ("penalty scan", "school.pupil", "model._cron_scan_penalty_thresholds('%(day)s')"),
    ("letters print", "school.letter.print", "model._cron_print_due_letters('%(day)s')"),
)


def job_actions(day):
    """A server action per nightly job, run for the load day (as the job runs for today).

    The escalation runs for LOAD_JOB_SCHOOLS schools (the last ones: primaries in
    the trust), the first run of a whole trust being a matter of many minutes; the
    scan and the letters for every school.
    """
    with environment(DB) as env:
        env.cr.execute(
            "SELECT id FROM res_company WHERE attendance_policy_id IS NOT NULL "
            "ORDER BY id DESC LIMIT %s",
            (JOB_SCHOOLS,),
        )
        schools = [row[0] for row in env.cr.fetchall()]
        ymd = ", ".join(str(int(part)) for part in str(day).split("-"))
        actions = []
        for label, model, code in JOBS:
            name = "Load test: %s" % label
            action = env["ir.actions.server"].search([("name", "=", name)])
            values = {
                "name": name,
                "model_id": env["ir.model"]._get(model).id,
                "state": "code",
                "code": code % {"day": day, "schools": schools, "ymd": ymd},
            }
            if action:
                action.write(values)
            else:
                action = action.create(values)
            actions.append((label, action.id))
        env.cr.commit()
        return actions


def run_jobs_on_all(plan, ports):
    """Each nightly job started on every server at the same moment (as the
    administrator, over JSON-RPC); the checks say each ran once per school."""
    checks = []
    with environment(DB) as env:
        env.cr.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM school_penalty_notice), "
            "(SELECT coalesce(max(id), 0) FROM school_letter_print)"
        )
        last = env.cr.fetchone()
    for label, action_id in job_actions(plan["day"]):
        barrier = threading.Barrier(len(ports))
        outcomes = {}

        def start(port, label=label, action_id=action_id, barrier=barrier, outcomes=outcomes):
            session = Session(port, Stats())
            session.call(
                "log in",
                "/web/session/authenticate",
                {"db": DB, "login": "admin", "password": "admin"},
            )
            barrier.wait()
            started = time.time()
            try:
                session.call_kw(label, "ir.actions.server", "run", [[action_id]])
                outcomes[port] = "ran (%.1fs)" % (time.time() - started)
            except Exception as error:  # the refusal of the second run, in words
                outcomes[port] = "refused (%.1fs): %s" % (time.time() - started, str(error)[:80])

        threads = [threading.Thread(target=start, args=(port,)) for port in ports]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        detail = "; ".join(":%d %s" % (port, outcomes.get(port)) for port in ports)
        checks.append((label, None, detail))
        print("[load] %s on %d servers at once: %s" % (label, len(ports), detail), flush=True)
    return checks + check_jobs(plan["day"], *last)


def check_jobs(day, last_notice, last_run):
    """What the jobs started on every server did: nothing twice for one school.

    ``last_notice`` and ``last_run``: the last penalty notice and print run before them.
    """
    checks = []
    with environment(DB) as env:
        cr = env.cr
        cr.execute(
            """
            SELECT count(*) FROM (
                SELECT pupil_id, concern FROM school_attendance_case WHERE date_closed IS NULL
                GROUP BY pupil_id, concern HAVING count(*) > 1) twice
            """
        )
        twice = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*), count(DISTINCT c.company_id) FROM school_attendance_case_step_log l "
            "JOIN school_attendance_case c ON c.id = l.case_id WHERE l.date = %s",
            (day,),
        )
        steps, schools = cr.fetchone()
        checks.append(
            (
                "escalation once per school",
                not twice,
                "%d steps fired on %s at %d schools; %d pupils with two open cases "
                "for one concern" % (steps, day, schools, twice),
            )
        )
        duplicates = {}
        for table in ("school_penalty_notice", "school_notice_to_improve"):
            cr.execute(
                "SELECT count(*) FROM (SELECT pupil_id, partner_id FROM %s WHERE state = 'draft' "
                "GROUP BY pupil_id, partner_id HAVING count(*) > 1) twice" % table
            )
            duplicates[table] = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM school_penalty_notice WHERE id > %s", (last_notice,))
        checks.append(
            (
                "penalty scan once per school",
                not any(duplicates.values()),
                "%d draft penalty notices proposed by the scan; parents with two drafts for one "
                "child: %d penalty notices, %d notices to improve"
                % (
                    cr.fetchone()[0],
                    duplicates["school_penalty_notice"],
                    duplicates["school_notice_to_improve"],
                ),
            )
        )
        runs = env["school.letter.print"].search([("id", ">", last_run)])
        letters = runs.mapped("letter_ids")
        in_runs = sum(len(run.letter_ids) for run in runs)
        per_school = len(runs) - len(runs.mapped("company_id"))
        checks.append(
            (
                "letters printed once",
                in_runs == len(letters) and not per_school,
                "%d print runs (this start) at %d schools, %d letters, %d printed twice"
                % (len(runs), len(runs.mapped("company_id")), len(letters), in_runs - len(letters)),
            )
        )
    return checks


if __name__ == "__main__":
    sys.exit(main())
