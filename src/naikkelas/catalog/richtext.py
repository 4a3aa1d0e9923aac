"""Product descriptions: sanitised rich text (plain Python with nh3, no Django)."""

from __future__ import annotations

import html
import re

import nh3

# What a description may keep: paragraphs, line breaks, emphasis, lists. No attributes,
# so no links, styles or event handlers; script and style elements vanish with their text.
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li"}
_TAG = re.compile(r"<[a-zA-Z/!]")


def clean(text: str) -> str:
    """Sanitised HTML. Plain text (what a phone's text box sends) becomes paragraphs."""
    text = (text or "").strip()
    if not text:
        return ""
    if not _TAG.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        return "".join(
            "<p>" + "<br>".join(html.escape(line.strip()) for line in p.splitlines()) + "</p>"
            for p in paragraphs
        )
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes={},
        clean_content_tags={"script", "style"},
        link_rel=None,
    ).strip()


def plain(markup: str) -> str:
    """The description as plain text (for search and meta tags)."""
    text = nh3.clean(re.sub(r"</p>|<br\s*/?>|</li>", " ", markup or ""), tags=set())
    return " ".join(html.unescape(text).split())
