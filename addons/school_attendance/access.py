"""Who may call each public method of our models: the one inventory and its guard.

Every method of our addons' models whose name does not start with ``_`` can be
called over XML-RPC and JSON-RPC (``call_kw``), by any logged-in user.  Each
addon lists its public methods in ``security/public_methods.py``
(``PUBLIC_METHODS = {model: {method: policy}}``) and declares them here from its
``__init__``.  A policy is one of:

* a group xml-id (``"school_attendance.group_attendance_officer"``): members only;
* ``READ``: any user, on records they can read (access rights and record rules);
* ``WRITE``: any user, on records they can write;
* ``CRON``: the scheduled job alone (the superuser), never a user.

What a listed method answers a client is data (:func:`for_client`): records come
back as their ids and ``None`` as ``False``.

At registry load (``school.public.method``'s ``_register_hook``) every listed
method is wrapped so that it checks its policy first when a client calls it:
through ``odoo.api.call_kw``, the one dispatcher of XML-RPC ``execute_kw``,
JSON-RPC ``/web/dataset/call_kw`` and the web client's buttons
(``call_button``).  Our own code calling the method (another method, a
controller, a scheduled job, a test) is not checked again: it is trusted to
pass only what it checked.  ORM methods (``create``, ``read``, ``write``,
``search``... and any method Odoo's own classes define) are not listed:
access rights and record rules govern them.

``tests/test_public_methods.py`` fails when a public method is missing from the
inventory or listed but gone, and proves every group policy refuses a user
outside the group.
"""

import functools
import inspect
import sys

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

READ = "read"
WRITE = "write"
CRON = "cron"
POLICIES = (READ, WRITE, CRON)

# addon name -> {model: {method: policy}}, filled by each addon's __init__.
INVENTORY = {}

# The frames of odoo.api that call the method a client named, and nothing else.
DISPATCHERS = (api.call_kw_model.__code__, api.call_kw_multi.__code__)


def declare(addon, public_methods):
    """Record ``addon``'s inventory (called once from the addon's ``__init__``)."""
    INVENTORY[addon] = public_methods


def _is_ours(klass):
    return klass.__module__.startswith("odoo.addons.school_")


def _is_odoos(klass):
    # A class of Odoo's own code; not the registry's classes built from them
    # (they carry ``pool``), on which our guards are patched.
    return not _is_ours(klass) and "pool" not in vars(klass)


def _defining_model(klass):
    inherit = klass._inherit
    if isinstance(inherit, list):
        inherit = inherit[0] if len(inherit) == 1 else None
    return klass._name or inherit


def public_methods(env):
    """``{(model, method)}`` of the public methods our addons define on ``env``'s models.

    A method counts when one of our classes defines it and no class of Odoo's own
    does (an override of ``write`` or ``name_get`` is the ORM's, governed by
    access rights).  It is keyed by the model of the class that defines it: a
    method of an abstract mixin is listed once, under the mixin.
    """
    found = set()
    for model_name in env.registry:
        cls = type(env[model_name])
        for klass in cls.__mro__:
            if not _is_ours(klass):
                continue
            for name, value in vars(klass).items():
                if name.startswith("_") or not callable(value) or isinstance(value, type):
                    continue
                if any(name in vars(other) for other in cls.__mro__ if _is_odoos(other)):
                    continue
                found.add((_defining_model(klass), name))
    return found


def installed_inventory(env):
    """``{(model, method): policy}`` declared by the addons installed in ``env``'s database."""
    listed = {}
    for addon, methods_by_model in INVENTORY.items():
        if addon not in env.registry._init_modules:
            continue
        for model, methods in methods_by_model.items():
            for name, policy in methods.items():
                listed[(model, name)] = policy
    return listed


def check_policy(records, policy, method):
    """Raise AccessError unless the user of ``records`` may call ``method`` under ``policy``."""
    env = records.env
    if env.uid == SUPERUSER_ID:
        return
    if policy in (READ, WRITE):
        records.check_access_rights(policy)
        if records:
            # A method called on no record (``@api.model``) has no record to check; Odoo
            # 11 builds an empty ``IN ()`` for a transient model's rule on no ids.
            records.check_access_rule(policy)
        return
    what = _("%s (%s)") % (method.replace("action_", "", 1).replace("_", " "), records._description)
    if policy == CRON:
        raise AccessError(
            _("Nobody can %s: only the server runs it (its scheduled jobs and its own steps).")
            % what
        )
    if not env.user.has_group(policy):
        raise AccessError(_("Only %s can %s.") % (_who(env, policy), what))


def _who(env, xmlid):
    """The users of a group, as a sentence names them."""
    who = {
        "school_attendance.group_attendance_teacher": _(
            "teachers, attendance officers and managers"
        ),
        "school_attendance.group_attendance_officer": _("attendance officers and managers"),
        "school_attendance.group_attendance_manager": _("attendance managers"),
    }
    if xmlid in who:
        return who[xmlid]
    group = env.ref(xmlid, raise_if_not_found=False)
    # sudo: only the group's name, for the refusal message of a user outside it.
    return _("members of %s") % (group.sudo().full_name if group else xmlid)


def guard(name, policy, origin):
    """``origin`` checking ``policy`` first when a client calls it (``call_kw``)."""

    @functools.wraps(origin)
    def guarded(self, *args, **kwargs):
        if sys._getframe(1).f_code not in DISPATCHERS:
            return origin(self, *args, **kwargs)
        check_policy(self, policy, name)
        result = origin(self, *args, **kwargs)
        # ``@api.returns`` methods are converted by call_kw itself.
        return result if hasattr(origin, "_returns") else for_client(result)

    # call_kw reads the method's arguments (where the context goes): keep them.
    guarded.__signature__ = inspect.signature(origin)
    guarded.school_policy = policy
    return guarded


def for_client(value):
    """``value`` as XML-RPC and JSON can carry it: records become their ids and ``None``
    becomes ``False``, inside tuples, lists and dicts too (e.g. ``(letters, skipped)``)."""
    if value is None:
        return False
    if isinstance(value, models.BaseModel):
        return value.ids
    if isinstance(value, (list, tuple)):
        return [for_client(item) for item in value]
    if isinstance(value, dict):
        return {key: for_client(item) for key, item in value.items()}
    return value


def install_guards(env):
    """Wrap every listed public method of ``env``'s registry with its policy check."""
    listed = installed_inventory(env)
    for model_name in env.registry:
        cls = type(env[model_name])
        for klass in cls.__mro__:
            if not _is_ours(klass):
                continue
            for name in vars(klass):
                policy = listed.get((_defining_model(klass), name))
                if policy is None:
                    continue
                current = getattr(cls, name)
                if getattr(current, "school_policy", None) is not None:
                    continue
                env[model_name]._patch_method(name, guard(name, policy, current))
