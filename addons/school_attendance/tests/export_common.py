"""Fixture of the export and attendance-over-time tests: a two-week term, five pupils.

Term Mon 2 Sep - Fri 13 Sep 2024: 10 school days, 20 sessions, indexed 0-19 in date and
period order (session 2d is day d's morning, 2d + 1 its afternoon). "P" is the present code
of the session (/ in the morning, \\ in the afternoon); None leaves the mark without a code.
Thursday 12 September (sessions 16 and 17) is a planned partial closure: # for everyone.
"""

from .common import SchoolAttendanceCase

TERM_START, TERM_END = "2024-09-02", "2024-09-13"

# Amira Khan, 3B, born 14 May 2016 (8 on 31 Aug 2024).
# P x10, B x2, I x2 (10 Sep AM/PM is X x2), U on Mon 9 Sep PM (40 min), L on Wed 11 Sep AM
# (10 min), # x2 -> possible 16, attended 13 (10 P + L + 2 B), authorised 2, unauthorised 1.
AMIRA = ["P", "P", "P", "P", "B", "B", "P", "P", "I", "I"] + [
    "P",
    "U",
    "X",
    "X",
    "L",
    "P",
    "#",
    "#",
    "P",
    "P",
]
# Ben Lee, 3B, born 2 Nov 2016 (7). P x11, M, N, O, Y1 x2, C x2 (Wed 11 Sep), # x2
# -> possible 16, attended 11, authorised 3 (M, C, C), unauthorised 2 (N, O).
BEN = ["P", "P", "M", "P", "P", "P", "N", "O", "Y1", "Y1"] + [
    "P",
    "P",
    "P",
    "P",
    "C",
    "C",
    "#",
    "#",
    "P",
    "P",
]
# Cara Moss, 3B, born 1 Sep 2015 (8), joins on Wed 11 Sep: on roll for sessions 14-19.
# P x2, no code on 11 Sep PM, # x2, W -> possible 3, attended 3, 1 unmarked.
CARA = [None] * 14 + ["P", None, "#", "#", "W", "P"]
# Dan Nash, reception RJ, born 1 Mar 2020 (4: outside the census ages). P x18, # x2.
DAN = ["P"] * 16 + ["#", "#", "P", "P"]
# Eve Owen, 3B, born 20 Jan 2016 (8), leaves on Fri 6 Sep (ground F): on roll for
# sessions 0-9. P x8, G x2 on Thu 5 Sep -> possible 10, attended 8, unauthorised 2.
EVE = ["P"] * 6 + ["G", "G", "P", "P"] + [None] * 10


class ExportCase(SchoolAttendanceCase):
    @classmethod
    def setUpClass(cls):
        super(ExportCase, cls).setUpClass()
        cls.Code = cls.env["school.attendance.code"]
        cls.company.write({"urn": "100001", "dfe_number": "936/2001"})
        cls.year = cls._create_year()
        cls.term = cls.env["school.term"].create(
            {
                "name": "Autumn 2024 (first two weeks)",
                "academic_year_id": cls.year.id,
                "date_start": TERM_START,
                "date_end": TERM_END,
            }
        )
        group_model = cls.env["school.group"]
        cls.group_3b = group_model.create(
            {"name": "3B", "year_group": "3", "company_id": cls.company.id}
        )
        cls.group_rj = group_model.create(
            {"name": "RJ", "year_group": "R", "company_id": cls.company.id}
        )
        cls.amira = cls._pupil(
            "Amira", "Khan", cls.group_3b, "A100000000001", "2016-05-14", "female"
        )
        cls.ben = cls._pupil("Ben", "Lee", cls.group_3b, "B100000000002", "2016-11-02", "male")
        cls.cara = cls._pupil(
            "Cara", "Moss", cls.group_3b, "C100000000003", "2015-09-01", "female", "2024-09-11"
        )
        cls.dan = cls._pupil("Dan", "Nash", cls.group_rj, "D100000000004", "2020-03-01", "male")
        cls.eve = cls._pupil(
            "Eve",
            "Owen",
            cls.group_3b,
            "E100000000005",
            "2016-01-20",
            "other",
            date_left="2024-09-06",
            leaving_ground="f_home_education",
        )
        cls.env["school.attendance.register"].generate_registers(
            TERM_START, TERM_END, company=cls.company
        )
        minutes = {("L", 14): 10, ("U", 11): 40}
        for pupil, tokens in (
            (cls.amira, AMIRA),
            (cls.ben, BEN),
            (cls.cara, CARA),
            (cls.dan, DAN),
            (cls.eve, EVE),
        ):
            cls._mark(pupil, tokens, minutes)
        # A second school with a term of its own.
        cls.year_b = cls._create_year(company=cls.company_b)
        cls.term_b = cls.env["school.term"].create(
            {
                "name": "Autumn 2024 (Other Academy)",
                "academic_year_id": cls.year_b.id,
                "date_start": TERM_START,
                "date_end": TERM_END,
            }
        )

    @classmethod
    def _pupil(cls, first, last, group, upn, dob, gender, admitted=TERM_START, **vals):
        vals.update(
            first_name=first,
            last_name=last,
            group_id=group.id,
            company_id=cls.company.id,
            upn=upn,
            date_of_birth=dob,
            gender=gender,
            date_admitted=admitted,
        )
        return cls.env["school.pupil"].with_context(tracking_disable=True).create(vals)

    @classmethod
    def _mark(cls, pupil, tokens, minutes):
        """Give ``pupil`` the codes ``tokens``, one per session of the term in order."""
        sessions = cls.env["school.session"].search(
            [("term_id", "=", cls.term.id)], order="date, period"
        )
        assert len(sessions) == len(tokens) == 20, (len(sessions), len(tokens))
        marks = cls.env["school.attendance.mark"].search([("pupil_id", "=", pupil.id)])
        for index, (session, token) in enumerate(zip(sessions, tokens, strict=True)):
            mark = marks.filtered(lambda m, s=session: m.session_id == s)
            if token is None:
                continue
            assert mark, "%s has no mark on %s" % (pupil.name, session.name)
            code = token
            if token == "P":
                code = "/" if session.period == "am" else "\\"
            mark.write(
                {
                    "code_id": cls.Code.get_code(code).id,
                    "minutes_late": minutes.get((code, index), 0),
                }
            )
