"""Every public method is in the inventory, and its policy refuses who it must."""

import odoo
from odoo.exceptions import AccessError

from .. import access
from .common import SchoolAttendanceCase


class TestPublicMethods(SchoolAttendanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.plain = cls._create_user("pm_plain", env.ref("base.group_user"))
        cls.portal = cls._create_user("pm_portal", env.ref("base.group_portal"))
        cls.trust = cls._create_user(
            "pm_trust", env.ref("school_attendance.group_attendance_trust")
        )
        cls.users = cls.plain | cls.portal | cls.trust | cls.teacher | cls.officer | cls.manager
        finance = env.ref("school_penalty.group_penalty_finance", raise_if_not_found=False)
        if finance:
            cls.users |= cls._create_user("pm_finance", finance)
        cls.listed = access.installed_inventory(env)

    def test_every_public_method_is_listed(self):
        found = access.public_methods(self.env)
        missing = sorted("%s.%s" % key for key in found - set(self.listed))
        gone = sorted("%s.%s" % key for key in set(self.listed) - found)
        self.assertEqual(
            missing,
            [],
            "public methods with no policy: list them in their addon's "
            "security/public_methods.py (or start their name with _)",
        )
        self.assertEqual(gone, [], "listed in security/public_methods.py but no longer defined")

    def test_every_policy_is_known(self):
        for key, policy in self.listed.items():
            if policy not in access.POLICIES:
                self.assertTrue(self.env.ref(policy, raise_if_not_found=False), key)

    def _call(self, user, model, method):
        """The method as a client calls it (``call_kw``), on no record and no argument:
        the guard answers before the method reads its arguments."""
        records = self.env[model].sudo(user)
        function = getattr(type(records), method)
        args = [] if getattr(function, "_api", None) == "model" else [[]]
        return odoo.api.call_kw(records, method, args, {})

    def _refused(self, user, model, method):
        try:
            self._call(user, model, method)
        except AccessError:
            return True
        except Exception:  # the guard let it through: the method failed on no input
            return False
        return False

    def test_group_and_cron_methods_refuse_users_outside_them(self):
        let_through = []
        for (model, method), policy in sorted(self.listed.items()):
            if model not in self.env or policy in (access.READ, access.WRITE):
                continue
            for user in self.users:
                if policy != access.CRON and user.has_group(policy):
                    continue
                if not self._refused(user, model, method):
                    let_through.append("%s.%s as %s" % (model, method, user.login))
        self.assertEqual(let_through, [])

    def test_read_methods_refuse_users_who_cannot_read(self):
        let_through = []
        for (model, method), policy in sorted(self.listed.items()):
            if model not in self.env or policy not in (access.READ, access.WRITE):
                continue
            for user in self.users:
                if self.env[model].sudo(user).check_access_rights(policy, raise_exception=False):
                    continue
                if not self._refused(user, model, method):
                    let_through.append("%s.%s as %s" % (model, method, user.login))
        self.assertEqual(let_through, [])

    def test_a_member_of_the_group_gets_through(self):
        # An officer generates registers over RPC: the guard lets the call reach
        # the method (a Saturday: nothing to generate).
        registers = self.env["school.attendance.register"].sudo(self.officer)
        result = odoo.api.call_kw(registers, "generate_registers", ["2030-01-05", "2030-01-05"], {})
        self.assertEqual(result, [])

    def test_answers_to_a_client_are_data(self):
        # A public method answering records, or None, over XML-RPC used to fail with
        # "cannot marshal": the guard gives the client ids and False instead.
        pupils = self.officer | self.teacher
        self.assertEqual(
            access.for_client((pupils, [{"a": None, "b": pupils[:1]}], None)),
            [pupils.ids, [{"a": False, "b": pupils[:1].ids}], False],
        )
        self.assertEqual(access.for_client("text"), "text")
