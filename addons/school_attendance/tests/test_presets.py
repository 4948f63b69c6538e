"""Presets on upgrade: untouched ones follow the product, a school's edits are kept and told."""

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
