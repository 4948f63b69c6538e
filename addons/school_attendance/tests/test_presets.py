"""Presets on upgrade: untouched ones follow the product, a school's edits are kept and told."""

import importlib.util
import json
import os

from odoo import modules
from odoo.tests.common import TransactionCase, at_install, post_install

from .. import presets

DAY3 = "school_attendance.policy_step_s000_day3"


# After all three addons are installed: school_letters changes school_attendance presets.
@at_install(False)
@post_install(True)
class TestPresets(TransactionCase):
    def setUp(self):
        super().setUp()
        self.step = self.env.ref(DAY3)
        self.product_description = self.step.description
        self.entries = presets.preset_xml(self.env)[DAY3]

    def _as_shipped_by_an_earlier_release(self, description):
        """The database as an earlier release left it: another text, and its fingerprints."""
        self.step.description = description
        value = presets.value_fingerprint(self.env, DAY3, self.entries)
        presets.store_fingerprints(self.env.cr, {DAY3: ("earlier release", value)})

    def test_every_preset_of_the_three_addons_has_its_fingerprint_after_install(self):
        stored = presets.stored_fingerprints(self.env.cr)
        expected = set(presets.preset_xml(self.env))
        self.assertFalse(expected - set(stored), "presets installed without a fingerprint")
        self.assertIn("school_letters.policy_step_s004_plan_letter", stored)
        self.assertIn("school_penalty.ir_cron_penalty_threshold_scan", stored)

    def test_a_changed_preset_nobody_edited_is_reloaded_from_the_product(self):
        self._as_shipped_by_an_earlier_release("The earlier wording.")
        result = presets.update_presets(self.env, "11.0.9.9.9")
        self.assertEqual(result, {"updated": [DAY3], "kept": []})
        self.assertEqual(self.step.description, self.product_description)
        # A second upgrade to the same version finds nothing to do.
        self.assertEqual(
            presets.update_presets(self.env, "11.0.9.9.9"), {"updated": [], "kept": []}
        )

    def test_a_preset_the_school_edited_is_kept_and_its_policy_chatter_says_so(self):
        self._as_shipped_by_an_earlier_release("The earlier wording.")
        self.step.description = "Our own home visit procedure."
        policy = self.step.policy_id
        messages = policy.message_ids
        with self.assertLogs("odoo.addons.school_attendance.presets", "WARNING") as logs:
            result = presets.update_presets(self.env, "11.0.9.9.9")
        self.assertEqual(result, {"updated": [], "kept": [DAY3]})
        self.assertEqual(self.step.description, "Our own home visit procedure.")
        told = policy.message_ids - messages
        self.assertEqual(len(told), 1)
        self.assertIn("11.0.9.9.9", told.body)
        self.assertIn(self.step.name, told.body)
        self.assertIn(DAY3, logs.output[0])
        # Told once: the next upgrade speaks again only if the product changes the preset again.
        self.assertEqual(
            presets.update_presets(self.env, "11.0.9.9.10"), {"updated": [], "kept": []}
        )

    def test_an_edit_of_a_preset_the_product_did_not_change_is_left_alone_silently(self):
        self.step.description = "Our own home visit procedure."
        self.assertEqual(
            presets.update_presets(self.env, "11.0.9.9.9"), {"updated": [], "kept": []}
        )
        self.assertEqual(self.step.description, "Our own home visit procedure.")

    def test_a_new_preset_gets_every_addons_values_on_upgrade(self):
        """A step the product adds in a release: Odoo's upgrade creates it from
        school_attendance's data alone (school_letters' <record> of the same preset is
        skipped, noupdate); the end-migrate gives it the other addons' values too."""
        new = "school_attendance.policy_step_s001_low_meeting"
        step = self.env.ref(new)
        self.assertEqual((step.action, step.letter_kind), ("letter", "plan_invitation"))
        # As an upgrade from the release before it leaves it, without a fingerprint.
        step.write({"action": "activity", "letter_kind": False})
        self.env.cr.execute("DELETE FROM school_preset_fingerprint WHERE xmlid = %s", (new,))
        result = presets.update_presets(self.env, "11.0.9.9.9")
        self.assertEqual(result, {"updated": [new], "kept": []})
        self.assertEqual((step.action, step.letter_kind), ("letter", "plan_invitation"))
        self.assertIn(new, presets.stored_fingerprints(self.env.cr))


def _migration(name):
    """A migration script of 11.0.1.2.0, loaded by its path (its name has dashes)."""
    path = os.path.join(
        modules.module.get_module_path("school_attendance"), "migrations", "11.0.1.2.0", name
    )
    spec = importlib.util.spec_from_file_location(name.replace("-", "_")[:-3], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DAY1 = "school_attendance.policy_step_s000_day1"
DAY2 = "school_attendance.policy_step_s000_day2"


@at_install(False)
@post_install(True)
class TestStepLinesUpgrade(TransactionCase):
    """An 11.0.1.1.0 database upgraded: each step's activity becomes its line; presets
    whose fields changed are compared over the fields that release set."""

    def setUp(self):
        super().setUp()
        self.steplines = _migration("post-steplines.py")
        self.Step = self.env["school.attendance.policy.step"]
        with open(
            os.path.join(os.path.dirname(self.steplines.__file__), "preset-fields-11.0.1.1.0.json"),
            encoding="utf-8",
        ) as release:
            self.earlier = json.load(release)
        # The step's activity columns as 11.0.1.1.0 had them (kept by Odoo after the
        # fields went), filled from each preset step's product line.
        self.cr.execute(
            "ALTER TABLE school_attendance_policy_step ADD COLUMN activity_type_id integer,"
            " ADD COLUMN activity_summary varchar, ADD COLUMN responsible varchar,"
            " ADD COLUMN responsible_user_id integer, ADD COLUMN staff_role varchar,"
            " ADD COLUMN responsible_role varchar, ADD COLUMN due_days integer,"
            " ADD COLUMN due_time double precision"
        )
        self.Line = self.env["school.attendance.policy.step.activity"]
        for step in self.Step.search([]):
            xmlid = step.get_external_id().get(step.id)
            line = xmlid and self.env.ref("%s_activity" % xmlid, raise_if_not_found=False)
            if line:
                self._old_activity(step, line.activity_type_id, line.summary, line.staff_role)
                self.cr.execute(
                    "UPDATE school_attendance_policy_step SET responsible_role = %s,"
                    " due_days = %s, due_time = %s WHERE id = %s",
                    (line.responsible_role, line.due_days, line.due_time, step.id),
                )
        # Day 2 was one step, the calls, named as then; the Pupil Support Lead's line is new.
        self.env.ref(DAY2).name = "Day 2: calls to all contacts"
        # The fingerprints 11.0.1.1.0 recorded: its fields (the activity read from
        # the step's old columns), nobody's edits yet.
        fingerprints = {}
        for xmlid, names in self.earlier.items():
            value = presets.value_fingerprint_over(self.env, xmlid, names)
            if value:
                fingerprints[xmlid] = ("11.0.1.1.0", value)
        self.cr.execute("DELETE FROM school_preset_fingerprint")
        presets.store_fingerprints(self.cr, fingerprints)

    def _old_activity(self, step, activity_type, summary, role, responsible="role"):
        self.cr.execute(
            "UPDATE school_attendance_policy_step SET activity_type_id = %s,"
            " activity_summary = %s, responsible = %s, staff_role = %s WHERE id = %s",
            (activity_type.id, summary, responsible, role or None, step.id),
        )

    def _upgrade(self):
        self.steplines.migrate.__wrapped__(self.env, "11.0.1.1.0")
        self.env.cache.invalidate()
        # end-migrate.py, as it calls it, then end-steplines.py.
        result = presets.update_presets(self.env, "11.0.1.2.0", earlier_fields=self.earlier)
        _migration("end-steplines.py").migrate.__wrapped__(self.env, "11.0.1.1.0")
        return result

    def test_upgrade_moves_activities_into_lines_and_keeps_the_schools_edits(self):
        day1, day3 = self.env.ref(DAY1), self.env.ref(DAY3)
        call = self.env.ref("school_attendance.mail_activity_type_attendance_call")
        # The school had edited day 1's activity and day 3's description.
        self.cr.execute(
            "UPDATE school_attendance_policy_step SET activity_summary = %s WHERE id = %s",
            ("Our own first-day call", day1.id),
        )
        day3.description = "Our own home visit procedure."
        # And has a ladder of its own: a step for a named user nobody chose.
        own = self.env["school.attendance.policy"].create(
            {
                "name": "Our ladder",
                "step_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Call",
                            "concern": "first_day",
                            "trigger": "absence_day_n",
                            "day_n": 1,
                        },
                    )
                ],
            }
        )
        self._old_activity(own.step_ids, call, "Call home", False, responsible="user")
        result = self._upgrade()
        # Only what the school edited is kept, and said (day 1: its activity then).
        self.assertEqual(result["kept"], [DAY1, DAY3])
        self.assertEqual(day3.description, "Our own home visit procedure.")
        # Day 1 keeps the school's call, as its line; not reloaded from the product.
        self.assertEqual(day1.activity_line_ids.mapped("summary"), ["Our own first-day call"])
        self.assertEqual(day1.activity_line_ids.staff_role, "admin_officer")
        # Day 2 unedited: it follows the product, one step with two activities.
        day2 = self.env.ref(DAY2)
        self.assertEqual(day2.name, "Day 2: calls to all contacts, Pupil Support Lead informed")
        self.assertEqual(
            [(line.summary, line.staff_role) for line in day2.activity_line_ids],
            [
                ("Absence calls to parents and all other contacts", "admin_officer"),
                (
                    "Continued absence without reason: Pupil Support Lead informed",
                    "pupil_support_lead",
                ),
            ],
        )
        self.assertIn(DAY2, result["updated"])
        # The school's own step: its activity, for the case owner as before.
        self.assertEqual(
            [
                (line.activity_type_id, line.summary, line.responsible)
                for line in own.step_ids.activity_line_ids
            ],
            [(call, "Call home", "case_owner")],
        )
        # A second upgrade finds nothing more to do.
        self.assertEqual(
            presets.update_presets(self.env, "11.0.1.2.0"), {"updated": [], "kept": []}
        )
