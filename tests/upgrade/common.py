"""Helpers of the upgrade and backup tests: the release, its history, reading a database."""

import json
import os
import subprocess
import sys

from tests.harness import odoo_env

RELEASE = "87ff39c"  # the last release before 11.0.1.1.0 (11.0.1.0.0)
PUPILS = 60  # a smaller demo school: every kind of record, in a minute
# A preset the product changed after RELEASE that the school edits before upgrading,
# and one it changed that the school left alone.
EDITED = "school_attendance.policy_step_s000_day3"
UNTOUCHED = "school_attendance.policy_step_s000_referral"
SCHOOL_NAME = "Day 3: home visit by our own attendance team"
# A selection value renamed on purpose by a release, with its migration:
# {("model", "field"): {"old value": "new value"}}; counts by the old value are
# then expected under the new one.
RENAMED_VALUES = {}


def run(command, log_name):
    log_path = os.path.join(odoo_env.LOG_DIR, log_name)
    with open(log_path, "w") as log:
        result = subprocess.run(
            command, cwd=odoo_env.ROOT, stdout=subprocess.PIPE, stderr=log, text=True, check=False
        )
    return result, log_path


def odoo_command(root, db, data_dir, *args):
    return [
        sys.executable,
        os.path.join(root, "bin", "odoo"),
        "-d",
        db,
        "--data-dir=%s" % data_dir,
        "--without-demo=all",
        "--stop-after-init",
        "--max-cron-threads=0",
        "--http-port=%d" % odoo_env.free_port(),
        *args,
    ]


def inspect_db(root, db, data_dir, log_name, *args):
    script = os.path.join(odoo_env.ROOT, "tests", "upgrade", "inspect_db.py")
    result, log_path = run(
        [sys.executable, script, root, db, data_dir, *args, EDITED, UNTOUCHED], log_name
    )
    assert result.returncode == 0, "reading the database failed; see %s" % log_path
    return json.loads(result.stdout.strip().splitlines()[-1])
