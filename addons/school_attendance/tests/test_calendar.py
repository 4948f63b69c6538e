from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import SchoolAttendanceCase


class TestCalendar(SchoolAttendanceCase):
    """Terms, closures, sessions and school weeks: autumn term 2024."""

    @classmethod
    def setUpClass(cls):
        super(TestCalendar, cls).setUpClass()
        cls.Session = cls.env["school.session"]
        cls.year = cls._create_year()
        # 2 Sep (Mon) to 20 Dec (Fri) 2024: 16 weeks, 80 weekdays.
        cls.autumn = cls.env["school.term"].create(
            {
                "name": "Autumn 2024",
                "academic_year_id": cls.year.id,
                "date_start": "2024-09-02",
                "date_end": "2024-12-20",
            }
        )
        cls.half_term = cls.env["school.closure"].create(
            {
                "name": "October half term",
                "kind": "closure",
                "term_id": cls.autumn.id,
                "company_id": cls.company.id,
                "date_from": "2024-10-28",
                "date_to": "2024-11-01",
            }
        )
        cls.inset = cls.env["school.closure"].create(
            {
                "name": "INSET day",
                "kind": "inset",
                "term_id": cls.autumn.id,
                "company_id": cls.company.id,
                "date_from": "2024-09-02",
                "date_to": "2024-09-02",
            }
        )

    def _sessions_on(self, date):
        return self.Session.search([("company_id", "=", self.company.id), ("date", "=", date)])

    def test_autumn_term_session_counts(self):
        # 80 weekdays - 5 half-term days - 1 INSET day = 74 days, 2 sessions each.
        self.assertEqual(self.autumn.session_count, 148)
        self.assertEqual(len(self.autumn.session_ids), 148)
        periods = self.autumn.session_ids.mapped("period")
        self.assertEqual(periods.count("am"), 74)
        self.assertEqual(periods.count("pm"), 74)
        self.assertFalse(self._sessions_on("2024-09-02"), "INSET day has no session")
        self.assertFalse(self._sessions_on("2024-10-30"), "half term has no session")
        self.assertFalse(self._sessions_on("2024-09-07"), "Saturday has no session")
        self.assertEqual(len(self._sessions_on("2024-09-03")), 2)
        first = self.autumn.session_ids.sorted(lambda s: (s.date, s.period))[0]
        self.assertEqual(first.name, "Tue 03 Sep 2024 AM")
        self.assertEqual(first.week_start, "2024-09-02")
        last = self._sessions_on("2024-12-20").filtered(lambda s: s.period == "pm")
        self.assertEqual(last.name, "Fri 20 Dec 2024 PM")
        self.assertEqual(last.week_start, "2024-12-16")

    def test_regeneration_is_idempotent(self):
        before = set(self.autumn.session_ids.ids)
        self.autumn.action_generate_sessions()
        self.autumn.action_generate_sessions()
        self.autumn.invalidate_cache()
        self.assertEqual(set(self.autumn.session_ids.ids), before)
        self.assertEqual(self.Session.search_count([("term_id", "=", self.autumn.id)]), 148)

    def test_generation_is_batched(self):
        # Spring 2025: 6 Jan to 4 Apr, 13 weeks = 130 sessions.
        self.cr.sql_log_count = 0
        spring = self.env["school.term"].create(
            {
                "name": "Spring 2025",
                "academic_year_id": self.year.id,
                "date_start": "2025-01-06",
                "date_end": "2025-04-04",
            }
        )
        queries = self.cr.sql_log_count
        self.assertEqual(spring.session_count, 130)
        self.assertLess(queries, 40, "sessions must not be created one by one")

    def test_term_date_change_updates_sessions(self):
        self.autumn.write({"date_end": "2024-12-19"})
        self.assertEqual(self.autumn.session_count, 146)
        self.assertFalse(self._sessions_on("2024-12-20"))
        self.autumn.write({"date_end": "2024-12-20"})
        self.assertEqual(self.autumn.session_count, 148)

    def test_closure_changes_update_sessions(self):
        closure = self.env["school.closure"].create(
            {
                "name": "Christmas concert",
                "kind": "closure",
                "period": "pm",
                "company_id": self.company.id,
                "date_from": "2024-12-20",
                "date_to": "2024-12-20",
            }
        )
        self.assertEqual(self.autumn.session_count, 147)
        self.assertEqual(self._sessions_on("2024-12-20").mapped("period"), ["am"])
        closure.write({"period": "both"})
        self.assertEqual(self.autumn.session_count, 146)
        closure.write({"date_from": "2024-12-19", "date_to": "2024-12-19"})
        self.assertEqual(len(self._sessions_on("2024-12-20")), 2)
        self.assertFalse(self._sessions_on("2024-12-19"))
        closure.unlink()
        self.assertEqual(self.autumn.session_count, 148)
        self.inset.unlink()
        self.assertEqual(self.autumn.session_count, 150)

    def test_marked_session_is_never_removed(self):
        session = self._sessions_on("2024-12-20").filtered(lambda s: s.period == "am")

        def marked(sessions):
            return sessions & session

        with patch.object(type(self.Session), "_get_marked_sessions", marked):
            with self.assertRaises(UserError) as cm:
                self.env["school.closure"].create(
                    {
                        "name": "Snow day",
                        "kind": "closure",
                        "company_id": self.company.id,
                        "date_from": "2024-12-20",
                        "date_to": "2024-12-20",
                    }
                )
            self.assertIn("Fri 20 Dec 2024 AM", cm.exception.name)
            with self.assertRaises(UserError):
                session.unlink()
        self.assertTrue(session.exists())

    def test_overlapping_terms_are_refused(self):
        with self.assertRaises(ValidationError) as cm:
            self.env["school.term"].create(
                {
                    "name": "Christmas club",
                    "academic_year_id": self.year.id,
                    "date_start": "2024-12-16",
                    "date_end": "2025-01-10",
                }
            )
        self.assertIn("Autumn 2024", cm.exception.name)

    def test_terms_of_other_schools_may_overlap(self):
        year_b = self._create_year(company=self.company_b)
        term_b = self.env["school.term"].create(
            {
                "name": "Autumn 2024 B",
                "academic_year_id": year_b.id,
                "date_start": "2024-09-02",
                "date_end": "2024-12-20",
            }
        )
        self.assertEqual(term_b.company_id, self.company_b)
        self.assertEqual(term_b.session_count, 160)
        self.assertEqual(self.autumn.session_count, 148)

    def test_term_must_lie_inside_its_year(self):
        with self.assertRaises(ValidationError):
            self.env["school.term"].create(
                {
                    "name": "Summer 2025",
                    "academic_year_id": self.year.id,
                    "date_start": "2025-04-22",
                    "date_end": "2025-09-05",
                }
            )

    def test_year_must_end_after_it_starts(self):
        with self.assertRaises(ValidationError):
            self._create_year(name="Backwards", date_start="2026-09-01", date_end="2025-08-31")

    def test_closure_outside_its_term_is_refused(self):
        with self.assertRaises(ValidationError) as cm:
            self.env["school.closure"].create(
                {
                    "name": "New Year",
                    "kind": "bank_holiday",
                    "term_id": self.autumn.id,
                    "company_id": self.company.id,
                    "date_from": "2025-01-01",
                    "date_to": "2025-01-01",
                }
            )
        self.assertIn("outside its term", cm.exception.name)

    def test_get_sessions(self):
        sessions = self.Session.get_sessions("2024-09-02", "2024-09-08")
        self.assertEqual(len(sessions), 8)
        self.assertEqual(sessions[0].name, "Tue 03 Sep 2024 AM")

    def test_school_weeks_skip_holidays(self):
        weeks = self.Session.get_school_weeks("2024-09-01", "2024-12-31")
        self.assertEqual(len(weeks), 15)
        self.assertNotIn("2024-10-28", [str(w) for w in weeks])
        last_ten = self.Session.get_last_school_weeks("2024-12-20", 10)
        self.assertEqual(
            [str(w) for w in (last_ten[0], last_ten[-1])], ["2024-10-07", "2024-12-16"]
        )
        # Only 9 school weeks exist up to 8 November.
        self.assertEqual(len(self.Session.get_last_school_weeks("2024-11-08", 10)), 9)

    def test_rolling_school_weeks_span_terms(self):
        self.env["school.term"].create(
            {
                "name": "Spring 2025",
                "academic_year_id": self.year.id,
                "date_start": "2025-01-06",
                "date_end": "2025-04-04",
            }
        )
        weeks = self.Session.get_last_school_weeks("2025-01-10", 10)
        self.assertEqual(len(weeks), 10)
        self.assertEqual(str(weeks[0]), "2024-10-14")
        self.assertEqual(str(weeks[-1]), "2025-01-06")
        self.assertNotIn("2024-12-23", [str(w) for w in weeks])

    def test_teacher_reads_but_cannot_configure_calendar(self):
        self.assertEqual(self.autumn.sudo(self.teacher).session_count, 148)
        with self.assertRaises(AccessError):
            self.env["school.term"].sudo(self.teacher).create(
                {
                    "name": "Spring 2025",
                    "academic_year_id": self.year.id,
                    "date_start": "2025-01-06",
                    "date_end": "2025-04-04",
                }
            )
        with self.assertRaises(AccessError):
            self.half_term.sudo(self.officer).unlink()

    def test_other_school_cannot_see_calendar(self):
        sessions = self.Session.sudo(self.officer_b).search([])
        self.assertFalse(sessions & self.autumn.session_ids)
