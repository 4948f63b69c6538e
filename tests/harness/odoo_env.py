"""Throw-away Odoo databases and servers for the test session."""

import os
import socket
import subprocess
import sys
import time
import uuid
import xmlrpc.client

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ODOO = [sys.executable, os.path.join(ROOT, "bin", "odoo")]
LAUNCHER = [sys.executable, os.path.join(ROOT, "tests", "harness", "odoo_test_launcher.py")]
LOG_DIR = os.path.join(ROOT, "var", "test-logs")
OUR_ADDONS = ("school_attendance", "school_penalty", "school_letters")


def core_dependencies():
    """The Odoo addons ours depend on directly (read from our manifests)."""
    import ast

    ours, deps = set(OUR_ADDONS), set()
    for addon in OUR_ADDONS:
        with open(os.path.join(ROOT, "addons", addon, "__manifest__.py")) as manifest:
            deps.update(ast.literal_eval(manifest.read())["depends"])
    return sorted(deps - ours)


def new_db_name(prefix="school_test"):
    return "%s_%s" % (prefix, uuid.uuid4().hex[:8])


def drop_db(name):
    subprocess.run(["dropdb", "--if-exists", name], check=False, capture_output=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_odoo_tests(db, addons, results_path, log_path, only=None):
    """Install ``addons`` into a new ``db`` with Odoo's tests enabled.

    Odoo's core addons are installed first without tests (their own test
    suites are not ours to run), then ours with ``--test-enable``, which runs
    exactly the at-install and post-install tests of the addons installed in
    that second run.  Odoo 11 runs a module's tests only when it is installed
    with demo data, so the second run leaves demo on (our manifests' demo
    files are small fixtures; the demo school is loaded by
    ``scripts/load_demo.py``, not by the manifests).

    ``only``, when given, is the set of addon test module names to run (the
    others are not run); ``None`` runs them all.

    Returns the first non-zero exit code (or 0); the per-test outcomes are in
    ``results_path`` (one JSON line each) and the full log in ``log_path``.
    """
    for path in (results_path, log_path):
        if os.path.exists(path):
            os.remove(path)
    common = [
        "-d",
        db,
        "--stop-after-init",
        "--logfile=%s" % log_path,
        "--http-port=%d" % free_port(),
        "--max-cron-threads=0",
    ]
    core = subprocess.run(
        ODOO
        + common
        + ["-i", ",".join(core_dependencies()), "--without-demo=all", "--log-level=warn"],
        cwd=ROOT,
        check=False,
    )
    if core.returncode:
        return core.returncode
    ours = (
        LAUNCHER
        + [results_path]
        + common
        + [
            "-i",
            ",".join(addons),
            "--test-enable",
            "--log-level=test",
        ]
    )
    env = dict(os.environ)
    env.pop("ODOO_TEST_ONLY", None)
    if only is not None:
        env["ODOO_TEST_ONLY"] = ",".join(sorted(only))
    return subprocess.run(ours, cwd=ROOT, check=False, env=env).returncode


class OdooServer:
    """An Odoo server on a free local port, serving one database."""

    def __init__(self, db, log_path):
        self.db = db
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.log_path = log_path
        self.process = None

    def start(self, timeout=120):
        log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            ODOO
            + [
                "-d",
                self.db,
                "--db-filter=^%s$" % self.db,
                "--http-interface=127.0.0.1",
                "--http-port=%d" % self.port,
                "--max-cron-threads=0",
                "--without-demo=all",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Odoo server exited early; see %s" % self.log_path)
            try:
                xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/common").version()
                return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("Odoo server did not answer in %ss; see %s" % (timeout, self.log_path))

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
