"""Plan text on its way into Markdown and HTML: escaped, always, through these functions.

Unit and leader names, chapter titles, item text and file names come from files anyone can write;
in a notebook's Markdown they would otherwise become live HTML (a `<script>` in a unit name) or a
link. `md` fills a trusted template with escaped values; `escape_md` escapes one value;
`redline_html` builds the redline's markup from escaped runs.
"""

from __future__ import annotations

import html
import re
import string

from analysis.match.redline import parse_redline

# Characters Markdown gives a meaning to, escaped with a backslash (HTML's own are made entities first).
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
REDLINE_STYLE = {
    "removed": ("del", "color:#b00020;background:#fde2e2"),
    "added": ("ins", "color:#00695c;background:#e0f2f1;text-decoration:none"),
}


def escape_md(value: object) -> str:
    """A value as literal text inside Markdown: no HTML, no link, no emphasis."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


class _EscapingFormatter(string.Formatter):
    def format_field(self, value: object, format_spec: str) -> str:
        return escape_md(format(value, format_spec))


def md(template: str, /, **values: object) -> str:
    """A Markdown line from a trusted template (`str.format` syntax), every value escaped."""
    return _EscapingFormatter().format(template, **values)


def redline_html(markup: str) -> str:
    """A stored redline (`[-removed-]{+added+}`) as HTML with <del>/<ins> highlighting, for the notebook.

    Read from the stored markup, so the notebook shows exactly the table's redline and needs no segmentation.
    """
    parts = []
    for kind, text in parse_redline(markup):
        if kind == "same":
            parts.append(html.escape(text))
        else:
            tag, style = REDLINE_STYLE[kind]
            parts.append(f'<{tag} style="{style}">{html.escape(text)}</{tag}>')
    return "".join(parts)
