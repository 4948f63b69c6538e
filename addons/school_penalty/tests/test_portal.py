"""Parents' portal: a parent reads only the issued notices addressed to them."""

from odoo.exceptions import AccessError

from .common import PenaltyCase


class TestPortal(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super(TestPortal, cls).setUpClass()
        contacts = cls.amira.contact_ids.filtered(lambda c: c.partner_id in (cls.sara | cls.omar))
        contacts.sudo(cls.officer).action_grant_portal_access()
        cls.sara_user = cls.sara.user_ids
        cls.omar_user = cls.omar.user_ids
        cls.nti_sara = cls._nti(cls.amira, cls.sara)
        cls.nti_omar = cls._nti(cls.amira, cls.omar)

    def test_parent_sees_their_issued_notice_and_the_amount_due(self):
        notice = self._notice(
            self.amira,
            self.sara,
            self.amira_u,
            notice_to_improve_id=self.nti_sara.id,
        )
        Notice = self.Notice.sudo(self.sara_user)
        # A draft is a proposal, not yet sent: the parent does not see it.
        self.assertFalse(Notice.search([]))
        notice.sudo(self.officer).action_issue()
        self.assertEqual(Notice.search([]), notice)
        data = Notice.browse(notice.id).read(
            ["amount_due", "amount_outstanding", "date_reduced_until", "date_full_until"]
        )[0]
        self.assertEqual(data["amount_due"], 80.0)
        self.assertEqual(data["amount_outstanding"], 80.0)
        self.assertTrue(data["date_reduced_until"] < data["date_full_until"])
        # The parent is told to pay the local authority, not the school.
        pay_to = Notice.browse(notice.id).read(["pay_to_text"])[0]["pay_to_text"]
        self.assertIn("Pay Leeds City Council (not the school)", pay_to)
        # The other parent has their own notice to improve, and not Sara's notice.
        self.assertFalse(self.Notice.sudo(self.omar_user).search([]))
        with self.assertRaises(AccessError):
            notice.sudo(self.omar_user).read(["amount_due"])
        self.assertEqual(self.Nti.sudo(self.sara_user).search([]), self.nti_sara)
        self.assertEqual(self.Nti.sudo(self.omar_user).search([]), self.nti_omar)

    def test_parent_of_another_family_sees_no_notice(self):
        ben_mum = self.env["res.partner"].create({"name": "Lily Lee", "email": "lily@example.org"})
        ben = self._create_pupil("Ben", "Lee", [(ben_mum, True)])
        ben.contact_ids.sudo(self.officer).action_grant_portal_access()
        lily = ben_mum.user_ids
        self.assertFalse(self.Nti.sudo(lily).search([]))
        with self.assertRaises(AccessError):
            self.nti_sara.sudo(lily).read(["name"])
        # Prosecutions are never on the portal.
        with self.assertRaises(AccessError):
            self.env["school.prosecution"].sudo(self.sara_user).search([])


class TestPortalSecondSchool(PenaltyCase):
    """Sara Khan's login came with Amira (this school); her son Zaid is at Birch
    Academy, which gives her a penalty notice for his 4 G + 6 U there. Dina
    Moss, mother of Zaid's classmate at Birch, has her own portal login."""

    @classmethod
    def setUpClass(cls):
        super(TestPortalSecondSchool, cls).setUpClass()
        cls.birch = cls.env["res.company"].create({"name": "Birch Academy"})
        cls.officer_birch = (
            cls.env["res.users"]
            .with_context(no_reset_password=True, mail_create_nosubscribe=True)
            .create(
                {
                    "name": "Birch Officer",
                    "login": "pn_officer_birch",
                    "email": "pn_officer_birch@example.org",
                    "company_id": cls.birch.id,
                    "company_ids": [(6, 0, cls.birch.ids)],
                    "groups_id": [
                        (6, 0, cls.env.ref("school_attendance.group_attendance_officer").ids)
                    ],
                }
            )
        )
        cls._create_calendar(cls.birch)
        group = cls.env["school.group"].create(
            {"name": "5B", "year_group": "5", "company_id": cls.birch.id}
        )
        cls.dina = cls.env["res.partner"].create({"name": "Dina Moss", "email": "dina@example.org"})
        Pupil = cls.env["school.pupil"]
        cls.zaid, cls.mia = (
            Pupil.create(
                {
                    "first_name": first,
                    "last_name": last,
                    "group_id": group.id,
                    "company_id": cls.birch.id,
                    "date_admitted": "2024-04-15",
                }
            )
            for first, last in (("Zaid", "Khan"), ("Mia", "Moss"))
        )
        Contact = cls.env["school.pupil.contact"]
        families = (
            (cls.amira, cls.sara),
            (cls.amira, cls.omar),
            (cls.zaid, cls.sara),
            (cls.mia, cls.dina),
        )
        for pupil, partner in families:
            contact = Contact.search([("pupil_id", "=", pupil.id), ("partner_id", "=", partner.id)])
            if not contact:
                contact = Contact.create(
                    {
                        "pupil_id": pupil.id,
                        "partner_id": partner.id,
                        "relationship": "mother",
                        "has_parental_responsibility": True,
                        "lives_with_pupil": True,
                        "receives_post": True,
                    }
                )
            officer = cls.officer if pupil == cls.amira else cls.officer_birch
            contact.sudo(officer).action_grant_portal_access()
        cls.sara_user = cls.sara.user_ids
        cls.dina_user = cls.dina.user_ids
        cls.omar_user = cls.omar.user_ids
        # The seed's 4 + 6 for Zaid, on Birch Academy's sessions.
        marks = cls.env["school.attendance.mark"]
        for dates, code in (
            (["2025-02-03", "2025-02-04"], "G"),
            (["2025-02-24", "2025-02-25", "2025-02-26"], "U"),
        ):
            for date in dates:
                for period in ("am", "pm"):
                    session = cls.Session.search(
                        [
                            ("company_id", "=", cls.birch.id),
                            ("date", "=", date),
                            ("period", "=", period),
                        ]
                    )
                    marks |= cls.Mark.create(
                        {
                            "pupil_id": cls.zaid.id,
                            "session_id": session.id,
                            "code_id": cls.code[code].id,
                        }
                    )
        # After the notice to improve of 7 Feb only the 6 U inside its period count.
        cls.zaid_marks = marks.filtered(lambda m: m.code_id.code == "U")
        cls.nti_zaid = cls._nti(cls.zaid, cls.sara)

    def test_notice_at_the_second_school_reaches_the_parent_only(self):
        notice = self.Notice.create(
            {
                "pupil_id": self.zaid.id,
                "partner_id": self.sara.id,
                "date_issued": "2025-03-03",
                "mark_ids": [(6, 0, self.zaid_marks.ids)],
                "notice_to_improve_id": self.nti_zaid.id,
            }
        )
        self.assertEqual(notice.company_id, self.birch)
        Notice = self.Notice.sudo(self.sara_user)
        self.assertFalse(Notice.search([]))
        notice.sudo(self.officer_birch).action_issue()
        # What the child's portal page lists (controllers/portal.py _prepare_child_values).
        self.assertEqual(Notice.search([("pupil_id", "=", self.zaid.id)]), notice)
        self.assertEqual(Notice.search([]), notice)
        data = Notice.browse(notice.id).read(["name", "amount_due", "amount_outstanding"])[0]
        self.assertEqual(data["amount_due"], 80.0)
        self.assertEqual(data["amount_outstanding"], 80.0)
        self.assertEqual(
            self.Nti.sudo(self.sara_user).search([("pupil_id", "=", self.zaid.id)]), self.nti_zaid
        )
        # Dina (Birch parent, other child) and Omar (Amira's father) see nothing of it.
        for other in (self.dina_user, self.omar_user):
            self.assertFalse(self.Notice.sudo(other).search([]))
            with self.assertRaises(AccessError):
                notice.sudo(other).read(["amount_due"])
        self.assertFalse(self.Nti.sudo(self.dina_user).search([]))
        # Amira's school's officer does not see Birch's notice either.
        self.assertNotIn(notice, self.Notice.sudo(self.officer).search([]))
