"""'Ready to issue?': the checklist a penalty notice or a referral shows before it goes."""

from .common import PenaltyCase


class TestIssueChecklist(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super(TestIssueChecklist, cls).setUpClass()
        cls.nti_sara = cls._nti(cls.amira, cls.sara)
        # An N still unexplained on Monday 10 Feb, between the G and the U sessions.
        cls.amira_n = cls._marks(cls.amira, ["2025-02-10"], "N", periods=("am",))
        cls.notice = cls.env["school.penalty.notice"].create(
            {
                "pupil_id": cls.amira.id,
                "partner_id": cls.sara.id,
                "date_issued": "2025-03-03",
                "notice_to_improve_id": cls.nti_sara.id,
                "mark_ids": [(6, 0, (cls.amira_g | cls.amira_u).ids)],
            }
        )

    def _items(self, document):
        items = document.sudo(self.officer).get_issue_checklist()
        return {item["key"]: item for item in items}

    def test_each_gap_is_named_with_where_to_fix_it(self):
        items = self._items(self.notice)
        self.assertEqual(
            set(items),
            {
                "notice_to_improve",
                "support",
                "unresolved_n",
                "amendments",
                "parents",
                "registration_certificate",  # added by school_letters
            },
        )
        self.assertTrue(items["notice_to_improve"]["ok"])
        self.assertIn("Served on 7 February 2025", items["notice_to_improve"]["detail"])
        # No attendance case: no support recorded; the fix opens the pupil.
        self.assertFalse(items["support"]["ok"])
        self.assertEqual(
            (items["support"]["fix_model"], items["support"]["fix_res_id"]),
            ("school.pupil", self.amira.id),
        )
        # The N of 10 Feb lies in the notice's period (3 to 26 Feb).
        self.assertFalse(items["unresolved_n"]["ok"])
        self.assertIn("Mon 10 Feb 2025 AM", items["unresolved_n"]["detail"])
        self.assertEqual(items["unresolved_n"]["fix_res_id"], self.amira_n.id)
        self.assertTrue(items["amendments"]["ok"])
        # Omar also has parental responsibility and has no notice on these sessions.
        self.assertFalse(items["parents"]["ok"])
        self.assertIn("Omar Khan", items["parents"]["detail"])
        self.assertNotIn("Nana", items["parents"]["detail"])
        self.assertFalse(items["registration_certificate"]["ok"])
        html = self.notice.sudo(self.officer).issue_checklist
        self.assertIn("Missing: No N (reason not yet provided) left.", html)
        self.assertIn("Done: Notice to improve served.", html)

    def test_gaps_close_when_put_right(self):
        nti_omar = self._nti(self.amira, self.omar)
        self.env["school.penalty.notice"].create(
            {
                "pupil_id": self.amira.id,
                "partner_id": self.omar.id,
                "date_issued": "2025-03-03",
                "notice_to_improve_id": nti_omar.id,
                "mark_ids": [(6, 0, (self.amira_g | self.amira_u).ids)],
            }
        )
        self.amira_n.write({"code_id": self.code["I"].id})
        items = self._items(self.notice)
        self.assertTrue(items["parents"]["ok"], items["parents"]["detail"])
        self.assertIn("Sara Khan, Omar Khan", items["parents"]["detail"])
        self.assertTrue(items["unresolved_n"]["ok"])

    def test_holiday_needs_no_notice_to_improve_and_a_referral_names_the_parents(self):
        self.notice.write({"offence": "term_time_holiday", "notice_to_improve_id": False})
        self.assertTrue(self._items(self.notice)["notice_to_improve"]["ok"])
        referral = self.env["school.prosecution"].create(
            {
                "pupil_id": self.amira.id,
                "partner_ids": [(6, 0, self.sara.ids)],
                "mark_ids": [(6, 0, self.amira_u.ids)],
            }
        )
        items = self._items(referral)
        self.assertNotIn("notice_to_improve", items)
        self.assertFalse(items["parents"]["ok"])
        self.assertTrue(items["unresolved_n"]["ok"], "the referral's period is 24 to 26 Feb")
        referral.write({"partner_ids": [(6, 0, (self.sara | self.omar).ids)]})
        self.assertTrue(self._items(referral)["parents"]["ok"])
