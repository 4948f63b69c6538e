"""Row locks for saves two users may make at once (a register, a payment).

The first user's save locks the rows it is about to change; a second user
saving the same rows meanwhile is told so at once, in words of the model that
asks, instead of waiting for the first or ending on a database error.
"""


def lock_rows(records):
    """Lock the rows of ``records`` for this transaction; return those someone else holds.

    One query and no savepoint: ``FOR UPDATE SKIP LOCKED`` leaves out a row
    another open transaction has locked rather than waiting for it or raising;
    rows this transaction has locked already are locked again as usual.

    The rows locked are touched (``write_uid``, ``write_date``), so that a
    transaction which began before this one commits cannot lock them
    afterwards either: PostgreSQL refuses that with a serialization failure
    (:class:`psycopg2.extensions.TransactionRollbackError`), which Odoo's RPC
    layer retries on a fresh snapshot, or which the caller turns into its own
    message (inside a savepoint, to keep its transaction usable).

    Returns the records of ``records`` that could not be locked (empty when
    all were).
    """
    ids = tuple(set(records.ids))
    if not ids:
        return records.browse()
    cr = records.env.cr
    table = records._table  # the model's own table name, never user input
    cr.execute(
        f"UPDATE \"{table}\" SET write_uid = %s, write_date = (now() at time zone 'UTC') "
        f'WHERE id IN (SELECT id FROM "{table}" WHERE id IN %s FOR UPDATE SKIP LOCKED) '
        "RETURNING id",
        (records.env.uid, ids),
        log_exceptions=False,
    )
    locked = {row[0] for row in cr.fetchall()}
    records.invalidate_cache(["write_uid", "write_date"], list(locked))
    return records.filtered(lambda record: record.id not in locked)


#: First keys of the advisory locks of the nightly jobs that must run once per
#: school whichever server starts them (the second key is the school's id). The
#: escalation's own is ``school_attendance_policy.ESCALATION_LOCK`` (0x5C4E).
LETTERS_PRINT_LOCK = 0x5C4F
PENALTY_SCAN_LOCK = 0x5C50


def try_school_lock(env, key, company):
    """Hold the advisory lock ``(key, company)`` for this transaction.

    Returns False, at once, when another transaction holds it: the same job
    for that school is running elsewhere (another Odoo server on the same
    database, or a user's run), and the caller leaves that school to it.
    """
    env.cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", (key, company.id))
    return env.cr.fetchone()[0]
