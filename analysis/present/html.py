"""Document text as HTML: every piece of plan text is escaped on its way in."""

from __future__ import annotations

import html

from analysis.match.redline import parse_redline

REDLINE_STYLE = {
    "removed": ("del", "color:#b00020;background:#fde2e2"),
    "added": ("ins", "color:#00695c;background:#e0f2f1;text-decoration:none"),
}


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
