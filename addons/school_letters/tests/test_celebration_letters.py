"""Celebrations with their letters (seed 003, issue 17 item 11).

* "End of term certificate/letter home to parent for every child who achieves 96% or
  more attendance for the term": the batch picks the term's pupils at 96% or more and
  makes one certificate per parent.
* Band movers, up and down, each get their letter: the acknowledgement of the band
  reached, or the letter about attendance decline.

Registers from Mon 2 Sep 2024 to Fri 13 Sep (20 sessions): Amira is ill on Wed 11 Sep
(18/20 = 90%: from 98% - 100% down to 90% - 91.9%), Ben absent without leave on Tue 3
Sep (8/10 = 80% on Sun 8 Sep, 18/20 = 90% on Fri 13 Sep: up from below 90%), Cara
always present (100%).
"""

from odoo.addons.school_attendance.tests.case_common import D, EscalationCase


class TestCelebrationLetters(EscalationCase):
    REGISTERS_TO = "2024-09-13"

    @classmethod
    def setUpClass(cls):
        super(TestCelebrationLetters, cls).setUpClass()
        cls.Letter = cls.env["school.letter"]
        cls.mother.write({"zip": "BR1 1AA", "city": "Bromley"})
        for pupil, name in ((cls.ben, "Jo Lee"), (cls.cara, "Kim Moss")):
            partner = cls.env["res.partner"].create(
                {"name": name, "street": "2 Low Road", "zip": "BR2 2BB"}
            )
            cls.env["school.pupil.contact"].create(
                {
                    "pupil_id": pupil.id,
                    "partner_id": partner.id,
                    "relationship": "mother",
                    "has_parental_responsibility": True,
                    "receives_post": True,
                }
            )

    def setUp(self):
        super(TestCelebrationLetters, self).setUp()
        for day in self.days(D(2024, 9, 2), D(2024, 9, 13)):
            codes = {}
            if day == D(2024, 9, 3):
                codes[self.ben] = ("O", "O")
            if day == D(2024, 9, 11):
                codes[self.amira] = ("I", "I")
            self.mark_day(day, codes)

    def test_end_of_term_certificates_at_96_percent(self):
        batch = (
            self.env["school.letter.batch"]
            .sudo(self.officer)
            .create({"term_id": self.autumn.id, "date": "2024-12-20"})
        )
        batch.action_select_term_certificates()
        self.assertEqual(batch.template_id.kind, "certificate_term")
        self.assertEqual((batch.date_from, batch.date_to), ("2024-09-02", "2024-12-20"))
        self.assertEqual(batch.pupil_ids, self.cara, "only Cara is at 96% or more")
        letters, _skipped = self.Letter.sudo(self.officer).create_for_pupils(
            batch.template_id,
            batch.pupil_ids,
            date=batch.date,
            date_from=batch.date_from,
            date_to=batch.date_to,
        )
        self.assertEqual(letters.mapped("partner_id.name"), ["Kim Moss"])
        self.assertEqual(letters.layout, "certificate")
        self.assertIn("100% of the 20 sessions", letters.body_html)
        # At 90% a pupil qualifies when the school sets its threshold there.
        batch.min_pct = 90.0
        batch.action_select_term_certificates()
        self.assertEqual(batch.pupil_ids, self.amira | self.ben | self.cara)

    def test_band_movers_up_and_down_get_their_letters(self):
        wizard = (
            self.env["school.band.movers.wizard"]
            .sudo(self.officer)
            .create({"date_from": "2024-09-09", "date_to": "2024-09-13"})
        )
        wizard.action_compute()
        self.assertEqual(
            [(line.pupil_id, line.direction) for line in wizard.line_ids],
            [(self.ben, "up"), (self.amira, "down")],
        )
        action = wizard.action_create_letters()
        letters = self.Letter.search(action["domain"])
        self.assertEqual(
            sorted((letter.pupil_id.name, letter.kind) for letter in letters),
            [("Amira Khan", "band_decline"), ("Ben Lee", "band_acknowledgement")],
        )
        decline = letters.filtered(lambda letter: letter.kind == "band_decline")
        self.assertIn("fallen to 90%", decline.body_html)
        self.assertIn("90% - 91.9%", decline.body_html)
        self.assertEqual(set(letters.mapped("state")), {"draft"})
        # Pressed again: no second letter.
        self.assertEqual(wizard.create_letters(), letters)
