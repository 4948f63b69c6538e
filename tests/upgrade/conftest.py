"""The school database of the upgrade and backup tests: a release's, upgraded to the working tree.

The database is built by the release itself (commit ``RELEASE``, taken with
``git archive``: CI clones have the history but not always the tags): its
addons installed, the demo school with its registers and escalation, then
amendments, printed letters (PDFs in the file store), a notice to improve and
a paid penalty notice (``build_history.py``). The school has edited one preset
that the product changed since. Then ``-u`` with the working tree's addons;
what the database holds is read before and after (``inspect_db.py``). Its file
store is in the working tree's data dir, where ``make backup`` looks.
"""

import os
import shutil
import subprocess
import sys

import pytest

from school_runtime import launcher
from tests.harness import odoo_env

from .common import EDITED, PUPILS, RELEASE, SCHOOL_NAME, inspect_db, odoo_command, run


@pytest.fixture(scope="session")
def upgrade(tmp_path_factory):
    os.makedirs(odoo_env.LOG_DIR, exist_ok=True)
    work = tmp_path_factory.mktemp("upgrade")
    release, data_dir = str(work / "release"), launcher.DATA_DIR
    os.makedirs(release)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", RELEASE],
        cwd=odoo_env.ROOT,
        capture_output=True,
        check=False,
    )
    assert archive.returncode == 0, (
        "commit %s (the release upgraded from) is not in this clone: fetch the full history "
        "(git fetch --unshallow)" % RELEASE
    )
    subprocess.run(["tar", "-x", "-C", release], input=archive.stdout, check=True)
    db = odoo_env.new_db_name("school_upgrade")
    addons = ",".join(odoo_env.OUR_ADDONS)
    try:
        installed, log = run(
            odoo_command(release, db, data_dir, "-i", addons, "--log-level=warn"),
            "upgrade-1-install.log",
        )
        assert installed.returncode == 0, "installing release %s failed; see %s" % (RELEASE, log)
        history, log = run(
            [
                sys.executable,
                os.path.join(odoo_env.ROOT, "tests", "upgrade", "build_history.py"),
                release,
                db,
                data_dir,
                str(PUPILS),
                "%s=%s" % (EDITED, SCHOOL_NAME),
            ],
            "upgrade-2-history.log",
        )
        assert history.returncode == 0, "building the school's history failed; see %s" % log
        before = inspect_db(release, db, data_dir, "upgrade-3-before.log")
        upgraded, log = run(
            odoo_command(odoo_env.ROOT, db, data_dir, "-u", addons, "--log-level=info"),
            "upgrade-4-upgrade.log",
        )
        with open(log, encoding="utf-8", errors="replace") as lines:
            upgrade_log = lines.read()
        after = None
        if upgraded.returncode == 0:
            after = inspect_db(
                odoo_env.ROOT,
                db,
                data_dir,
                "upgrade-5-after.log",
                "--from",
                os.path.join(release, "addons"),
            )
        yield {
            "db": db,
            "before": before,
            "after": after,
            "returncode": upgraded.returncode,
            "log": upgrade_log,
            "log_path": log,
        }
    finally:
        if not os.environ.get("KEEP_TEST_DB"):
            odoo_env.drop_db(db)
            shutil.rmtree(work, ignore_errors=True)
            shutil.rmtree(os.path.join(data_dir, "filestore", db), ignore_errors=True)
