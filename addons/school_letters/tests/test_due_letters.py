"""Letters due today: the morning job prints every draft letter by post dated up
to the day, one PDF per school in postal order, and logs each letter once."""

import base64

from odoo.addons.school_attendance import locks

from .common import LettersCase, pdf_text

DAY = "2024-09-16"


class TestDueLetters(LettersCase):
    @classmethod
    def setUpClass(cls):
        super(TestDueLetters, cls).setUpClass()
        cls.Run = cls.env["school.letter.print"]
        cls.letter_1 = cls.Template.get_template("letter_1", cls.company)
        cls.ben = cls._pupil("Ben", "Lee")
        cls.jo = cls._parent(cls.ben, "Jo Lee", "carer", street="9 Ash Row", zip="BR1 4XY")
        # A second school with its own pupil and parent.
        cls.school_2 = cls.env["res.company"].create({"name": "Elm Academy"})
        cls.ivy = cls.env["school.pupil"].create(
            {
                "first_name": "Ivy",
                "last_name": "Stone",
                "company_id": cls.school_2.id,
                "date_admitted": "2024-09-02",
            }
        )
        cls.may = cls._parent(cls.ivy, "May Stone", "mother", street="2 Elm St", zip="SE1 1AA")

    def _letters(self, pupils, date, channel="post"):
        letters, _skipped = self.Letter.create_for_pupils(
            self.letter_1, pupils, date=date, channel=channel
        )
        return letters

    def test_morning_run_prints_the_letters_due_per_school(self):
        due = self._letters(self.amira | self.ben, "2024-09-13") | self._letters(self.ivy, DAY)
        tomorrow = self._letters(self.ben, "2024-09-17")
        already = self._letters(self.amira, "2024-09-12")
        already.print_letters()
        self.sarah.email = "sarah@example.org"
        by_email = self._letters(self.amira, DAY, channel="email")

        # The daily job, run on the morning of Mon 16 Sep 2024.
        runs = self.Run._cron_print_due_letters(on_date=DAY)

        self.assertEqual(runs.mapped("company_id"), self.company | self.school_2)
        oakfield = runs.filtered(lambda run: run.company_id == self.company)
        self.assertEqual(oakfield.date, DAY)
        self.assertEqual(oakfield.letter_count, 2)
        self.assertIn("16 September 2024", oakfield.name)
        # Postal order: Jo Lee (BR1 4XY) before Sarah Khan (BR2 9QT).
        self.assertEqual(oakfield.letter_ids.mapped("partner_id"), self.jo | self.sarah)
        text = pdf_text(base64.b64decode(oakfield.pdf_file))
        self.assertLess(text.index("Jo Lee"), text.index("Sarah Khan"))
        self.assertNotIn("May Stone", text)
        elm = runs - oakfield
        self.assertEqual(elm.letter_ids.mapped("partner_id"), self.may)
        self.assertIn("Elm Academy", pdf_text(base64.b64decode(elm.pdf_file)))
        # Each due letter is logged as printed with its own PDF; the others wait.
        self.assertEqual(set(due.mapped("state")), {"printed"})
        self.assertTrue(all(due.mapped("attachment_id")))
        self.assertEqual((tomorrow.state, by_email.state), ("draft", "draft"))
        self.assertEqual(already.print_count, 1)

        # Nothing is printed twice: the next run finds nothing due.
        self.assertFalse(self.Run._cron_print_due_letters(DAY))
        self.assertEqual(set(due.mapped("print_count")), {1})

    def test_the_due_filter_and_menu(self):
        due = self._letters(self.amira, DAY)
        action = self.env.ref("school_letters.school_letter_action_due").read()[0]
        self.assertIn("search_default_due", action["context"])
        domain = self.Letter._due_domain(DAY)
        self.assertEqual(self.Letter.search(domain), due)
        self.assertFalse(self.Letter.search(self.Letter._due_domain("2024-09-15")))

    def test_officer_reads_runs_of_their_school_only(self):
        self._letters(self.amira, DAY)
        self._letters(self.ivy, DAY)
        runs = self.Run._cron_print_due_letters(DAY)
        self.assertEqual(len(runs), 2)
        visible = self.Run.sudo(self.officer).search([("id", "in", runs.ids)])
        self.assertEqual(visible.mapped("company_id"), self.company)

    def test_a_school_another_server_is_printing_is_left_to_it(self):
        """The job started on two servers of one database at once: the second
        finds the first printing Oakfield's letters and prints Elm's only."""
        oakfield_due = self._letters(self.amira | self.ben, "2024-09-13")
        elm_due = self._letters(self.ivy, DAY)
        other_server = self.registry.cursor()
        self.addCleanup(other_server.close)
        other_server.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", (locks.LETTERS_PRINT_LOCK, self.company.id)
        )

        runs = self.Run._cron_print_due_letters(on_date=DAY)

        self.assertEqual(runs.mapped("company_id"), self.school_2)
        self.assertEqual(runs.letter_ids, elm_due)
        self.assertEqual(set(oakfield_due.mapped("state")), {"draft"})
        other_server.rollback()  # the other server is done: the next run prints them
        self.assertEqual(self.Run._cron_print_due_letters(DAY).letter_ids, oakfield_due)
