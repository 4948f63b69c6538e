"""A small, safe placeholder renderer for letter templates (no ORM, no eval).

A placeholder is ``${name}``: a lower-case identifier in braces. Rendering
substitutes each one from a dict of values; nothing is evaluated, so a
template edited by a manager can never run code. ``$$`` is a literal ``$``.

Errors name the placeholder so the preview can show it:

- an unknown name (``${pupil_nmae}``) raises :class:`PlaceholderError`
  with ``unknown`` = ["pupil_nmae"];
- a malformed one (``${pupil name}``, an unclosed ``${``, or markup inside
  the braces left by an HTML editor) raises it with ``malformed`` set.
"""

import html
import re

#: ``$$`` (escaped dollar), ``${name}`` (valid) or any other ``${...`` (malformed).
_TOKEN = re.compile(r"\$\$|\$\{([a-z][a-z0-9_]*)\}|\$\{[^}]{0,60}\}?")


class PlaceholderError(ValueError):
    """A template names placeholders that do not exist or are malformed."""

    def __init__(self, unknown=(), malformed=()):
        self.unknown = sorted(set(unknown))
        self.malformed = list(dict.fromkeys(malformed))
        parts = []
        if self.unknown:
            parts.append(
                "unknown placeholder%s: %s"
                % (
                    "s" if len(self.unknown) > 1 else "",
                    ", ".join("${%s}" % n for n in self.unknown),
                )
            )
        if self.malformed:
            parts.append(
                "malformed placeholder%s: %s"
                % ("s" if len(self.malformed) > 1 else "", ", ".join(self.malformed))
            )
        super(PlaceholderError, self).__init__("; ".join(parts))


def find_placeholders(text):
    """``(names, malformed)`` used in ``text``: valid names in order, malformed tokens."""
    names, malformed = [], []
    for match in _TOKEN.finditer(text or ""):
        token = match.group(0)
        if token == "$$":
            continue
        if match.group(1):
            names.append(match.group(1))
        else:
            malformed.append(token)
    return names, malformed


def check(text, known):
    """Raise :class:`PlaceholderError` unless every placeholder of ``text`` is in ``known``."""
    names, malformed = find_placeholders(text)
    unknown = [name for name in names if name not in known]
    if unknown or malformed:
        raise PlaceholderError(unknown, malformed)


def render(text, values, escape=False):
    """``text`` with every ``${name}`` replaced by ``values[name]``.

    ``escape=True`` HTML-escapes the values (for an HTML body); ``None`` and
    ``False`` render as an empty string. Raises :class:`PlaceholderError`
    naming every unknown or malformed placeholder; nothing is rendered then.
    """
    check(text, values)

    def substitute(match):
        if match.group(0) == "$$":
            return "$"
        value = values[match.group(1)]
        value = "" if value is None or value is False else str(value)
        return html.escape(value) if escape else value

    return _TOKEN.sub(substitute, text or "")
