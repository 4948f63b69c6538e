"""A printed batch of letters names parents, children and their absences: the PDF
is kept on the school's print run, which only the school's officers read."""

from odoo.exceptions import AccessError

from .common import LettersCase


class TestPrintAccess(LettersCase):
    @classmethod
    def setUpClass(cls):
        super(TestPrintAccess, cls).setUpClass()
        cls.other_school = cls.env["res.company"].create({"name": "Other Academy"})
        cls.officer_b = cls._create_user(
            "sl_officer_b", cls.env.ref("school_attendance.group_attendance_officer")
        )
        cls.officer_b.write(
            {"company_ids": [(6, 0, cls.other_school.ids)], "company_id": cls.other_school.id}
        )
        cls.employee = cls._create_user("sl_employee", cls.env.ref("base.group_user"))
        template = cls.Template.get_template("letter_1", cls.company)
        letters, _skipped = cls.Letter.create_for_pupils(template, cls.amira, date="2024-09-16")
        cls.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM ir_attachment")
        before = cls.env.cr.fetchone()[0]
        # An old draft, printed as it is (test_stale_drafts: the warning first).
        cls.action = (
            letters.sudo(cls.officer).with_context(school_letter_print_as_is=True).action_print()
        )
        cls.print_run = cls.env["school.letter.print"].search([("letter_ids", "in", letters.ids)])
        # The batch PDF (not the letters' own PDFs, which belong to each letter).
        cls.env.cr.execute(
            "SELECT id FROM ir_attachment WHERE id > %s "
            "AND (res_model IS NULL OR res_model != 'school.letter')",
            [before],
        )
        cls.batch_files = cls.env["ir.attachment"].browse([row[0] for row in cls.env.cr.fetchall()])

    def test_the_batch_pdf_is_the_print_run_s(self):
        self.assertEqual(len(self.print_run), 1)
        self.assertEqual(
            self.action["url"],
            "/web/content/school.letter.print/%d/pdf_file/%s?download=true"
            % (self.print_run.id, self.print_run.pdf_name),
        )
        self.assertEqual(len(self.batch_files), 1)
        self.assertEqual(
            (self.batch_files.res_model, self.batch_files.res_id, self.batch_files.public),
            ("school.letter.print", self.print_run.id, False),
        )
        self.assertEqual(self.print_run.user_id, self.officer)
        self.assertTrue(self.print_run.sudo(self.officer).pdf_file)

    def test_nobody_else_finds_or_downloads_the_batch(self):
        for user in (self.teacher, self.employee, self.officer_b):
            Attachment = self.env["ir.attachment"].sudo(user)
            self.assertFalse(
                Attachment.search([("id", "in", self.batch_files.ids), ("res_field", "!=", "x")]),
                user.login,
            )
            self.assertFalse(Attachment.search([("mimetype", "=", "application/pdf")]))
            with self.assertRaises(AccessError, msg=user.login):
                self.batch_files.sudo(user).read(["datas"])
            status, _headers, _content = self.env["ir.http"].binary_content(
                id=self.batch_files.id, env=self.env(user=user.id)
            )
            self.assertIn(status, (403, 404), user.login)
