"""Shared helpers of the benchmark scripts: database names, opening Odoo."""

import contextlib
import hashlib
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from school_runtime import compat  # noqa: E402

compat.apply()

import odoo  # noqa: E402

from school_runtime import launcher  # noqa: E402

#: BENCH_SCALE: which data set. ``school`` (the default: one 2,000-pupil secondary and a
#: 60-pupil second school), ``small`` (three schools, 1,020 pupils: for developing the
#: trust rows and the load test quickly) or ``trust`` (20 schools, 20,000 pupils).
#: Each school: (name, phase, pupils); the first is the database's main company.
SCALES = {
    "school": [("Bench Trust Academy", "secondary", 2000)],
    "small": [
        ("Bench Trust Academy", "secondary", 600),
        ("Bench Primary 1", "primary", 210),
        ("Bench Primary 2", "primary", 210),
    ],
    "trust": [
        ("Bench Trust Academy", "secondary", 2400),
        ("Bench Secondary 2", "secondary", 2380),
        ("Bench Secondary 3", "secondary", 2360),
        ("Bench Secondary 4", "secondary", 2340),
        ("Bench Secondary 5", "secondary", 2320),
        ("Bench Secondary 6", "secondary", 2320),
    ]
    + [("Bench Primary %d" % number, "primary", 420) for number in range(1, 15)],
}
SCALE = os.environ.get("BENCH_SCALE", "school")
if SCALE not in SCALES:
    sys.exit("BENCH_SCALE must be one of %s, not %r" % (", ".join(sorted(SCALES)), SCALE))
SCHOOLS = SCALES[SCALE]
DB = os.environ.get("BENCH_DB", "school_bench" if SCALE == "school" else "school_bench_" + SCALE)
# BENCH_ADDONS: another checkout of our addons to measure (default: this one's).
ADDONS_DIR = os.environ.get("BENCH_ADDONS")


def odoo_options(db):
    options = ["-d", db, "--without-demo=all", "--log-level=warn"]
    if ADDONS_DIR:
        core = os.path.join(os.path.dirname(odoo.__file__), "addons")
        options.append("--addons-path=%s,%s" % (core, ADDONS_DIR))
    return launcher.default_options(options)


# Parsing the options also puts our addons on ``odoo.addons``'s path.
odoo.tools.config.parse_config(odoo_options(DB))
# The three addons installed once, without data; each fresh bench database is a copy.
TEMPLATE_DB = DB + "_tpl"
ADDONS = "school_attendance,school_penalty,school_letters"
# The school year of the data set: September 2025 to July 2026.
START_YEAR = 2025


def psql(sql, db="postgres"):
    """Run one SQL statement with psql; return its stdout (unaligned, no headers)."""
    out = subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-d", db, "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def database_exists(name):
    return psql("SELECT 1 FROM pg_database WHERE datname = '%s'" % name) == "1"


def addons_fingerprint():
    """A hash of every file of the addons measured: the template is rebuilt when it changes."""
    digest = hashlib.sha1()
    top = ADDONS_DIR or os.path.join(ROOT, "addons")
    for folder, dirs, files in sorted(os.walk(top)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(folder, name)
            digest.update(os.path.relpath(path, top).encode())
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return "addons " + digest.hexdigest()


def install_template():
    """Install the addons into the template database (about a minute).

    Kept between runs and rebuilt only when the addons' files changed (their
    fingerprint is the template database's comment): a template installed
    from older addons would lack their new columns.
    """
    fingerprint = addons_fingerprint()
    if database_exists(TEMPLATE_DB):
        comment = psql(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = '%s'" % TEMPLATE_DB
        )
        if comment == fingerprint:
            return False
        psql('DROP DATABASE "%s"' % TEMPLATE_DB)
    subprocess.run(
        [sys.executable, os.path.join(ROOT, "bin", "odoo"), "-i", ADDONS, "--stop-after-init"]
        + odoo_options(TEMPLATE_DB),
        check=True,
    )
    psql("COMMENT ON DATABASE \"%s\" IS '%s'" % (TEMPLATE_DB, fingerprint))
    return True


@contextlib.contextmanager
def environment(db=DB):
    """An environment as the superuser on ``db``; the cursor is yielded with it."""
    with odoo.api.Environment.manage():
        registry = odoo.registry(db)
        with registry.cursor() as cr:
            yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "Europe/London"})
