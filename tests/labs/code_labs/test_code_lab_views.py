"""Code lab pages: the contract, the starter files, the upload form and the run's output."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labs.models import Submission
from labs.services import intake, worker
from tests.labs.sandbox_support import GOOD_SOLUTION, require_sandbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_client(client, enrolled_alice):
    client.force_login(enrolled_alice)
    return client


def test_code_lab_page_shows_the_contract_and_starters(alice_client, code_lab):
    response = alice_client.get(reverse("labs:detail", args=[code_lab.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="code-contract"' in page
    assert "<code>train(X, y)</code>" in page
    assert "<code>predict(model, X)</code>" in page
    assert "cultivar_a, cultivar_b, cultivar_c" in page
    assert "scikit-learn" in page
    assert "30 seconds" in page
    assert reverse("labs:starter", args=[code_lab.slug, "py"]) in page
    assert reverse("labs:starter", args=[code_lab.slug, "ipynb"]) in page
    assert "Submit code" in page


def test_code_upload_over_the_cap_names_a_code_file_not_predictions(
    alice_client, code_lab, settings
):
    settings.LABS_MAX_UPLOAD_BYTES = 1000
    upload = SimpleUploadedFile("big.py", b"# padding\n" * 500)
    response = alice_client.post(reverse("labs:submit", args=[code_lab.slug]), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 400
    assert "larger than the 1000\xa0bytes limit, so it was not stored" in body
    assert "A .py file or notebook for this lab is far smaller." in body
    assert "Predictions for this lab" not in body
    assert not Submission.objects.exists()


def test_predictions_lab_page_has_no_contract(alice_client, wine_lab):
    page = alice_client.get(reverse("labs:detail", args=[wine_lab.slug])).content.decode()
    assert 'data-testid="code-contract"' not in page
    assert "Submit predictions" in page


def test_starter_python_file_downloads(alice_client, code_lab):
    response = alice_client.get(reverse("labs:starter", args=[code_lab.slug, "py"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="wine-in-code-starter.py"'
    source = response.content.decode()
    compile(source, "starter.py", "exec")  # valid Python
    assert "def train(X, y):" in source and "def predict(model, X):" in source


def test_starter_notebook_downloads_as_valid_notebook(alice_client, code_lab):
    response = alice_client.get(reverse("labs:starter", args=[code_lab.slug, "ipynb"]))
    notebook = json.loads(response.content)
    code = "".join(
        "".join(cell["source"]) + "\n" for cell in notebook["cells"] if cell["cell_type"] == "code"
    )
    assert notebook["nbformat"] == 4
    assert "def train(X, y):" in code


def test_starter_needs_a_code_lab(alice_client, wine_lab):
    response = alice_client.get(reverse("labs:starter", args=[wine_lab.slug, "py"]))
    assert response.status_code == 404


def test_starter_needs_a_login(client, code_lab):
    response = client.get(reverse("labs:starter", args=[code_lab.slug, "py"]))
    assert response.status_code == 302


def test_code_lab_upload_refuses_a_csv(alice_client, code_lab):
    upload = SimpleUploadedFile("predictions.csv", b"id,prediction\n1,a\n")
    response = alice_client.post(reverse("labs:submit", args=[code_lab.slug]), {"file": upload})
    assert response.status_code == 400
    assert "File extension" in response.content.decode()
    assert not Submission.objects.exists()


def test_code_lab_upload_refuses_a_fake_notebook(alice_client, code_lab):
    upload = SimpleUploadedFile("mine.ipynb", b"print('not json')")
    response = alice_client.post(reverse("labs:submit", args=[code_lab.slug]), {"file": upload})
    assert response.status_code == 400
    assert "not a notebook we can read" in response.content.decode()


def test_predictions_lab_upload_refuses_python(alice_client, wine_lab):
    upload = SimpleUploadedFile("mine.py", GOOD_SOLUTION)
    response = alice_client.post(reverse("labs:submit", args=[wine_lab.slug]), {"file": upload})
    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_code_lab_upload_accepts_python(alice_client, code_lab, enrolled_alice):
    upload = SimpleUploadedFile("mine.py", GOOD_SOLUTION)
    response = alice_client.post(reverse("labs:submit", args=[code_lab.slug]), {"file": upload})
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("labs:submission", args=[submission.pk])
    assert submission.student == enrolled_alice
    assert submission.code_kind == "python"


def test_submission_page_shows_the_output_escaped(alice_client, code_lab, enrolled_alice, cohort):
    require_sandbox()
    code = GOOD_SOLUTION + b'\nprint("<script>alert(1)</script>")\n'
    submission = intake.submission_create(
        lab=code_lab,
        student=enrolled_alice,
        cohort=cohort,
        upload=intake.UploadedPredictions(name="mine.py", content=code),
    )
    worker.submission_grade(submission_id=submission.pk)
    page = alice_client.get(reverse("labs:submission", args=[submission.pk])).content.decode()
    assert 'data-testid="sandbox-output"' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert "Passed" in page


def test_rejected_code_shows_the_traceback(alice_client, code_lab, enrolled_alice, cohort):
    require_sandbox()
    code = (
        b"def train(X, y):\n    raise ValueError('<b>bad</b>')\n\n"
        b"def predict(m, X):\n    return []\n"
    )
    submission = intake.submission_create(
        lab=code_lab,
        student=enrolled_alice,
        cohort=cohort,
        upload=intake.UploadedPredictions(name="mine.py", content=code),
    )
    worker.submission_grade(submission_id=submission.pk)
    page = alice_client.get(reverse("labs:submission", args=[submission.pk])).content.decode()
    assert 'data-testid="rejection"' in page
    assert 'data-testid="sandbox-traceback"' in page
    assert "ValueError: &lt;b&gt;bad&lt;/b&gt;" in page
