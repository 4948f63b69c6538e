"""Run Odoo 11 on CPython 3.11.

Odoo 11.0 was written for Python 3.5.  Every change it needs to run on 3.11 (and
with the libraries installed for it) lives here, applied *before* ``odoo`` is
first imported (by ``school_runtime.launcher``, the test harness and ``bench/``).
Nothing in site-packages is edited: each fix restores a name the standard
library removed, or widens a whitelist with the 3.11 equivalents of entries
Odoo already allows, or sets back what Odoo means for a newer library.

``apply()`` is idempotent.  Each fix has a test in ``tests/test_compat.py``
that fails without it.
"""

import ast
import base64
import collections
import collections.abc
import html
import inspect
import sys
import threading
import time

_APPLIED = False

# Names Python 3.10 removed from ``collections`` (moved to collections.abc).
_ABC_NAMES = (
    "Awaitable",
    "Coroutine",
    "AsyncIterable",
    "AsyncIterator",
    "AsyncGenerator",
    "Hashable",
    "Iterable",
    "Iterator",
    "Generator",
    "Reversible",
    "Sized",
    "Container",
    "Callable",
    "Collection",
    "Set",
    "MutableSet",
    "Mapping",
    "MutableMapping",
    "MappingView",
    "KeysView",
    "ItemsView",
    "ValuesView",
    "Sequence",
    "MutableSequence",
    "ByteString",
)

# 3.11 opcodes with the same meaning as ones Odoo 11's safe_eval already allows.
# Nothing here imports a module or reaches an attribute unchecked
# (no IMPORT_*, no STORE_ATTR, no closures).
_EXPR_OPCODES_311 = (
    "RESUME",
    "CACHE",
    "NOP",
    "PUSH_NULL",
    "COPY",
    "SWAP",
    "BINARY_OP",
    "IS_OP",
    "CONTAINS_OP",
    "FORMAT_VALUE",
    "BUILD_STRING",
    "LIST_EXTEND",
    "LIST_TO_TUPLE",
    "SET_UPDATE",
    "DICT_MERGE",
    "DICT_UPDATE",
    "UNPACK_EX",
    "GEN_START",
    "RETURN_GENERATOR",
)
_SAFE_OPCODES_311 = _EXPR_OPCODES_311 + (
    "PRECALL",
    "CALL",
    "KW_NAMES",
    "JUMP_BACKWARD",
    "JUMP_BACKWARD_NO_INTERRUPT",
    "POP_JUMP_FORWARD_IF_FALSE",
    "POP_JUMP_FORWARD_IF_TRUE",
    "POP_JUMP_BACKWARD_IF_FALSE",
    "POP_JUMP_BACKWARD_IF_TRUE",
    "POP_JUMP_FORWARD_IF_NONE",
    "POP_JUMP_FORWARD_IF_NOT_NONE",
    "POP_JUMP_BACKWARD_IF_NONE",
    "POP_JUMP_BACKWARD_IF_NOT_NONE",
    # try/except in server actions: the 3.11 spelling of SETUP_EXCEPT/END_FINALLY
    "PUSH_EXC_INFO",
    "CHECK_EXC_MATCH",
    "RERAISE",
)

_ArgSpec = collections.namedtuple("ArgSpec", "args varargs keywords defaults")


def _getargspec(func):
    spec = inspect.getfullargspec(func)
    return _ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def _formatargspec(args, varargs=None, varkw=None, defaults=None, *_unused, **_kw):
    """Enough of the removed ``inspect.formatargspec`` for Odoo's decorators."""
    parts = []
    first_default = len(args) - len(defaults or ())
    for index, name in enumerate(args):
        if defaults and index >= first_default:
            parts.append("%s=%r" % (name, defaults[index - first_default]))
        else:
            parts.append(name)
    if varargs:
        parts.append("*" + varargs)
    if varkw:
        parts.append("**" + varkw)
    return "(" + ", ".join(parts) + ")"


def _cgi_escape(s, quote=False):
    return html.escape(s, quote=quote)


_CONSTANT_NAMES = {"None": None, "True": True, "False": False}


class _Py311Ast(ast.NodeTransformer):
    """Repair ASTs built by hand for Python 3.5 (Odoo's QWeb compiler)."""

    def visit_Name(self, node):
        if node.id in _CONSTANT_NAMES and isinstance(node.ctx, ast.Load):
            return ast.copy_location(ast.Constant(value=_CONSTANT_NAMES[node.id]), node)
        return node

    def visit_arguments(self, node):
        if not hasattr(node, "posonlyargs") or node.posonlyargs is None:
            node.posonlyargs = []
        return self.generic_visit(node)

    def visit_Module(self, node):
        if not hasattr(node, "type_ignores") or node.type_ignores is None:
            node.type_ignores = []
        return self.generic_visit(node)


def _fix_positions(tree):
    """Give every node a position 3.11's compiler accepts (start <= end)."""
    for node in ast.walk(tree):
        if "lineno" not in node._attributes:
            continue
        if getattr(node, "lineno", None) is None or node.lineno < 1:
            node.lineno = 1
        if getattr(node, "col_offset", None) is None or node.col_offset < 0:
            node.col_offset = 0
        node.end_lineno = node.lineno
        node.end_col_offset = node.col_offset


def _wrap_fix_missing_locations(original):
    def fix_missing_locations(node):
        node = _Py311Ast().visit(node)
        node = original(node)
        _fix_positions(node)
        return node

    fix_missing_locations._odoo_compat = True
    return fix_missing_locations


def _element_children(element):
    return list(element)


def _block_elementtree_accelerator():
    """Odoo 11 calls ``Element.getchildren()``/``getiterator()``, gone since 3.9.

    The C accelerator's Element type cannot be patched, so the pure-Python
    ElementTree is forced and the two methods are put back on it.
    """
    if "xml.etree.ElementTree" not in sys.modules:
        sys.modules["_elementtree"] = None
    import xml.etree.ElementTree as ET

    if not isinstance(ET.Element.__dict__.get("__init__"), type(_fix_positions)):
        raise RuntimeError(
            "school_runtime.compat.apply() must run before xml.etree.ElementTree is first imported"
        )

    if not hasattr(ET.Element, "getchildren"):
        ET.Element.getchildren = _element_children
    if not hasattr(ET.Element, "getiterator"):
        ET.Element.getiterator = ET.Element.iter
        ET.ElementTree.getiterator = ET.ElementTree.iter


def _patch_safe_eval():
    import importlib
    from opcode import opmap

    safe_eval = importlib.import_module("odoo.tools.safe_eval")

    safe_eval._CONST_OPCODES.update(
        opmap[name] for name in ("RESUME", "CACHE", "NOP", "BUILD_STRING") if name in opmap
    )
    safe_eval._EXPR_OPCODES.update(opmap[name] for name in _EXPR_OPCODES_311 if name in opmap)
    safe_eval._SAFE_OPCODES.update(opmap[name] for name in _SAFE_OPCODES_311 if name in opmap)


class _YamlForOdoo:
    """``yaml`` as Odoo 11's YAML data loader expects it (PyYAML < 5).

    PyYAML 6 made ``load()``'s Loader argument mandatory.  Odoo 11 loads only its
    own addons' ``.yml`` data files with it and registers its ``!record``-style
    tags on ``yaml.Loader``, so that loader is the default here, for Odoo's
    module only; ``yaml.load`` stays strict for everyone else.
    """

    def __init__(self, yaml_module):
        self._yaml = yaml_module

    def __getattr__(self, name):
        return getattr(self._yaml, name)

    def load(self, stream, Loader=None):  # noqa: N803 - PyYAML's own spelling
        return self._yaml.load(stream, Loader=Loader or self._yaml.Loader)


def _patch_yaml_import():
    import importlib

    import yaml

    yaml_import = importlib.import_module("odoo.tools.yaml_import")
    if not isinstance(yaml_import.yaml, _YamlForOdoo):
        yaml_import.yaml = _YamlForOdoo(yaml)


def _fix_collections_abc():
    for name in _ABC_NAMES:
        if not hasattr(collections, name) and hasattr(collections.abc, name):
            setattr(collections, name, getattr(collections.abc, name))


def _fix_inspect():
    if not hasattr(inspect, "getargspec"):
        inspect.getargspec = _getargspec
    if not hasattr(inspect, "formatargspec"):
        inspect.formatargspec = _formatargspec


def _fix_base64():
    if not hasattr(base64, "encodestring"):
        base64.encodestring = base64.encodebytes
        base64.decodestring = base64.decodebytes


def _fix_time_clock():
    if not hasattr(time, "clock"):
        time.clock = time.perf_counter


def _fix_thread_isalive():
    if not hasattr(threading.Thread, "isAlive"):
        threading.Thread.isAlive = threading.Thread.is_alive


def _fix_cgi_escape():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import cgi
    if not hasattr(cgi, "escape"):
        cgi.escape = _cgi_escape


def _fix_qweb_ast():
    if not getattr(ast.fix_missing_locations, "_odoo_compat", False):
        ast.fix_missing_locations = _wrap_fix_missing_locations(ast.fix_missing_locations)


def _fix_qweb_escape():
    """QWeb escapes printed values without werkzeug's deprecated ``quote`` argument.

    Odoo 11's QWeb compares werkzeug's version as text: "0.16.1" sorts before
    "0.9.0", so every ``t-esc`` of every template passed ``quote=True``, which
    werkzeug 0.16 ignores but warns about, once per value (a tenth of the
    rendering time of a batch of letters). Without it the escaping is the same.
    The asset bundles imported QWeb's ``escape`` for the tags of every page
    (``<link>``, ``<script>``): they get the same one.
    """
    import importlib

    import werkzeug.utils

    for module in ("qweb", "assetsbundle"):
        importlib.import_module(
            "odoo.addons.base.ir.ir_qweb." + module
        ).escape = werkzeug.utils.escape


class _WholeRlimits:
    """``resource`` as Odoo's prefork server uses it, with whole-number limits.

    A worker limits its CPU time to what it used so far plus
    ``limit_time_cpu``; the CPU time it used is a float, which Python 3.11's
    ``setrlimit`` refuses (TypeError): every worker of ``--workers=n`` died
    on its first loop. The limit is rounded down to a whole second.
    """

    def __getattr__(self, name):
        import resource

        return getattr(resource, name)

    @staticmethod
    def setrlimit(which, limits):
        import resource

        resource.setrlimit(which, tuple(int(limit) for limit in limits))


def _fix_prefork_rlimit():
    from odoo.service import server

    if not isinstance(server.resource, _WholeRlimits):
        server.resource = _WholeRlimits()


# Applied in this order.  The first group must run before ``import odoo``;
# the last four patch Odoo modules and import ``odoo`` themselves.
FIXES = (
    ("collections_abc", _fix_collections_abc),
    ("inspect_getargspec", _fix_inspect),
    ("base64_encodestring", _fix_base64),
    ("time_clock", _fix_time_clock),
    ("thread_isalive", _fix_thread_isalive),
    ("cgi_escape", _fix_cgi_escape),
    ("qweb_ast", _fix_qweb_ast),
    ("elementtree", _block_elementtree_accelerator),
    ("safe_eval_opcodes", _patch_safe_eval),
    ("yaml_loader", _patch_yaml_import),
    ("qweb_escape", _fix_qweb_escape),
    ("prefork_rlimit", _fix_prefork_rlimit),
)


def apply(skip=()):
    """Install every fix; safe to call more than once.

    ``skip`` names fixes to leave out; only the tests use it, to show that
    each fix is needed.
    """
    global _APPLIED
    if _APPLIED:
        return
    for name, fix in FIXES:
        if name not in skip:
            fix()
    _APPLIED = True
