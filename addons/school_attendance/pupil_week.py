"""Attendance counts per pupil and school week, kept up to date by PostgreSQL.

The trust dashboard (``school.trust.attendance``) once added up every mark of
every school when it was read: 7.7 million marks for a trust of twenty schools,
seconds per read. It now adds up these counts instead, one row per pupil,
school, academic year and week (about 40 a pupil a year).

The table is not an Odoo model: triggers on ``school_attendance_mark`` keep it
equal to a recount in the same transaction as the change, whatever wrote the
marks (the ORM, a register save, SQL, a migration). A statement-level trigger
(its rows as transition tables) adds the new rows' counts and takes away the old
ones' in one statement per insert, update or delete, so a register of 30 marks
costs one more statement, not 30. A change of a code's flags (what counts as
present, authorised...) recounts the table. ``recount`` fills it from the marks
(on install or upgrade, after a bulk load with the triggers disabled) and
``RECOUNT_SELECT`` is what the tests compare it with.

A mark's school and day are its session's (the ORM writes a new mark's stored
related columns just after its INSERT): they are read from the session here.
"""

TABLE = "school_attendance_pupil_week"

#: The counts of ``marks`` (a table or transition table of mark rows), per key;
#: ``%(sign)s`` is 1 to add them, -1 to take them away.
_COUNTS = """
    SELECT m.pupil_id, s.company_id, t.academic_year_id,
           date_trunc('week', s.date)::date AS week_start,
           %(sign)s * count(*) AS marks,
           %(sign)s * count(*) FILTER (WHERE c.counts_as_possible) AS possible,
           %(sign)s * count(*) FILTER (WHERE c.counts_as_present) AS present,
           %(sign)s * count(*) FILTER (WHERE c.counts_as_authorised) AS authorised,
           %(sign)s * count(*) FILTER (WHERE c.counts_as_unauthorised) AS unauthorised
    FROM %(marks)s m
    JOIN school_session s ON s.id = m.session_id
    JOIN school_term t ON t.id = s.term_id
    LEFT JOIN school_attendance_code c ON c.id = m.code_id
    GROUP BY m.pupil_id, s.company_id, t.academic_year_id, date_trunc('week', s.date)
"""

#: The table as a recount from the marks gives it (the tests compare the two).
RECOUNT_SELECT = _COUNTS % {"sign": 1, "marks": "school_attendance_mark"}

_KEY = "pupil_id, company_id, academic_year_id, week_start"
_SUMS = ", ".join(
    "%s = %s.%s + excluded.%s" % (name, TABLE, name, name)
    for name in ("marks", "possible", "present", "authorised", "unauthorised")
)


def _apply(counts, marks):
    """Add ``counts`` (rows of ``_COUNTS``) to the table; drop the weeks of the pupils of
    ``marks`` left without marks (found by the primary key, not by reading the table)."""
    return f"""
        INSERT INTO {TABLE} AS {TABLE}
            ({_KEY}, marks, possible, present, authorised, unauthorised)
        SELECT {_KEY}, sum(marks), sum(possible), sum(present), sum(authorised),
               sum(unauthorised)
        FROM ({counts}) delta GROUP BY {_KEY}
        ON CONFLICT ({_KEY}) DO UPDATE SET {_SUMS};
        DELETE FROM {TABLE}
        WHERE marks = 0 AND pupil_id IN (SELECT DISTINCT pupil_id FROM {marks});
    """


_DDL = """
CREATE TABLE IF NOT EXISTS {table} (
    pupil_id integer NOT NULL REFERENCES school_pupil(id) ON DELETE CASCADE,
    company_id integer NOT NULL,
    academic_year_id integer NOT NULL,
    week_start date NOT NULL,
    marks integer NOT NULL DEFAULT 0,
    possible integer NOT NULL DEFAULT 0,
    present integer NOT NULL DEFAULT 0,
    authorised integer NOT NULL DEFAULT 0,
    unauthorised integer NOT NULL DEFAULT 0,
    PRIMARY KEY ({key})
);
CREATE INDEX IF NOT EXISTS {table}_company_year_idx ON {table} (company_id, academic_year_id);

CREATE OR REPLACE FUNCTION {table}_on_marks() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {take_old}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {add_new}
    END IF;
    RETURN NULL;
END
$body$;

CREATE OR REPLACE FUNCTION {table}_recount() RETURNS void LANGUAGE plpgsql AS $body$
BEGIN
    DELETE FROM {table};
    INSERT INTO {table} ({key}, marks, possible, present, authorised, unauthorised)
    {recount};
END
$body$;

CREATE OR REPLACE FUNCTION {table}_on_codes() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    PERFORM {table}_recount();
    RETURN NULL;
END
$body$;

DROP TRIGGER IF EXISTS {table}_insert ON school_attendance_mark;
DROP TRIGGER IF EXISTS {table}_update ON school_attendance_mark;
DROP TRIGGER IF EXISTS {table}_delete ON school_attendance_mark;
DROP TRIGGER IF EXISTS {table}_codes ON school_attendance_code;
CREATE TRIGGER {table}_insert AFTER INSERT ON school_attendance_mark
    REFERENCING NEW TABLE AS new_marks
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_on_marks();
CREATE TRIGGER {table}_update AFTER UPDATE ON school_attendance_mark
    REFERENCING OLD TABLE AS old_marks NEW TABLE AS new_marks
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_on_marks();
CREATE TRIGGER {table}_delete AFTER DELETE ON school_attendance_mark
    REFERENCING OLD TABLE AS old_marks
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_on_marks();
CREATE TRIGGER {table}_codes AFTER UPDATE OF
    counts_as_possible, counts_as_present, counts_as_authorised, counts_as_unauthorised
    ON school_attendance_code
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_on_codes();
""".format(
    table=TABLE,
    key=_KEY,
    take_old=_apply(_COUNTS % {"sign": -1, "marks": "old_marks"}, "old_marks"),
    add_new=_apply(_COUNTS % {"sign": 1, "marks": "new_marks"}, "new_marks"),
    recount=RECOUNT_SELECT,
)


def install(cr):
    """Create the table, its triggers and functions (again: an upgrade replaces them);
    fill the table from the marks when it is new."""
    cr.execute("SELECT to_regclass(%s)", (TABLE,))
    new = cr.fetchone()[0] is None
    cr.execute(_DDL)
    if new:
        recount(cr)


def recount(cr):
    """Count the table anew from every mark (one statement)."""
    cr.execute("SELECT school_attendance_pupil_week_recount()")
