"""Text organizers write for visitors as a safe subset of HTML, cleaned by nh3 (the Rust sanitiser ammonia).

The one place where organizer-written markup becomes page markup: `safe_html` is called when a text is shown
(the news page, the Atom feed), never stored cleaned, so a rule tightened here applies to every article
written before, and text that reached the database some other way (a shell, a restore) is cleaned all the same.

Organizers may write plain paragraphs (separated by a blank line, a single line break kept as such) or
HTML with the allowed tags; the two may be mixed. Allowed: p, br, a with href (http, https, mailto and links
within the site), strong, em, ul, ol, li, h2, h3 and blockquote. Everything else goes: a script or style
element with its content, other tags leaving their text, every attribute but href (``on*`` handlers,
``style``), and links to ``javascript:`` or ``data:`` URLs lose their href.
"""

from __future__ import annotations

import re

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset({"p", "br", "a", "strong", "em", "ul", "ol", "li", "h2", "h3", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
# Links within the site ("/en/events/…") are relative and stay; any other scheme is dropped with the href.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with everything inside them, not only the tags: their content is code or styling, never text.
REMOVED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math"}
)
# A paragraph that already starts with one of these is left as it is; any other is wrapped in <p>.
BLOCK_START = re.compile(r"^\s*<(p|ul|ol|h2|h3|blockquote)\b", re.IGNORECASE)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# What is left of a paragraph that held only removed elements (an image, a script).
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>\n?")


def _paragraphs(text: str) -> str:
    """Plain paragraphs as <p> elements; blocks already written as HTML are left alone."""
    blocks = []
    for block in PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").replace("\r", "\n").strip()):
        if not block.strip():
            continue
        if BLOCK_START.match(block):
            blocks.append(block)
        else:
            blocks.append("<p>" + block.strip().replace("\n", "<br>\n") + "</p>")
    return "\n".join(blocks)


def clean_html(text: str) -> str:
    """The text with only the allowed tags and attributes, as an HTML fragment (a string, not yet safe)."""
    cleaned = nh3.clean(
        _paragraphs(text or ""),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        # No rel added: an <a> whose href was dropped must carry no rel either (HTML forbids it), and links
        # open in the same tab (no target), where the browser shares nothing with the page anyway.
        link_rel=None,
        strip_comments=True,
    )
    return EMPTY_PARAGRAPH.sub("", cleaned).strip()


def safe_html(text: str) -> SafeString:
    """`clean_html`, marked safe for templates: ``{{ article.body_html }}``."""
    return mark_safe(clean_html(text))  # noqa: S308 - cleaned by nh3 to the allowed subset just above
