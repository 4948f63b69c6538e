"""Each Python 3.11 fix is needed by Odoo 11, and works.

Every probe runs in a fresh interpreter: once with all fixes (it must pass)
and once with only that fix left out (it must fail), so a fix that stops
being needed — or stops working — shows up here.
"""

import os
import subprocess
import sys
import textwrap

import pytest

from tests.harness.odoo_env import ROOT

PROBES = {
    "collections_abc": "import odoo.tools",
    "inspect_getargspec": "import odoo",
    "base64_encodestring": (
        "import odoo, base64, inspect\n"
        "from odoo.addons.base.ir import ir_actions_report as m\n"
        "assert 'base64.encodestring' in inspect.getsource(m)\n"
        "assert base64.decodestring(base64.encodestring(b'pdf')) == b'pdf'"
    ),
    "time_clock": "import time; time.clock()",
    "thread_isalive": (
        "import odoo, inspect, threading\n"
        "from odoo.service import server\n"
        "assert 'isAlive' in inspect.getsource(server)\n"
        "t = threading.Thread(target=lambda: None); t.start(); t.join(); assert not t.isAlive()"
    ),
    "cgi_escape": (
        "import warnings; warnings.simplefilter('ignore')\n"
        "import cgi; assert cgi.escape('<b>&') == '&lt;b&gt;&amp;'"
    ),
    "qweb_ast": (
        "import odoo\n"
        "from lxml import etree\n"
        "from odoo.addons.base.ir.ir_qweb.qweb import QWeb\n"
        'tpl = etree.fromstring(\'<t t-name="x"><p t-if="a" t-esc="a"/>'
        '<i t-foreach="[1, 2]" t-as="n" t-esc="n"/></t>\')\n'
        "html = QWeb().render(tpl, {'a': 'Hi'})\n"
        "assert html == b'<p>Hi</p><i>1</i><i>2</i>', html"
    ),
    "elementtree": (
        "import odoo, tempfile\n"
        "from odoo.addons.web.controllers.main import concat_xml\n"
        "f = tempfile.NamedTemporaryFile('w', suffix='.xml', delete=False)\n"
        'f.write(\'<templates><t t-name="a"/><t t-name="b"/></templates>\'); f.close()\n'
        "xml, _checksum = concat_xml([f.name])\n"
        "assert b't-name=\"b\"' in xml, xml"
    ),
    "safe_eval_opcodes": (
        "import odoo\n"
        "from odoo.tools.safe_eval import safe_eval\n"
        "assert safe_eval('[x * 2 for x in range(3) if x is not None]') == [0, 2, 4]\n"
        'assert safe_eval(\'"%s" % a.get("k", 1) in ("1",)\', {\'a\': {}}) is True'
    ),
    "yaml_loader": (
        "import odoo, importlib\n"
        "yaml_import = importlib.import_module('odoo.tools.yaml_import')\n"
        "assert yaml_import.yaml.load('- a: !!python/tuple [1, 2]') == [{'a': (1, 2)}]"
    ),
    "qweb_escape": (
        "import odoo, warnings\n"
        "from lxml import etree\n"
        "from odoo.addons.base.ir.ir_qweb.qweb import QWeb\n"
        'tpl = etree.fromstring(\'<t t-name="x"><p t-esc="a"/></t>\')\n'
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    html = QWeb().render(tpl, {'a': 'Tom & \"Jo\" <b>'})\n"
        "assert html == b'<p>Tom &amp; &quot;Jo&quot; &lt;b&gt;</p>', html\n"
        "assert not [w for w in caught if 'quote' in str(w.message)], caught\n"
        "from odoo.addons.base.ir.ir_qweb import assetsbundle\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    tag = assetsbundle.escape('a&b')\n"
        "assert tag == 'a&amp;b' and not caught, (tag, caught)"
    ),
    # A worker of the multi-process mode (make run WORKERS=n) sets its limits each loop.
    "prefork_rlimit": (
        "import odoo, os, resource\n"
        "from odoo.service import server\n"
        "worker = server.WorkerHTTP(server.PreforkServer(None))\n"
        "worker.pid, worker.ppid = os.getpid(), os.getppid()\n"
        "worker.process_limit()\n"
        "assert resource.getrlimit(resource.RLIMIT_CPU)[0] > 0"
    ),
}


def _run_probe(code, skip):
    script = (
        textwrap.dedent(
            """
        import sys
        sys.path.insert(0, %r)
        from school_runtime import compat
        compat.apply(skip=%r)
        """
        )
        % (ROOT, tuple(skip))
        + code
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONWARNINGS="ignore"),
        timeout=120,
    )


def test_every_fix_has_a_probe():
    from school_runtime import compat

    assert [name for name, _fix in compat.FIXES] == list(PROBES)


@pytest.mark.parametrize("name", list(PROBES))
def test_fix_is_needed_and_works(name):
    with_fix = _run_probe(PROBES[name], skip=())
    assert with_fix.returncode == 0, with_fix.stderr[-2000:]
    without_fix = _run_probe(PROBES[name], skip=(name,))
    assert without_fix.returncode != 0, "probe passed without the %s fix" % name


def test_apply_is_idempotent():
    result = _run_probe("compat.apply(); compat.apply(); import odoo", skip=())
    assert result.returncode == 0, result.stderr[-2000:]
