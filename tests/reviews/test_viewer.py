"""The submission viewer: predictions' first rows, highlighted code, notebooks; all escaped."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from reviews import viewer
from tests.labs.factories import uploaded

pytestmark = pytest.mark.django_db

HOSTILE_CODE = b'def train(X, y):\n    return "</pre><script>alert(1)</script>"\n'


def _page(client, user, submission):
    client.force_login(user)
    return client.get(reverse("reviews:submission", args=[submission.pk]))


def test_instructor_sees_the_first_rows_of_predictions_and_the_grade(
    client, instructor, graded_alice
):
    response = _page(client, instructor, graded_alice)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="predictions-preview"' in body
    assert '<th scope="col">id</th><th scope="col">prediction</th>' in body
    assert response.context["file"].rows and len(response.context["file"].rows) == 20
    assert 'data-testid="result"' in body  # the grade and its feedback


def test_rejected_predictions_show_their_problems(
    client, instructor, enrolled_alice, cohort, wine_lab
):
    bad = uploaded(
        lab=wine_lab,
        student=enrolled_alice,
        cohort=cohort,
        name="p.csv",
        content=b"id,guess\n1,<b>x</b>\n",
        grade=True,
    )
    body = _page(client, instructor, bad).content.decode()
    assert 'data-testid="file-problems"' in body
    assert "&lt;b&gt;x&lt;/b&gt;" in body and "<b>x</b>" not in body


def test_code_is_highlighted_and_escaped(client, instructor, enrolled_alice, cohort, code_lab):
    submission = uploaded(
        lab=code_lab, student=enrolled_alice, cohort=cohort, name="s.py", content=HOSTILE_CODE
    )
    body = _page(client, instructor, submission).content.decode()
    assert 'class="highlight"' in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;/pre&gt;&lt;script&gt;" in body
    assert "css/pygments.css" in body  # a static stylesheet, no inline style block


def test_a_notebook_shows_its_cells_and_text_outputs(client, enrolled_alice, cohort, code_lab):
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["# My <i>model</i>\n"]},
            {
                "cell_type": "code",
                "execution_count": 3,
                "source": ["def train(X, y):\n", "    print('hi')\n"],
                "outputs": [
                    {"output_type": "stream", "text": ["<img src=x onerror=alert(1)>\n"]},
                    {"output_type": "error", "traceback": ["\x1b[31mValueError\x1b[0m: bad"]},
                    {"output_type": "display_data", "data": {"image/png": "AAAA"}},
                ],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    submission = uploaded(
        lab=code_lab,
        student=enrolled_alice,
        cohort=cohort,
        name="s.ipynb",
        content=json.dumps(notebook).encode(),
    )
    response = _page(client, enrolled_alice, submission)  # the student sees her own alike
    body = response.content.decode()
    assert body.count('data-testid="notebook-cell"') == 2
    assert "# My &lt;i&gt;model&lt;/i&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "<img src=x" not in body
    assert "ValueError: bad" in body  # colour codes stripped
    assert "output that is not text is not shown" in body


def test_a_deeply_nested_notebook_is_not_parsed(
    client, instructor, enrolled_alice, cohort, code_lab
):
    deep = '{"cells": [' + "[" * 200 + "]" * 200 + "]}"
    submission = uploaded(
        lab=code_lab, student=enrolled_alice, cohort=cohort, name="s.ipynb", content=deep.encode()
    )
    body = _page(client, instructor, submission).content.decode()
    assert "nested more than 64 levels" in body


def test_a_large_file_is_read_with_a_bound(enrolled_alice, cohort, code_lab):
    big = b"x = 1\n" * (viewer.MAX_SHOWN_BYTES // 6 + 1000)
    submission = uploaded(
        lab=code_lab, student=enrolled_alice, cohort=cohort, name="s.py", content=big
    )
    view = viewer.submission_file_view(submission)
    assert view.truncated
    assert "".join(view.lines).count("x") <= viewer.MAX_SHOWN_BYTES // 6 + 1


def test_another_student_and_another_instructor_get_404(
    client, bob, other_instructor, graded_alice
):
    for stranger in (bob, other_instructor):
        assert _page(client, stranger, graded_alice).status_code == 404


def test_the_gradebook_student_and_lab_pages_link_to_the_viewer(
    client, instructor, cohort, wine_lab, graded_alice
):
    client.force_login(instructor)
    url = reverse("reviews:submission", args=[graded_alice.pk])
    student_page = client.get(
        reverse("labs:gradebook_student", args=[cohort.pk, graded_alice.student_id])
    )
    assert url in student_page.content.decode()
    lab_page = client.get(reverse("labs:gradebook_lab", args=[cohort.pk, wine_lab.slug]))
    assert url in lab_page.content.decode()


def test_the_pygments_stylesheet_is_up_to_date():
    call_command("pygments_css", "--check")
