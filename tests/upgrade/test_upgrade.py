"""Upgrade a school's database from an earlier release to the working tree: nothing lost.

The database and its history: ``conftest.py``. A failure here usually means a
model changed without its migration: see README, "Upgrading and backups", for
how to add one.
"""

from .common import EDITED, PUPILS, RELEASE, RENAMED_VALUES, SCHOOL_NAME, UNTOUCHED


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


def test_new_presets_are_created(upgrade):
    """Presets new in the working tree (letter templates, steps) exist after the upgrade."""
    changed = _after(upgrade)["changed_presets"]
    for xmlid in (
        "school_letters.letter_template_certificate_term",
        "school_letters.letter_template_band_decline",
        "school_letters.policy_step_s001_first_day_letter",
        "school_letters.policy_step_s003_fast_track_letter",
    ):
        assert changed.get(xmlid) == [], (xmlid, changed.get(xmlid))
