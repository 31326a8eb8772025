"""A lesson's Markdown never brings a script, an event handler or a javascript: URL to a page."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from syllabus.rendering import lesson_html
from tests.syllabus.factories import LessonFactory

HOSTILE = {
    "script tag": "Hello <script>alert('x')</script> world",
    "script block": "<script>\nfetch('/account/')\n</script>",
    "img onerror": '<img src="x" onerror="alert(1)">',
    "onclick in a tag": '<a href="https://example.org" onclick="steal()">click</a>',
    "svg onload": "<svg onload=alert(1)></svg>",
    "javascript link": "[click me](javascript:alert(1))",
    "javascript link, mixed case": "[click](JaVaScRiPt:alert(1))",
    "javascript link, entity": "[click](javascript&#58;alert(1))",
    "javascript image": "![pic](javascript:alert(1))",
    "javascript reference link": "[click][x]\n\n[x]: javascript:alert(1)",
    "javascript autolink": "<javascript:alert(1)>",
    "data url": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "raw anchor": '<a href="javascript:alert(1)">x</a>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "style attribute": '<p style="background:url(javascript:alert(1))">x</p>',
}


class _Elements(HTMLParser):
    """Every element and attribute of a page, as a browser's parser would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def assert_harmless(html: str):
    found = elements(html)
    assert not {"script", "iframe", "svg", "style"} & set(found.tags)
    for tag, name, value in found.attributes:
        assert not name.startswith("on"), (tag, name)
        assert name != "style", (tag, name)
        if name in ("href", "src"):
            scheme = value.strip().lower().split(":", 1)[0] if ":" in value else ""
            assert scheme in ("", "http", "https", "mailto"), (tag, name, value)


@pytest.mark.parametrize("markdown", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_renders_harmless(markdown):
    assert_harmless(lesson_html(markdown))


def test_ordinary_markdown_keeps_its_formatting_and_safe_links():
    html = lesson_html(
        "# Overview\n\nRead **this** and `code`.\n\n- [docs](https://scikit-learn.org)\n"
        "- [mail](mailto:staff@example.org)\n\n```python\nprint(1)\n```"
    )
    assert "<h2>Overview</h2>" in html
    assert "<strong>this</strong>" in html and "<code>code</code>" in html
    assert 'href="https://scikit-learn.org"' in html and 'href="mailto:staff@example.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<pre><code" in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["script tag", "img onerror", "javascript link", "raw anchor"])
def test_the_lesson_page_carries_none_of_it(client, enrolled_alice, alice, name):
    lesson = LessonFactory(body=f"Safe words.\n\n{HOSTILE[name]}")
    client.force_login(alice)
    response = client.get(reverse("syllabus:lesson", args=[lesson.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    start = body.index('data-testid="lesson-body">')
    lesson_part = body[start : body.index("</div>", start)]
    assert "Safe words." in lesson_part
    assert_harmless(lesson_part)
    assert "<script>alert" not in body
    for _tag, name, value in elements(body).attributes:
        assert "alert" not in value, (name, value)


@pytest.mark.django_db
def test_the_admin_preview_is_sanitised_too(client, staff_user):
    lesson = LessonFactory(body='Preview <img src=x onerror="alert(1)"> [x](javascript:alert(1))')
    client.force_login(staff_user)
    response = client.get(reverse("admin:syllabus_lesson_change", args=[lesson.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    start = body.index('class="lesson-preview"')
    assert_harmless(body[start : body.index("</div>", start)])
