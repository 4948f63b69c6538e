"""Product presets on upgrade: bring up to date those a school has not edited.

Presets (escalation policies and steps, case stages, letter templates, roles,
activity types, jobs...) are the ``noupdate`` records of our addons' data files:
Odoo loads them once and never again, so that a school's edits survive. On an
upgrade we do better: for each preset we keep two fingerprints in the table
``school_preset_fingerprint`` —

* ``source``: the product's XML for the record (every addon's ``<record>`` of that
  external id, fields only, whitespace folded), as last loaded;
* ``value``: the record's values of those fields in the database just after
  they were loaded (many2one and x2many by external id, so the same in every
  database).

At upgrade (:func:`update_presets`, called by every version's
``end-migrate.py``, after all addons are loaded) a preset new in the release is
loaded from every addon's ``<record>`` of it (Odoo created it from the first
one only); a preset whose source changed
is reloaded from the XML when its values still match ``value`` (nobody edited
it); when they do not, the school edited it: it is left alone, and the upgrade
logs it and says so on the record's chatter (a step's: its policy's).
Installing an addon records the fingerprints of what it loaded
(:func:`record_presets`).
"""

import ast
import hashlib
import json
import logging
import os
import re

from lxml import etree
from odoo import _, modules
from odoo.tools.convert import xml_import
from psycopg2 import sql

_logger = logging.getLogger(__name__)

# Our addons in load order: a later addon's <record> of an earlier one's preset wins.
OUR_ADDONS = ("school_attendance", "school_penalty", "school_letters")
TABLE = "school_preset_fingerprint"
# Fields of a preset that the system itself moves after loading: not a school's edit.
VOLATILE_FIELDS = {
    "ir.cron": {"nextcall", "numbercall", "lastcall"},
    "ir.sequence": {"number_next", "number_next_actual"},
}
#: Fields a release removed from a preset's model, whose columns still hold what the
#: school had (Odoo keeps the columns of removed fields): a comparison over an
#: earlier release's fields reads them there. ``{model: {field: (type, comodel)}}``.
REMOVED_FIELDS = {
    # 11.0.1.2.0: a step's activity moved to its lines (school.attendance.policy.step.activity).
    "school.attendance.policy.step": {
        "activity_type_id": ("many2one", "mail.activity.type"),
        "activity_summary": ("char", None),
        "responsible": ("selection", None),
        "responsible_user_id": ("many2one", "res.users"),
        "staff_role": ("selection", None),
        "responsible_role": ("char", None),
        "due_days": ("integer", None),
        "due_time": ("float", None),
    },
}


def ensure_table(cr):
    cr.execute(
        "CREATE TABLE IF NOT EXISTS school_preset_fingerprint ("
        " xmlid varchar PRIMARY KEY, source varchar NOT NULL, value varchar NOT NULL)"
    )


def stored_fingerprints(cr):
    """{xmlid: (source, value)} as recorded at the last install or upgrade."""
    ensure_table(cr)
    cr.execute("SELECT xmlid, source, value FROM school_preset_fingerprint")
    return {xmlid: (source, value) for xmlid, source, value in cr.fetchall()}


def store_fingerprints(cr, fingerprints):
    """Record ``{xmlid: (source, value)}``, replacing what was there."""
    ensure_table(cr)
    for xmlid, (source, value) in sorted(fingerprints.items()):
        cr.execute(
            "INSERT INTO school_preset_fingerprint (xmlid, source, value) VALUES (%s, %s, %s)"
            " ON CONFLICT (xmlid) DO UPDATE SET source = EXCLUDED.source, value = EXCLUDED.value",
            (xmlid, source, value),
        )


def _is_noupdate(element):
    return any(
        node.get("noupdate", "0").lower() in ("1", "true") for node in element.iterancestors()
    )


def _installed_addons(env):
    env.cr.execute(
        "SELECT name FROM ir_module_module WHERE name IN %s"
        " AND state IN ('installed', 'to upgrade', 'to install')",
        (OUR_ADDONS,),
    )
    names = {name for (name,) in env.cr.fetchall()}
    return [name for name in OUR_ADDONS if name in names and name in env.registry._init_modules]


def preset_xml(env, addons_dir=None, addons=None):
    """{xmlid: [(addon, file path, <record> element)]}: every noupdate record of our addons.

    In load order. ``addons_dir`` reads the data files of another checkout
    (to fingerprint an earlier release); default: the addons Odoo runs.
    ``addons``: only these (e.g. an addon's own presets in its post-migration,
    before Odoo counts it as loaded); default: every one of ours that is loaded.
    """
    presets = {}
    for addon in addons or _installed_addons(env):
        path = (
            os.path.join(addons_dir, addon) if addons_dir else modules.module.get_module_path(addon)
        )
        with open(os.path.join(path, "__manifest__.py"), encoding="utf-8") as manifest:
            data = ast.literal_eval(manifest.read()).get("data", [])
        for name in data:
            if not name.endswith(".xml"):
                continue
            filename = os.path.join(path, name)
            for record in etree.parse(filename).getroot().iter("record"):
                if not _is_noupdate(record):
                    continue
                xmlid = record.get("id")
                if "." not in xmlid:
                    xmlid = "%s.%s" % (addon, xmlid)
                presets.setdefault(xmlid, []).append((addon, filename, record))
    return presets


def source_fingerprint(entries):
    """The product's definition of one preset: each addon's fields, whitespace folded."""
    digest = hashlib.sha1()
    for addon, _filename, record in entries:
        digest.update(("%s|%s|" % (addon, record.get("model"))).encode())
        for field in record.iter("field"):
            text = etree.tostring(field, encoding="unicode", with_tail=False)
            digest.update(re.sub(r"\s+", " ", text).strip().encode())
    return digest.hexdigest()


def _field_names(entries):
    names = set()
    for _addon, _filename, record in entries:
        names.update(field.get("name") for field in record.findall("field"))
    return names


def _ref(record):
    return record.get_external_id().get(record.id) or "%s,%d" % (record._name, record.id)


def _plain(field, value):
    """A field's value the same in every database: records by external id."""
    if field.type == "many2one":
        return _ref(value) if value else False
    if field.type in ("one2many", "many2many"):
        return sorted(_ref(record) for record in value)
    if field.type == "float":
        return round(value or 0.0, 6)
    if field.type == "binary":
        return hashlib.sha1(value or b"").hexdigest()
    return value


def value_fingerprint(env, xmlid, entries):
    """The preset's values of the fields the product sets (None: no such record)."""
    record = env.ref(xmlid, raise_if_not_found=False)
    if not (record and record.exists()):
        return None  # deleted by the school: nothing to compare (Odoo creates it again)
    return _hash(_plain_values(record, _field_names(entries)))


def _plain_values(record, names):
    record = record.with_context(lang=None, active_test=False)
    volatile = VOLATILE_FIELDS.get(record._name, set())
    return {
        name: _plain(record._fields[name], record[name])
        for name in sorted(names)
        if name in record._fields and name not in volatile
    }


def _hash(values):
    return hashlib.sha1(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def _removed_values(record, names):
    """The values of the fields among ``names`` that the model no longer has
    (:data:`REMOVED_FIELDS`), read from their old columns, as :func:`_plain` gave them."""
    removed = REMOVED_FIELDS.get(record._name, {})
    wanted = sorted(name for name in names if name in removed and name not in record._fields)
    if not wanted:
        return {}
    cr = record.env.cr
    cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s AND column_name IN %s",
        (record._table, tuple(wanted)),
    )
    columns = sorted(name for (name,) in cr.fetchall())
    if not columns:
        return {}
    cr.execute(
        sql.SQL("SELECT {} FROM {} WHERE id = %s").format(
            sql.SQL(", ").join(sql.Identifier(name) for name in columns),
            sql.Identifier(record._table),
        ),
        (record.id,),
    )
    values = {}
    for name, value in zip(columns, cr.fetchone(), strict=True):
        kind, comodel = removed[name]
        if kind == "many2one":
            values[name] = _ref(record.env[comodel].browse(value)) if value else False
        elif kind == "integer":
            values[name] = value or 0
        elif kind == "float":
            values[name] = round(value or 0.0, 6)
        else:
            values[name] = False if value is None else value
    return values


def value_fingerprint_over(env, xmlid, field_names):
    """The preset's value fingerprint over ``field_names``, the fields an earlier
    release's ``<record>`` set (:func:`preset_field_names`), those its model no
    longer has read from their old columns; None when there is no such record."""
    record = env.ref(xmlid, raise_if_not_found=False)
    if not (record and record.exists()):
        return None
    values = _plain_values(record, field_names)
    values.update(_removed_values(record, field_names))
    return _hash(values)


def preset_field_names(addons_dir, addons=OUR_ADDONS):
    """``{xmlid: [field]}``: the fields each preset's ``<record>``s set in the addons
    of ``addons_dir`` (a release's checkout; no database needed)."""
    return {
        xmlid: sorted(_field_names(entries))
        for xmlid, entries in preset_xml(None, addons_dir, addons).items()
    }


def snapshot(env, addons_dir=None):
    """{xmlid: (source, value)} of every preset in the database now."""
    result = {}
    for xmlid, entries in preset_xml(env, addons_dir).items():
        value = value_fingerprint(env, xmlid, entries)
        if value is not None:
            result[xmlid] = (source_fingerprint(entries), value)
    return result


def record_presets(env):
    """After an install: what was just loaded is the product's (post_init_hook)."""
    store_fingerprints(env.cr, snapshot(env))


def update_presets(env, version, earlier_fields=None):
    """Reload the presets the product changed and the school did not; report the others.

    ``earlier_fields``: ``{xmlid: [field]}``, the fields each preset's
    ``<record>``s set in the release the fingerprints were recorded at
    (:func:`preset_field_names`). When this release sets other fields on a preset
    (a field added, or moved to another record), its values are compared over
    those: over today's fields, an unedited preset would read as the school's edit.
    Returns {"updated": [xmlid], "kept": [xmlid]} (``kept``: edited by the school).
    """
    stored = stored_fingerprints(env.cr)
    presets = preset_xml(env)
    updated, kept, fingerprints = [], [], {}
    for xmlid, entries in presets.items():
        source = source_fingerprint(entries)
        value = value_fingerprint(env, xmlid, entries)
        if value is None:
            continue
        if stored and xmlid not in stored:
            # New in this release: the upgrade created it from the first addon's
            # <record> only (Odoo skips the other addons' <record>s of an existing
            # noupdate record, e.g. school_letters making a new step a letter).
            _reload(env, entries)
            updated.append(xmlid)
            fingerprints[xmlid] = (source, value_fingerprint(env, xmlid, entries))
            continue
        old_source, old_value = stored.get(xmlid, (source, value))
        if old_source == source:
            fingerprints[xmlid] = (source, old_value)
        elif value == old_value or _unedited_over(env, xmlid, earlier_fields, old_value):
            _reload(env, entries)
            updated.append(xmlid)
            fingerprints[xmlid] = (source, value_fingerprint(env, xmlid, entries))
        else:
            _report_kept(env, xmlid, version)
            kept.append(xmlid)
            # Reported once: the next upgrade speaks again only if the product changes it again.
            fingerprints[xmlid] = (source, old_value)
    store_fingerprints(env.cr, fingerprints)
    _logger.info(
        "Presets at version %s: %d updated from the product, %d edited by the school and kept",
        version,
        len(updated),
        len(kept),
    )
    return {"updated": updated, "kept": kept}


def _unedited_over(env, xmlid, earlier_fields, old_value):
    names = (earlier_fields or {}).get(xmlid)
    return bool(names) and value_fingerprint_over(env, xmlid, names) == old_value


def _reload(env, entries):
    """Load the product's <record>s of one preset again, over the database's values."""
    for addon, filename, record in entries:
        root = etree.Element("odoo")
        root.append(_copy(record))
        xml_import(env.cr, addon, {}, "init", noupdate=True, xml_filename=filename).parse(
            root, mode="init"
        )


def _copy(element):
    return etree.fromstring(etree.tostring(element, with_tail=False))


def _report_kept(env, xmlid, version):
    record = env.ref(xmlid)
    _logger.warning(
        "Upgrade to %s: preset %s (%s) was edited by the school and is kept as it is; "
        "the product's new version of it was not loaded",
        version,
        xmlid,
        record.display_name,
    )
    thread = record if hasattr(record, "message_post") else None
    if thread is None and "policy_id" in record._fields:
        thread = record.policy_id
    if thread:
        thread.message_post(
            body=_(
                'Upgrade to version %s: the product changed its preset "%s", but this '
                "school had edited it, so it was kept as the school left it. Compare it with "
                "the product's version in the release notes (CHANGELOG) if you want the change."
            )
            % (version, record.display_name)
        )


def seed_fingerprints(cr, path):
    """Before the first upgrade of a database that kept no fingerprints: the release's.

    ``path``: a JSON file ``{xmlid: [source, value]}`` of the presets as that release
    installed them (``scripts/preset_fingerprints.py`` on a fresh database of it).
    """
    stored = stored_fingerprints(cr)
    if any(xmlid in stored for xmlid in _release_file(path)):
        return
    # Only presets of that release: a later version's post-migration (run before
    # this end-migration) may have recorded presets new in its release.
    store_fingerprints(cr, {xmlid: tuple(pair) for xmlid, pair in _release_file(path).items()})


def _release_file(path):
    with open(path, encoding="utf-8") as release:
        return json.load(release)
