"""Line and cell comments: on a lab without a rubric they reach the student through a
release of the comments alone; on a notebook they sit on a cell (numbered from 1 on the
page, from 0 in the row) and show beside it once released."""

import json

import pytest
from django.urls import reverse

from rubrics.models import GradeRelease, LineComment
from tests.labs.factories import uploaded

pytestmark = pytest.mark.django_db

CODE = b"def train(X, y):\n    return None\n\n\ndef predict(model, X):\n    return [0] * len(X)\n"
NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "source": ["# My model\n"]},
        {"cell_type": "code", "execution_count": 1, "source": ["import numpy\n"], "outputs": []},
        {"cell_type": "code", "execution_count": 2, "source": ["def train(X, y):\n"]},
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def _page(client, user, submission):
    client.force_login(user)
    return client.get(reverse("reviews:submission", args=[submission.pk])).content.decode()


def _comment(client, user, submission, **fields):
    client.force_login(user)
    data = {f"line-{name}": value for name, value in fields.items()}
    return client.post(reverse("reviews:line_comment_create", args=[submission.pk]), data)


def _release(client, user, lab, cohort):
    client.force_login(user)
    return client.post(reverse("rubrics:release", args=[lab.slug, cohort.pk]))


@pytest.fixture
def alice_code(enrolled_alice, cohort, code_lab):
    return uploaded(lab=code_lab, student=enrolled_alice, cohort=cohort, name="s.py", content=CODE)


@pytest.fixture
def alice_notebook(enrolled_alice, cohort, code_lab):
    content = json.dumps(NOTEBOOK).encode()
    return uploaded(
        lab=code_lab, student=enrolled_alice, cohort=cohort, name="s.ipynb", content=content
    )


def test_a_lab_without_a_rubric_releases_its_line_comments(
    client, instructor, enrolled_alice, cohort, alice_code
):
    lab = alice_code.lab
    form_page = _page(client, instructor, alice_code)
    assert "to the student once you release the lab's line comments" in form_page
    assert reverse("rubrics:queue", args=[lab.slug, cohort.pk]) in form_page
    response = _comment(client, instructor, alice_code, line=2, body="Fit something.")
    assert response.status_code == 302
    assert "Fit something." not in _page(client, enrolled_alice, alice_code)

    client.force_login(instructor)
    queue = client.get(reverse("rubrics:queue", args=[lab.slug, cohort.pk])).content.decode()
    assert 'data-testid="no-rubric"' in queue and "Release the line comments to" in queue
    response = _release(client, instructor, lab, cohort)
    assert response.status_code == 302
    assert GradeRelease.objects.filter(lab=lab, cohort=cohort).exists()
    assert "line comments of" in client.get(response.url).content.decode()

    page = _page(client, enrolled_alice, alice_code)
    assert 'data-testid="line-comment" data-line="2"' in page and "Fit something." in page
    assert 'id="rubric"' not in page  # no rubric, nothing of one shows
    # From then on the form says the student reads the comment at once.
    assert "to the student too" in _page(client, instructor, alice_code)


def test_a_cell_comment_shows_beside_its_cell_after_release(
    client, instructor, enrolled_alice, cohort, alice_notebook
):
    response = _comment(client, instructor, alice_notebook, cell=2, body="Import what you use.")
    assert response.status_code == 302
    comment = LineComment.objects.get()
    assert (comment.cell, comment.line) == (1, None)  # cell 2 on the page is index 1
    assert "Import what you use." not in _page(client, enrolled_alice, alice_notebook)

    _release(client, instructor, alice_notebook.lab, cohort)
    page = _page(client, enrolled_alice, alice_notebook)
    note = page.index('data-testid="line-comment" data-cell="2"')
    assert page.index('id="cell-2"') < note < page.index('id="cell-3"')
    assert "Import what you use." in page[note:]


@pytest.mark.parametrize("cell", [4, 0])
def test_a_cell_out_of_range_is_refused(client, instructor, alice_notebook, cell):
    response = _comment(client, instructor, alice_notebook, cell=cell, body="Where?")
    assert response.status_code == 400
    body = response.content.decode()
    if cell == 4:
        assert "The notebook has cells 1 to 3; there is no cell 4." in body
    else:
        assert "greater than or equal to 1" in body
    assert not LineComment.objects.exists()


def test_a_cell_and_a_line_at_once_are_refused(client, instructor, alice_notebook):
    response = _comment(client, instructor, alice_notebook, cell=1, line=1, body="Both?")
    assert response.status_code == 400
    assert "Choose a line of the code or a cell of the notebook." in response.content.decode()
    assert not LineComment.objects.exists()
