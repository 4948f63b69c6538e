"""Subject access request: one bundle of everything held about a pupil or a parent."""

import base64
import io
import json
import re
import zipfile

from odoo.addons.school_attendance.models.school_subject_access_request import sar_due_date
from odoo.addons.school_penalty.tests.common import set_up_regulation3
from odoo.exceptions import AccessError, UserError

from .common import LettersCase, pdf_text

SECTIONS = {
    "pupils",
    "contacts",
    "register",
    "amendments",
    "cases",
    "case_steps",
    "case_notes",
    "contracts",
    "reviews",
    "referrals",
    "absence_reports",
    "leave_requests",
    "portal_logins",
    "notices_to_improve",
    "penalty_notices",
    "invoices",
    "payments",
    "letters",
    "prosecutions",
}


class TestSubjectAccess(LettersCase):
    @classmethod
    def setUpClass(cls):
        super(TestSubjectAccess, cls).setUpClass()
        env = cls.env
        set_up_regulation3(env, cls.company)
        cls.sarah.email = "sarah@example.org"
        sarahs = cls.amira.contact_ids.filtered(lambda c: c.partner_id == cls.sarah)
        sarahs.sudo(cls.officer).action_grant_portal_access()
        cls.sarah_user = cls.sarah.user_ids
        # An amendment to a taken register.
        register = env["school.attendance.register"].search(
            [("date", "=", "2024-09-02"), ("period", "=", "am"), ("group_id", "=", cls.group.id)]
        )
        register.action_take()
        mark = register.mark_ids.filtered(lambda m: m.pupil_id == cls.amira)
        mark.with_context(amendment_reason="Dentist letter brought in").write(
            {"code_id": env["school.attendance.code"].get_code("M").id}
        )
        # Another family at the same school: nothing of theirs in Amira's bundle.
        cls.ben = cls._pupil("Ben", "Lee")
        cls.lily = cls._parent(cls.ben, "Lily Lee", "mother", street="3 Ash Row", zip="BR4 4AA")
        # A case with a note, a confidential note, a contract with a review, a referral.
        cls.case = env["school.attendance.case"].create(
            {
                "pupil_id": cls.amira.id,
                "concern": "low_attendance",
                "note": "<p>Mornings are hard at home.</p>",
                "confidential_note": "<p>Social worker: father under investigation.</p>",
            }
        )
        cls.case.message_post(body="Called Sarah about the mornings.", message_type="comment")
        env["school.attendance.case.step.log"].create(
            {
                "case_id": cls.case.id,
                "step_id": env["school.attendance.policy.step"].search([], limit=1).id,
                "date": "2024-09-16",
                "message": "First letter sent to the family.",
            }
        )
        contract = env["school.attendance.contract"].create(
            {"case_id": cls.case.id, "date_start": "2024-09-16", "target_pct": 90.0}
        )
        env["school.attendance.contract.review"].create(
            {"contract_id": contract.id, "name": "Review 1", "date_planned": "2024-09-30"}
        )
        env["school.attendance.referral"].create({"case_id": cls.case.id, "kind": "early_help"})
        # The parents' own requests: Sarah's leave request, Omar's absence report.
        contacts = {c.partner_id: c for c in cls.amira.contact_ids}
        contacts[cls.sarah].lives_with_pupil = True
        env["school.leave.request"].create(
            {
                "pupil_id": cls.amira.id,
                "requested_by_id": contacts[cls.sarah].id,
                "date_from": "2024-12-02",
                "date_to": "2024-12-03",
                "reason": "Grandmother's wedding",
            }
        )
        env["school.absence.report"].create(
            {
                "pupil_id": cls.amira.id,
                "partner_id": cls.omar.id,
                "date": "2024-09-16",
                "reason": "Omar: temperature overnight",
            }
        )
        # Letters to Sarah (printed: a PDF as sent) and to the other family.
        warning = cls.Template.get_template("warning_96", cls.company)
        letters, _skipped = cls.Letter.create_for_pupils(
            warning, cls.amira | cls.ben, date="2024-09-16"
        )
        letters.print_letters()
        # A notice to improve and a penalty notice to Sarah, invoiced and partly paid.
        nti = env["school.notice.to.improve"].create(
            {
                "pupil_id": cls.amira.id,
                "partner_id": cls.sarah.id,
                "date_issued": "2024-09-16",
                "weeks": 3,
                "offence_details": "Unauthorised absence in September.",
                "support_provided": "Meetings.",
                "support_offered": "Breakfast club.",
                "expected_improvement": "No unauthorised absence.",
            }
        )
        nti.action_issue()
        marks = env["school.attendance.mark"].search(
            # A week of holiday in term time: the 10 sessions a penalty notice needs.
            [
                ("pupil_id", "=", cls.amira.id),
                ("date", ">=", "2024-09-09"),
                ("date", "<=", "2024-09-13"),
            ]
        )
        marks.with_context(amendment_reason="Holiday in term time").write(
            {"code_id": env["school.attendance.code"].get_code("G").id}
        )
        notice = env["school.penalty.notice"].create(
            {
                "pupil_id": cls.amira.id,
                "partner_id": cls.sarah.id,
                "date_issued": "2024-10-14",
                "mark_ids": [(6, 0, marks.ids)],
                "is_nti_exempt": True,
                "nti_exemption_reason": "The family moved in from another authority's notice.",
            }
        )
        notice.action_issue()
        notice.register_payment(40.0, "2024-10-20")
        # Prepared, not yet sent: a referral for prosecution on the same sessions.
        env["school.prosecution"].create(
            {
                "pupil_id": cls.amira.id,
                "partner_ids": [(6, 0, cls.sarah.ids)],
                "mark_ids": [(6, 0, marks.ids)],
            }
        )
        # Sarah logged in to the portal once.
        env["res.users.log"].sudo(cls.sarah_user).create({})

    def _request(self, **vals):
        values = {"pupil_id": self.amira.id, "date_received": "2025-01-31"}
        values.update(vals)
        return self.env["school.subject.access.request"].sudo(self.officer).create(values)

    def _bundle(self, request):
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(request.zip_attachment_id.datas)))
        data = json.loads(archive.read("bundle.json"))
        return archive, {section["key"]: section for section in data["sections"]}

    def test_deadline_is_one_calendar_month_with_an_activity(self):
        request = self._request()
        # Received 31 January: due on the last day of February.
        self.assertEqual(request.date_due, "2025-02-28")
        self.assertEqual(str(sar_due_date(__import__("datetime").date(2025, 3, 14))), "2025-04-14")
        activity = request.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.user_id, activity.date_deadline), (self.officer, "2025-02-28"))
        with self.assertRaises(UserError):
            request.write({"date_due": "2025-06-30"})

    def test_pupil_bundle_holds_every_kind_of_record_and_no_other_family(self):
        request = self._request()
        request.action_build_bundle()
        self.assertEqual(request.state, "bundled")
        for attachment in request.pdf_attachment_id | request.zip_attachment_id:
            self.assertEqual((attachment.res_model, attachment.res_id), (request._name, request.id))
        archive, sections = self._bundle(request)
        expected = SECTIONS - {"portal_logins"}  # a pupil has no portal login
        empty = [key for key in expected if not sections.get(key, {}).get("rows")]
        self.assertFalse(empty, "sections without rows: %s" % empty)
        text = json.dumps(sections)
        self.assertIn("Dentist letter brought in", text)
        self.assertIn("Mornings are hard at home.", text)
        self.assertIn("Called Sarah about the mornings.", text)
        self.assertIn("First letter sent to the family.", text)
        self.assertIn("Grandmother's wedding", text)
        # Staff notes marked confidential are left out; other families are absent.
        self.assertNotIn("Social worker", text)
        for other in ("Ben Lee", "Lily Lee"):
            self.assertNotIn(other, text)
        # The father's report is another person's data: marked for review.
        reports = sections["absence_reports"]["rows"]
        self.assertIn("Omar Khan", reports[0]["_review"])
        self.assertIn("Omar Khan", request.review_summary)
        # Each letter's PDF as sent, in the zip and at the end of the PDF bundle.
        letters = self.Letter.search(
            [("pupil_id", "=", self.amira.id), ("attachment_id", "!=", False)]
        )
        self.assertTrue(letters)
        for letter in letters:
            path = "letters/%s.pdf" % letter.name.replace("/", "-")
            self.assertEqual(archive.read(path), base64.b64decode(letter.attachment_id.datas))
        self.assertIn("register.csv", archive.namelist())
        pdf = pdf_text(base64.b64decode(request.pdf_attachment_id.datas))
        self.assertIn("Register amendments", pdf)
        # The letter's own text follows the summary.
        letter_text = pdf_text(base64.b64decode(letters[0].attachment_id.datas))
        self.assertIn(letter_text[100:200].strip(), pdf)
        self.assertIn("received on 31 January 2025", pdf)
        # Dates and times as people write them, never as the database stores them.
        self.assertFalse(re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", pdf))
        self.assertNotIn("Ben Lee", pdf)

    def test_contact_bundle_holds_their_own_records_and_logins(self):
        contact = self.amira.contact_ids.filtered(lambda c: c.partner_id == self.sarah)
        request = self._request(subject_kind="contact", pupil_id=False, contact_id=contact.id)
        request.action_build_bundle()
        archive, sections = self._bundle(request)
        self.assertEqual(sections["identity"]["rows"][0]["Name"], "Sarah Khan")
        self.assertEqual(sections["portal_logins"]["rows"][0]["Login"], "sarah@example.org")
        self.assertEqual(len(sections["portal_logins"]["rows"]), 2)
        self.assertTrue(sections["penalty_notices"]["rows"])
        self.assertTrue(sections["payments"]["rows"])
        # Omar's absence report is his, not Sarah's.
        self.assertFalse(sections["absence_reports"]["rows"])
        self.assertTrue(sections["leave_requests"]["rows"])

    def test_only_officers_read_requests_and_bundles(self):
        request = self._request()
        request.action_build_bundle()
        with self.assertRaises(AccessError):
            request.sudo(self.teacher).read(["name"])
        with self.assertRaises(AccessError):
            request.pdf_attachment_id.sudo(self.teacher).read(["datas"])
        with self.assertRaises(AccessError):
            request.zip_attachment_id.sudo(self.sarah_user).read(["datas"])
        with self.assertRaises(AccessError):
            request.sudo(self.teacher).action_build_bundle()

    def test_release_after_the_bundle(self):
        request = self._request()
        with self.assertRaises(UserError):
            request.action_release()
        request.action_build_bundle()
        request.action_release()
        self.assertEqual(request.state, "released")
        self.assertFalse(request.activity_ids)
        with self.assertRaises(UserError):
            request.action_cancel()
