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
            with self.assertRaisesRegex(AccessError, "You may not search Pupil by"):
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

    def _restricted_users(self):
        trust_user = self._create_user(
            "sa_trust_flags", self.env.ref("school_attendance.group_attendance_trust")
        )
        return self.teacher | trust_user

    def test_nobody_else_groups_filters_or_sorts_by_the_flags(self):
        """Counts by flag, a filter in a grouped list or a sort order would tell
        who is looked after as surely as reading the field."""
        for user in self._restricted_users():
            Pupil = self.env["school.pupil"].sudo(user)
            Mark = self.env["school.attendance.mark"].sudo(user)
            for flag in FLAGS:
                attempts = [
                    (
                        "read_group domain",
                        Pupil.read_group,
                        [(flag, "=", True)],
                        ["company_id"],
                        ["company_id"],
                    ),
                    ("read_group by", Pupil.read_group, [], [flag], [flag]),
                    ("search order", Pupil.search, [], 0, None, "%s desc" % flag),
                    ("negated domain", Pupil.search, ["!", (flag, "=", False)]),
                    (
                        "through the mark",
                        Mark.read_group,
                        [("pupil_id.%s" % flag, "=", True)],
                        ["pupil_id"],
                        ["pupil_id"],
                    ),
                ]
                for name, method, *args in attempts:
                    with self.assertRaises(AccessError, msg="%s %s %s" % (user.login, name, flag)):
                        method(*args)
                with self.assertRaises(AccessError, msg="%s read_group order" % user.login):
                    Pupil.read_group([], ["company_id"], ["company_id"], orderby=flag)
                with self.assertRaises(AccessError, msg="%s search_read order" % user.login):
                    Pupil.search_read([], ["name"], order="%s desc, id" % flag)
            # What they may group and sort by still works.
            self.assertTrue(Pupil.read_group([], ["is_sen"], ["is_sen"]))
            self.assertIn(self.pupil, Pupil.search([], order="is_sen desc, last_name"))

    def test_officer_groups_and_sorts_by_the_flags(self):
        Pupil = self.env["school.pupil"].sudo(self.officer)
        groups = Pupil.read_group(
            [("last_name", "=", "Safe")], ["is_looked_after"], ["is_looked_after"]
        )
        self.assertEqual([g["is_looked_after"] for g in groups], [True])
        self.assertEqual(
            Pupil.search([("last_name", "=", "Safe")], order="is_looked_after desc"), self.pupil
        )

    def test_flag_changes_in_the_chatter_only_for_those_who_read_the_flags(self):
        pupil = self.pupil.with_context(tracking_disable=False)
        pupil.sudo(self.officer).write({"is_child_in_need": True, "is_sen": False})
        message = self.pupil.message_ids.filtered("tracking_value_ids")[:1]
        self.assertTrue(message)

        def changed(user):
            formatted = message.sudo(user).message_format()[0]
            return {value["changed_field"] for value in formatted["tracking_value_ids"]}

        self.assertEqual(changed(self.officer), {"Child in Need", "SEN Support"})
        for user in self._restricted_users():
            self.assertEqual(changed(user), {"SEN Support"}, user.login)
