"""The evidence pack: one real PDF per notice or referral, read back with pdftotext."""

import re
import subprocess
import tempfile
import unicodedata
from unittest.mock import patch

from odoo.tools import config

from .common import PenaltyCase


def pdf_text(pdf):
    """Text of a PDF through pdftotext, whitespace and ligatures normalised."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, stdout=subprocess.PIPE, check=True
    )
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", result.stdout.decode("utf-8")))


class TestEvidencePack(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super(TestEvidencePack, cls).setUpClass()
        # Odoo 11 returns HTML instead of a PDF under --test-enable unless a
        # test report directory is set: render real PDFs with wkhtmltopdf.
        cls._config_patch = patch.dict(
            config.options,
            {"test_report_directory": tempfile.mkdtemp(prefix="school_penalty_test_")},
        )
        cls._config_patch.start()
        cls.amira.upn = "K123456789012"
        cls.case = cls.env["school.attendance.case"].create(
            {
                "pupil_id": cls.amira.id,
                "company_id": cls.company.id,
                "concern": "low_attendance",
                "date_opened": "2025-01-13",
            }
        )
        contract = cls.env["school.attendance.contract"].create(
            {
                "case_id": cls.case.id,
                "pupil_id": cls.amira.id,
                "kind": "parent_contract",
                "date_start": "2025-01-20",
                "weeks": 4,
                "partner_ids": [(6, 0, cls.sara.ids)],
            }
        )
        cls.env["school.attendance.contract.review"].create(
            {"name": "Review 1", "contract_id": contract.id, "date_planned": "2025-02-10"}
        )
        cls.nti = cls._nti(cls.amira, cls.sara)
        cls.nti.case_id = cls.case
        cls._marks(cls.amira, ["2025-02-27"], "I", periods=("am",))
        cls.notice = cls.env["school.penalty.notice"].create(
            {
                "pupil_id": cls.amira.id,
                "partner_id": cls.sara.id,
                "case_id": cls.case.id,
                "date_issued": "2025-03-03",
                # After the notice to improve only the U inside its period count.
                "mark_ids": [(6, 0, cls.amira_u.ids)],
                "notice_to_improve_id": cls.nti.id,
            }
        )
        cls.notice.sudo(cls.officer).action_issue()

    @classmethod
    def tearDownClass(cls):
        cls._config_patch.stop()
        super(TestEvidencePack, cls).tearDownClass()

    def _pdf(self, xmlid, records):
        report = self.env.ref(xmlid).sudo(self.officer)
        pdf, kind = report.render_qweb_pdf(records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"), "not a PDF")
        return pdf_text(pdf)

    def test_notice_pack_holds_certificate_notices_chronology_and_payments(self):
        self.notice.sudo(self.finance).register_payment(80.0, "2025-03-10")
        text = self._pdf("school_penalty.action_report_penalty_evidence_notice", self.notice)
        self.assertIn("Evidence pack: Amira Khan", text)
        self.assertIn("UPN K123456789012", text)
        self.assertIn("Sara Khan, Omar Khan", text)  # parents with parental responsibility
        # Registration certificate: the 10 school weeks of the notice's sessions,
        # every session with its code: 4 G, 6 U and the illness on 27 February.
        self.assertIn("Registration certificate, 2 Dec 2024 to 3 Mar 2025", text)
        self.assertIn("G: 4", text)
        self.assertIn("I: 1", text)
        self.assertIn("U: 6", text)
        self.assertIn("3 Feb 2025 AM G", text)
        self.assertIn("27 Feb 2025 AM I", text)
        # The notice to improve and the penalty notice with their dates.
        self.assertIn("Sara Khan 7 Feb 2025", text)
        self.assertIn(self.notice.name, text)
        self.assertIn("30 Mar 2025", text)  # payable until day 28
        # Chronology from the case, in date order.
        opened = text.index("13 Jan 2025 Attendance case opened")
        contract = text.index("20 Jan 2025 Parent contract started")
        review = text.index("10 Feb 2025 Review meeting Review 1")
        issued = text.index("3 Mar 2025 Penalty notice %s" % self.notice.name)
        self.assertLess(opened, contract)
        self.assertLess(contract, review)
        self.assertLess(review, issued)
        self.assertIn("7 Feb 2025 Notice to improve to Sara Khan", text)
        # Payments: the invoice of £80 and the payment on 10 March.
        self.assertRegex(text, r"3 Mar 2025 %s Invoiced .* £80\.00" % re.escape(self.notice.name))
        self.assertIn("10 Mar 2025 %s Paid £80.00" % self.notice.name, text)

    def test_prosecution_pack_from_an_unpaid_notice(self):
        self.Notice._cron_check_payment_deadlines("2025-03-31")
        self.assertEqual(self.notice.state, "unpaid")
        prosecution = (
            self.env["school.prosecution"]
            .sudo(self.officer)
            .create_from_notices(self.notice.sudo(self.officer))
        )
        prosecution.la_reference = "LA-2025-0042"
        text = self._pdf("school_penalty.action_report_penalty_evidence_prosecution", prosecution)
        self.assertIn("Local authority reference: LA-2025-0042", text)
        self.assertIn("Registration certificate, 2 Dec 2024 to 3 Mar 2025", text)
        self.assertIn(self.notice.name, text)
        self.assertIn("Prosecution", text)  # the notice's state once referred
        self.assertIn("Invoiced", text)
        self.assertNotIn("No penalty notice.", text)

    def test_evidence_button_prints_the_report(self):
        action = self.notice.sudo(self.officer).action_print_evidence()
        self.assertEqual(action["report_name"], "school_penalty.report_penalty_evidence_notice")
