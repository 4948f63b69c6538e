"""Upgrade a school's database from an earlier release to the working tree: nothing lost.

The database is built by the release itself (commit ``RELEASE``, taken with
``git archive``: CI clones have the history but not always the tags): its
addons installed, the demo school with its registers and escalation, then
amendments, printed letters (PDFs in the file store), a notice to improve and
a paid penalty notice (``build_history.py``). The school has edited one preset
that the product changed since. Then ``-u`` with the working tree's addons,
and what the database holds is compared before and after (``inspect_db.py``).

A failure here usually means a model changed without its migration: see
README, "Upgrading and backups", for how to add one.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

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


def _run(command, log_name):
    log_path = os.path.join(odoo_env.LOG_DIR, log_name)
    with open(log_path, "w") as log:
        result = subprocess.run(
            command, cwd=odoo_env.ROOT, stdout=subprocess.PIPE, stderr=log, text=True, check=False
        )
    return result, log_path


def _odoo(root, db, data_dir, *args):
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


def _inspect(root, db, data_dir, log_name, *args):
    script = os.path.join(odoo_env.ROOT, "tests", "upgrade", "inspect_db.py")
    result, log_path = _run(
        [sys.executable, script, root, db, data_dir, *args, EDITED, UNTOUCHED], log_name
    )
    assert result.returncode == 0, "reading the database failed; see %s" % log_path
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def upgrade(tmp_path_factory):
    os.makedirs(odoo_env.LOG_DIR, exist_ok=True)
    work = tmp_path_factory.mktemp("upgrade")
    release, data_dir = str(work / "release"), str(work / "data")
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
        installed, log = _run(
            _odoo(release, db, data_dir, "-i", addons, "--log-level=warn"), "upgrade-1-install.log"
        )
        assert installed.returncode == 0, "installing release %s failed; see %s" % (RELEASE, log)
        history, log = _run(
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
        before = _inspect(release, db, data_dir, "upgrade-3-before.log")
        upgraded, log = _run(
            _odoo(odoo_env.ROOT, db, data_dir, "-u", addons, "--log-level=info"),
            "upgrade-4-upgrade.log",
        )
        with open(log, encoding="utf-8", errors="replace") as lines:
            upgrade_log = lines.read()
        after = None
        if upgraded.returncode == 0:
            after = _inspect(
                odoo_env.ROOT,
                db,
                data_dir,
                "upgrade-5-after.log",
                "--from",
                os.path.join(release, "addons"),
            )
        yield {
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


def _after(upgrade):
    assert upgrade["after"] is not None, "the upgrade failed; see test_upgrade_runs_cleanly"
    return upgrade["after"]


def test_upgrade_runs_cleanly(upgrade):
    errors = [
        line
        for line in upgrade["log"].splitlines()
        if len(line.split(" ", 5)) > 4 and line.split(" ", 5)[3] in ("ERROR", "CRITICAL")
    ]
    assert upgrade["returncode"] == 0 and not errors, (
        "upgrading release %s to the working tree failed (exit %s). A model or data change "
        "probably needs a migration script (README: 'Upgrading and backups'). First errors:\n%s"
        "\nFull log: %s"
        % (RELEASE, upgrade["returncode"], "\n".join(errors[:5]), upgrade["log_path"])
    )


def _expected_counts(before):
    expected = dict(before)
    for (model, field), renames in RENAMED_VALUES.items():
        for old, new in renames.items():
            old_key, new_key = "%s[%s=%s]" % (model, field, old), "%s[%s=%s]" % (model, field, new)
            if old_key in expected:
                expected[new_key] = expected.get(new_key, 0) + expected.pop(old_key)
    return expected


def test_no_record_lost_or_moved(upgrade):
    after = _after(upgrade)["counts"]
    expected = _expected_counts(upgrade["before"]["counts"])
    wrong = [
        "%s: %s before the upgrade, %s after" % (key, expected.get(key, 0), after.get(key, 0))
        for key in sorted(set(expected) | set(after))
        if expected.get(key, 0) != after.get(key, 0)
    ]
    assert not wrong, (
        "the upgrade from %s changed what the school holds (a state renamed or a record "
        "deleted without a migration; a state renamed on purpose goes in RENAMED_VALUES):\n%s"
        % (RELEASE, "\n".join(wrong))
    )
    assert expected["school.attendance.amendment"] and expected["account.payment"]


def test_letter_pdfs_are_the_same_files(upgrade):
    before, after = upgrade["before"]["letter_pdfs"], _after(upgrade)["letter_pdfs"]
    assert before and "not a PDF" not in before.values()
    changed = sorted(key for key in before if after.get(key) != before[key])
    assert not changed, "letters whose PDF was lost or changed by the upgrade: %s" % changed


def test_every_pupil_summary_unchanged_and_a_recount_of_the_marks(upgrade):
    before, after = upgrade["before"]["summaries"], _after(upgrade)["summaries"]
    assert not after["differ_from_recount"], (
        "after the upgrade these pupils' attendance summaries are not a recount of their "
        "marks: %s" % after["differ_from_recount"]
    )
    changed = sorted(
        upn for upn, summary in before["by_pupil"].items() if after["by_pupil"].get(upn) != summary
    )
    assert not changed, "pupils whose attendance summary the upgrade changed: %s" % changed
    assert len(after["by_pupil"]) == PUPILS


def test_presets_the_school_left_alone_follow_the_product(upgrade):
    changed = _after(upgrade)["changed_presets"]
    assert UNTOUCHED in changed and EDITED in changed, changed
    stale = {xmlid: fields for xmlid, fields in changed.items() if xmlid != EDITED and fields}
    assert not stale, (
        "presets the school never edited still hold the release's values after the upgrade "
        "(field names by preset): %s" % stale
    )


def test_a_preset_the_school_edited_is_kept_and_the_upgrade_says_so(upgrade):
    before, after = upgrade["before"]["presets"][EDITED], _after(upgrade)["presets"][EDITED]
    assert after["name"] == SCHOOL_NAME
    assert after["description"] == before["description"]
    told = [body for body in after["policy_messages"] if SCHOOL_NAME in body]
    assert len(told) == 1 and "kept" in told[0], after["policy_messages"]
    assert EDITED in upgrade["log"] and "edited by the school" in upgrade["log"]
