"""WCAG 2.2 AA checks in the browser: axe-core injected into the page, and reflow."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
#: Installed by scripts/setup.sh (pinned there).
AXE = os.path.join(ROOT, ".tools", "node_modules", "axe-core", "axe.min.js")
#: The rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")


def axe_violations(page, context="document"):
    """The serious and critical WCAG violations axe finds in ``context`` (a CSS selector)."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=AXE)
    result = page.evaluate(
        """([context, tags]) => axe.run(
            context === 'document' ? document : {include: [[context]]},
            {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        [context, WCAG_TAGS],
    )
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def describe(violations):
    """A failing test's message: each rule, its help and the elements it names."""
    lines = []
    for violation in violations:
        lines.append("%s (%s): %s" % (violation["id"], violation["impact"], violation["help"]))
        for node in violation["nodes"][:5]:
            lines.append("    %s" % " ".join(node["target"]))
    return "\n".join(lines)


def assert_accessible(page, context="document"):
    violations = axe_violations(page, context)
    assert not violations, "WCAG 2.2 AA violations on %s:\n%s" % (page.url, describe(violations))


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the window (0 when it reflows)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
