"""A lesson's Markdown as safe HTML: markdown-it-py renders it, nh3 (Ammonia) sanitises it.

The renderer never passes an author's raw HTML through (html=False escapes it) and refuses
unsafe link targets; nh3 then keeps only the tags, attributes and URL schemes below, so a
script, an event-handler attribute or a javascript: URL cannot reach a page whatever the
renderer lets through. Every page that shows a lesson (and the admin's preview) calls
lesson_html, and nothing else turns a lesson into HTML.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def lesson_html(markdown_text: str) -> SafeString:
    """The lesson body as sanitised HTML, safe to put in a page as it is."""
    rendered = _markdown.render(markdown_text or "")
    # A lesson's own headings sit below the page's h1: "# Title" becomes an h2.
    rendered = rendered.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
