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
            self.amira_g | self.amira_u,
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
