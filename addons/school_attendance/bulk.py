"""Many records of one model with one INSERT, for generated data (the demo, the benchmark).

Odoo 11 has no multi-record ``create()``: one ORM create per parent took about
0.1 s (defaults, company properties, a generated avatar, recomputation record
by record), one per pupil about 25 ms.
"""

from odoo.models import MAGIC_COLUMNS
from psycopg2 import sql
from psycopg2.extras import execute_values


def bulk_create(model, vals_list, computed=()):
    """Records of ``model`` from ``vals_list`` with one INSERT, as ``create()`` makes them.

    Defaults are read once (``default_get``) for the columns the values leave
    out; stored computed and related fields are then computed by the ORM for
    all the records at once, except those in ``computed``, whose values the
    caller gives as their computes would; every Python constraint of the
    model runs over the records and the SQL constraints hold at the INSERT.
    For plain column values only (no x2many commands, no company-dependent or
    inverse fields), on models without ``_inherits``; the model's ``create()``
    overrides do not run, so the caller does what they would have done.
    """
    if not vals_list:
        return model.browse()
    assert not model._inherits
    record = model.browse()
    columns = [
        name
        for name, field in model._fields.items()
        if field.store
        and field.column_type
        and (not field.compute or name in computed)
        and name not in MAGIC_COLUMNS
    ]
    given = set().union(*vals_list)
    unknown = given - set(columns)
    assert not unknown, "not plain columns of %s: %s" % (model._name, sorted(unknown))
    defaults = model.default_get([name for name in columns if name not in given])
    # As create(): booleans without a value are False, not NULL.
    for name in columns:
        if model._fields[name].type == "boolean":
            defaults.setdefault(name, False)
    columns = [name for name in columns if name in given or name in defaults]
    rows = []
    for vals in vals_list:
        values = dict(defaults, **vals)
        rows.append(
            tuple(
                model._fields[name].convert_to_column(values.get(name), record) for name in columns
            )
            + (model.env.uid, model.env.uid)
        )
    model.recompute()
    ids = execute_values(
        model.env.cr,
        sql.SQL(
            "INSERT INTO {} ({}, create_uid, write_uid, create_date, write_date) VALUES %s "
            "RETURNING id"
        )
        .format(sql.Identifier(model._table), sql.SQL(", ").join(map(sql.Identifier, columns)))
        .as_string(model.env.cr._obj),
        rows,
        template="(%s)"
        % ", ".join(["%s"] * (len(columns) + 2) + ["(now() at time zone 'UTC')"] * 2),
        page_size=len(rows),
        fetch=True,
    )
    model.invalidate_cache()
    records = model.browse([row[0] for row in ids])
    for field in model._fields.values():
        if field.store and field.compute and field.name not in computed:
            model.env.add_todo(field, records)
    records.recompute()
    records._validate_fields(model._fields)
    return records
