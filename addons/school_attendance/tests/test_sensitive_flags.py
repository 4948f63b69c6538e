"""Safeguarding flags (looked after, child in need, child protection plan):
officers and managers only; a teacher's pupil form still opens without them."""

from lxml import etree
from odoo.exceptions import AccessError

from .common import SchoolAttendanceCase

FLAGS = ("is_looked_after", "is_child_in_need", "has_child_protection_plan")


class TestSensitiveFlags(SchoolAttendanceCase):
    @classmethod
    def setUpClass(cls):
        super(TestSensitiveFlags, cls).setUpClass()
        group = cls.env["school.group"].create(
            {
                "name": "6S",
                "year_group": "6",
                "company_id": cls.company.id,
                "tutor_ids": [(6, 0, [cls.teacher.id])],
            }
        )
        cls.pupil = (
            cls.env["school.pupil"]
            .with_context(tracking_disable=True)
            .create(
                {
                    "first_name": "Sam",
                    "last_name": "Safe",
                    "group_id": group.id,
                    "company_id": cls.company.id,
                    "is_looked_after": True,
                    "has_child_protection_plan": True,
                    "is_sen": True,
                }
            )
        )

    def test_teacher_opens_the_pupil_form_without_the_flags(self):
        Pupil = self.env["school.pupil"].sudo(self.teacher)
        form = Pupil.fields_view_get(view_type="form")
        search = Pupil.fields_view_get(view_type="search")
        for flag in FLAGS:
            self.assertNotIn(flag, form["fields"])
            self.assertNotIn(flag, form["arch"])
        # Odoo hides (rather than removes) the Safeguarding box and filters.
        form_arch, search_arch = etree.fromstring(form["arch"]), etree.fromstring(search["arch"])
        self.assertEqual(form_arch.xpath("//group[@string='Safeguarding']/@invisible"), ["1"])
        filters = search_arch.xpath(
            "//filter[@name='looked_after' or @name='child_in_need' or @name='cp_plan']"
        )
        self.assertEqual([node.get("invisible") for node in filters], ["1", "1", "1"])
        # The rest of the form is there and reads as the form does.
        self.assertIn("is_sen", form["fields"])
        values = self.pupil.sudo(self.teacher).read(list(form["fields"]))[0]
        self.assertEqual(values["name"], "Sam Safe")
        self.assertTrue(values["is_sen"])
        self.assertFalse(set(FLAGS) & set(values))

    def test_teacher_can_neither_read_nor_search_the_flags(self):
        pupil = self.pupil.sudo(self.teacher)
        for flag in FLAGS:
            with self.assertRaises(AccessError, msg=flag):
                pupil.read([flag])
            with self.assertRaisesRegex(AccessError, "safeguarding flags"):
                self.env["school.pupil"].sudo(self.teacher).search([(flag, "=", True)])

    def test_officer_reads_and_searches_the_flags(self):
        Pupil = self.env["school.pupil"].sudo(self.officer)
        form = Pupil.fields_view_get(view_type="form")
        for flag in FLAGS:
            self.assertIn(flag, form["fields"])
        values = self.pupil.sudo(self.officer).read(list(FLAGS))[0]
        self.assertEqual([values[flag] for flag in FLAGS], [True, False, True])
        self.assertEqual(
            Pupil.search([("is_looked_after", "=", True), ("last_name", "=", "Safe")]), self.pupil
        )
