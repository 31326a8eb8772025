"""Hostile values at the edges: each answers a clear 4xx or a form error, never a 500.

Regressions for the cases found by hand (a NUL byte and an out-of-range id in the sign-up
address, a notebook nested thousands deep, invisible or control-character names), and the
guards in config/guards.py that fix them for every URL and form.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.guards import (
    JsonTooDeep,
    check_json_depth,
    no_control_characters,
    parse_id,
    validate_person_name,
)
from enrolment.models import Enrolment
from enrolment.services import programs as enrolment_programs
from labs.models import Lab, Submission
from tests.enrolment.factories import CohortFactory
from tests.labs.factories import lab_on_builtin

pytestmark = pytest.mark.django_db


def signup_data(target, **overrides):
    data = {
        "name": "Dana Scully",
        "email": "dana@example.com",
        "password1": "truth-is-out-there-42",
        "password2": "truth-is-out-there-42",
        "program": target.program.pk,
        "cohort": target.pk,
        "background": Enrolment.Background.SOFTWARE_ENGINEER,
        "python_experience": Enrolment.Experience.SOME,
        "java_experience": Enrolment.Experience.CONFIDENT,
        "cpp_experience": Enrolment.Experience.NONE,
        "motivation": "I want to build recommendation systems.",
        "consent": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def open_cohort(db):
    intensive = next(
        p for p in enrolment_programs.programs_ensure_defaults() if p.slug == "intensive"
    )
    return CohortFactory(program=intensive, capacity=5)


def test_signup_address_with_nul_and_huge_cohort_id_is_not_a_500(client, open_cohort):
    response = client.get("/signup/?program=%00&cohort=99999999999999999999")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    response = client.get("/signup/?program=intensive&cohort=99999999999999999999")
    assert response.status_code == 200


@pytest.mark.parametrize("cohort", ["99999999999999999999", "-1", "0", "1e3", "\u0661"])
def test_out_of_range_or_malformed_cohort_in_the_form_is_a_form_error(client, open_cohort, cohort):
    response = client.post(reverse("signup"), signup_data(open_cohort, cohort=cohort))
    assert response.status_code == 200
    assert "That cohort is not open for sign-up" in response.content.decode()
    assert not get_user_model().objects.filter(email="dana@example.com").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/labs/submissions/99999999999999999999/",
        "/labs/submissions/9223372036854775808/",
        "/labs/gradebook/18446744073709551616/",
        "/account/enrolments/99999999999999999999/withdraw/",
    ],
)
def test_ids_beyond_any_table_are_404(client, student, url):
    client.force_login(student)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name, message",
    [
        ("\u200b\u200b\u200b", "no visible characters"),
        ("\u200b \ufeff", "no visible characters"),
        ("Dana\x07 Scully", "control character (code U+0007)"),
        ("Dana\x1b[31m Scully", "control character (code U+001B)"),
        ("Dana \u202eyllucS", "direction marks"),
    ],
)
def test_invisible_or_control_character_names_are_refused(client, open_cohort, name, message):
    response = client.post(reverse("signup"), signup_data(open_cohort, name=name))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(email="dana@example.com").exists()


def test_control_characters_are_refused_in_every_text_field_of_the_form(client, open_cohort):
    response = client.post(
        reverse("signup"), signup_data(open_cohort, motivation="I like\x00 data\x1b")
    )
    assert response.status_code == 200
    assert not Enrolment.objects.exists()


def test_names_in_other_scripts_and_with_joiners_pass():
    for name in ("Zoë Brontë", "李小龙", "محمد\u200cرضا", "O'Brien-Smith"):
        validate_person_name(name)


def deeply_nested_notebooks():
    yield "[" * 5000 + "]" * 5000
    # Cells nested inside cells' sources, 3,000 deep, written as text (json.dumps would
    # itself run out of stack building it).
    depth = 3000
    opening = '{"cell_type": "code", "source": ['
    inner = '{"cell_type": "code", "source": ["x = 1\\n"]}'
    yield '{"nbformat": 4, "cells": [' + opening * depth + inner + "]}" * depth + "]}"


@pytest.mark.parametrize("body", list(deeply_nested_notebooks()), ids=["arrays", "cells"])
def test_deeply_nested_notebook_is_a_clear_refusal(client, student, body):
    lab = lab_on_builtin(
        dataset_slug="wine", slug="wine-code", week=1, submission_kind=Lab.SubmissionKind.CODE
    )
    client.force_login(student)
    upload = SimpleUploadedFile("mine.ipynb", body.encode())
    response = client.post(reverse("labs:submit", args=[lab.slug]), {"file": upload})
    assert response.status_code == 400
    assert "not a notebook we can read" in response.content.decode()
    assert "nested more than 64 levels" in response.content.decode()
    assert not Submission.objects.exists()


def test_json_depth_ignores_brackets_inside_strings():
    check_json_depth(json.dumps({"a": "[[[[[[[[[[" * 100}), max_depth=3)
    with pytest.raises(JsonTooDeep):
        check_json_depth("[" * 10 + "]" * 10, max_depth=9)


def test_parse_id_accepts_only_positive_ids_in_range():
    assert parse_id("42") == 42
    assert parse_id(str(2**63 - 1)) == 2**63 - 1
    for bad in ("", None, "0", "-3", str(2**63), "4 2", "\u0664\u0662", "0x10", "1.0"):
        assert parse_id(bad) is None


def test_control_character_validator_lets_tabs_and_new_lines_through():
    no_control_characters("line one\n\tline two\r\n")
    with pytest.raises(ValidationError):
        no_control_characters("bell\x07")
    with pytest.raises(ValidationError):
        no_control_characters("c1 control\x85")
