"""Batch printing: 100 letters, one wkhtmltopdf run, one PDF in postal order."""

import base64
import time
from unittest.mock import patch

from odoo.addons.base.ir.ir_actions_report import IrActionsReport

from .common import LettersCase, pdf_text

BATCH_SIZE = 100


class TestBatch(LettersCase):
    @classmethod
    def setUpClass(cls):
        super(TestBatch, cls).setUpClass()
        cls.group_5w = cls.env["school.group"].create(
            {"name": "5W", "year_group": "5", "company_id": cls.company.id}
        )
        Pupil = cls.env["school.pupil"].with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        )
        cls.pupils = cls.env["school.pupil"]
        cls.postcode = {}
        for index in range(BATCH_SIZE):
            pupil = Pupil.create(
                {
                    "first_name": "Pupil%03d" % index,
                    "last_name": "Batch",
                    "group_id": cls.group_5w.id,
                    "company_id": cls.company.id,
                    "date_admitted": "2024-09-02",
                }
            )
            # Postcodes deliberately not in pupil order.
            postcode = "BR%d %dAB" % ((index * 37) % 9 + 1, index % 10)
            cls._parent(
                pupil,
                "Parent%03d Batch" % index,
                "mother",
                street="%d Long Road" % (index + 1),
                city="Bromley",
                zip=postcode,
            )
            cls.pupils |= pupil
            cls.postcode[pupil.id] = postcode.replace(" ", "")

    def _count_wkhtmltopdf(self):
        real = IrActionsReport._run_wkhtmltopdf
        calls = []

        def counting(report, *args, **kwargs):
            calls.append(report.report_name)
            return real(report, *args, **kwargs)

        return calls, patch.object(IrActionsReport, "_run_wkhtmltopdf", counting)

    def test_batch_of_100_letters_is_one_pdf(self):
        template = self.Template.get_template("letter_1", self.company)
        wizard = (
            self.env["school.letter.batch"]
            .sudo(self.officer)
            .create(
                {
                    "mode": "pupils",
                    "template_id": template.id,
                    "pupil_ids": [(6, 0, self.pupils.ids)],
                    "date": "2024-09-16",
                    "channel": "post",
                }
            )
        )
        calls, patcher = self._count_wkhtmltopdf()
        start = time.time()
        with patcher:
            wizard.action_run()
        elapsed = time.time() - start
        self.assertEqual(calls, ["school_letters.report_school_letter"], "one wkhtmltopdf run")
        letters = wizard.letter_ids
        self.assertEqual(len(letters), BATCH_SIZE)
        self.assertEqual(
            self.env["school.letter"].search_count([("pupil_id", "in", self.pupils.ids)]),
            BATCH_SIZE,
        )
        self.assertEqual(set(letters.mapped("state")), {"printed"})
        self.assertFalse(wizard.skipped_note)

        text = pdf_text(base64.b64decode(wizard.pdf_file))
        positions = []
        for pupil in self.pupils:
            self.assertIn(pupil.name, text)
            positions.append((text.index("Parent%s Batch" % pupil.first_name[5:]), pupil.id))
        # Postal order: the letters follow their postcodes.
        printed_order = [pupil_id for _pos, pupil_id in sorted(positions)]
        postcodes = [self.postcode[pupil_id] for pupil_id in printed_order]
        self.assertEqual(postcodes, sorted(postcodes))
        # Each letter got its own PDF, split from the single run.
        self.assertEqual(len(letters.mapped("attachment_id")), BATCH_SIZE)
        some = letters[37]
        own = self.letter_text(some)
        self.assertIn(some.pupil_id.name, own)
        self.assertEqual(own.count("Batch,"), 1, "only its own letter")
        self.assertLess(elapsed, 120)

    def _queries(self, func, *args):
        """``(queries, result)`` of ``func(*args)`` with nothing in the cache."""
        self.env["school.letter"].invalidate_cache()
        before = self.cr.sql_log_count
        result = func(*args)
        return self.cr.sql_log_count - before, result

    def test_rendering_costs_the_same_queries_for_5_or_20_letters(self):
        template = self.Template.get_template("letter_1", self.company)
        report = self.env.ref("school_letters.action_report_school_letter")
        first, _skipped = self.Letter.create_for_pupils(
            template, self.pupils[:1], date="2024-09-16"
        )
        report.render_qweb_html(first.ids)  # the templates compiled once
        counts = []
        for pupils in (self.pupils[1:6], self.pupils[6:26]):
            letters, _skipped = self.Letter.create_for_pupils(template, pupils, date="2024-09-16")
            queries, (html, _type) = self._queries(report.render_qweb_html, letters.ids)
            counts.append(queries)
            text = html.decode("utf-8")
            for letter in letters:
                self.assertIn(letter.name, text)
                self.assertIn(letter.pupil_id.name, text)
        self.assertEqual(counts[0], counts[1], "one query per field read, not per letter")

    def test_printing_costs_a_few_queries_per_letter(self):
        """Each letter printed: its PDF attached and a note on its pupil, ~20 queries."""
        template = self.Template.get_template("letter_1", self.company)
        counts = []
        for pupils in (self.pupils[30:35], self.pupils[35:50]):
            letters, _skipped = self.Letter.create_for_pupils(template, pupils, date="2024-09-16")
            counts.append(self._queries(letters.print_letters)[0])
            self.assertEqual(len(letters.mapped("attachment_id")), len(letters))
            for letter in letters:
                self.assertIn(letter.name, letter.pupil_id.message_ids[0].body)
        per_letter = (counts[1] - counts[0]) / 10.0
        self.assertLessEqual(per_letter, 25, "queries per letter printed: %s" % counts)

    def test_reprint_selected_letters_from_the_log(self):
        template = self.Template.get_template("certificate_100", self.company)
        letters, _skipped = self.env["school.letter"].create_for_pupils(
            template, self.pupils[:5], date="2024-09-16"
        )
        wizard = (
            self.env["school.letter.batch"]
            .with_context(active_model="school.letter", active_ids=letters.ids)
            .create({"channel": "post"})
        )
        self.assertEqual(wizard.mode, "letters")
        calls, patcher = self._count_wkhtmltopdf()
        with patcher:
            wizard.action_run()
        self.assertEqual(len(calls), 1)
        text = pdf_text(base64.b64decode(wizard.pdf_file))
        self.assertEqual(text.count("Certificate"), 5)
        # From the list view: one PDF to download.
        action = letters.action_print()
        self.assertTrue(action["url"].startswith("/web/content/school.letter.print/"))
