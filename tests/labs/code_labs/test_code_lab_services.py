"""Code labs through the services: upload code, run it sandboxed, grade what it predicted."""

import pytest

import config.publish
from labs import sandbox
from labs.models import Lab, Submission
from labs.selectors import submissions_charged_today
from labs.services import curriculum, intake, worker
from tests.labs.sandbox_support import GOOD_SOLUTION, WEAK_SOLUTION, notebook

pytestmark = pytest.mark.django_db


def submit_and_grade(lab, student, cohort, name, content) -> Submission:
    submission = intake.submission_create(
        lab=lab,
        student=student,
        cohort=cohort,
        upload=intake.UploadedPredictions(name=name, content=content),
    )
    return worker.submission_grade(submission_id=submission.pk)


@pytest.mark.usefixtures("sandbox_ready")
class TestGradingCode:
    def test_correct_python_solution_passes(self, code_lab, enrolled_alice, cohort):
        graded = submit_and_grade(code_lab, enrolled_alice, cohort, "mine.py", GOOD_SOLUTION)
        assert graded.status == Submission.Status.GRADED
        assert graded.passed is True
        assert graded.public_score >= graded.reference_public_score * code_lab.pass_ratio
        assert graded.feedback["sandbox"]["status"] == "ok"
        assert "training a scaled logistic regression" in graded.feedback["sandbox"]["output"]
        assert graded.feedback["confusion_matrix"]["labels"]

    def test_weak_solution_is_graded_but_does_not_pass(self, code_lab, enrolled_alice, cohort):
        graded = submit_and_grade(code_lab, enrolled_alice, cohort, "weak.py", WEAK_SOLUTION)
        assert graded.status == Submission.Status.GRADED
        assert graded.passed is False
        assert graded.public_score < graded.reference_public_score

    def test_notebook_solution_passes(self, code_lab, enrolled_alice, cohort):
        source = GOOD_SOLUTION.decode()
        imports, _, functions = source.partition("\n\n\n")
        graded = submit_and_grade(
            code_lab, enrolled_alice, cohort, "mine.ipynb", notebook(imports, functions)
        )
        assert graded.status == Submission.Status.GRADED, graded.problems
        assert graded.passed is True
        assert graded.file.name.endswith(".ipynb")

    def test_printed_score_is_not_trusted(self, code_lab, enrolled_alice, cohort):
        cheat = WEAK_SOLUTION + b'\nprint("public_score: 1.0")\n'
        graded = submit_and_grade(code_lab, enrolled_alice, cohort, "cheat.py", cheat)
        assert graded.passed is False
        assert graded.public_score < 0.9

    def test_exception_is_rejected_with_the_traceback_and_not_charged(
        self, code_lab, enrolled_alice, cohort
    ):
        code = b"def train(X, y):\n    return 1 / 0\n\ndef predict(model, X):\n    return []\n"
        graded = submit_and_grade(code_lab, enrolled_alice, cohort, "broken.py", code)
        assert graded.status == Submission.Status.REJECTED
        assert graded.problems == ["Your code raised ZeroDivisionError while running train(X, y)."]
        assert 'File "solution.py", line 2, in train' in graded.feedback["sandbox"]["traceback"]
        assert submissions_charged_today(lab=code_lab, student=enrolled_alice) == 0

    def test_predictions_that_do_not_fit_the_lab_are_rejected(
        self, code_lab, enrolled_alice, cohort
    ):
        code = (
            b"def train(X, y):\n    return 1\n\n"
            b"def predict(model, X):\n    return ['merlot'] * len(X)\n"
        )
        graded = submit_and_grade(code_lab, enrolled_alice, cohort, "labels.py", code)
        assert graded.status == Submission.Status.REJECTED
        assert graded.problems[0].startswith("The predictions your predict(model, X) returned")
        assert any("merlot" in problem for problem in graded.problems[1:])

    def test_timeout_is_rejected_with_a_clear_message(
        self, code_lab, enrolled_alice, cohort, settings
    ):
        settings.LABS_SANDBOX_TIMEOUT_S = 3
        code = b"import time\ntime.sleep(60)\n"
        graded = submit_and_grade(code_lab, enrolled_alice, cohort, "slow.py", code)
        assert graded.status == Submission.Status.REJECTED
        assert "more than 3 seconds" in graded.problems[0]


def test_sandbox_unavailable_is_a_platform_error_not_charged(
    code_lab, enrolled_alice, cohort, monkeypatch
):
    monkeypatch.setenv("LODESTAR_BWRAP", "/nonexistent/bwrap")
    graded = submit_and_grade(code_lab, enrolled_alice, cohort, "mine.py", GOOD_SOLUTION)
    assert graded.status == Submission.Status.ERROR
    assert "does not count against your daily limit" in graded.problems[0]
    assert graded.feedback["sandbox"]["status"] == sandbox.PLATFORM_ERROR
    assert "not installed" in graded.feedback["sandbox"]["operator_message"]
    assert submissions_charged_today(lab=code_lab, student=enrolled_alice) == 0


def test_code_lab_refuses_a_predictions_csv(code_lab, enrolled_alice, cohort):
    with pytest.raises(intake.SubmissionRefused, match="upload a .py file"):
        intake.submission_create(
            lab=code_lab,
            student=enrolled_alice,
            cohort=cohort,
            upload=intake.UploadedPredictions(name="predictions.csv", content=b"id,prediction\n"),
        )


def test_code_is_stored_with_its_own_suffix(code_lab, enrolled_alice, cohort):
    submission = intake.submission_create(
        lab=code_lab,
        student=enrolled_alice,
        cohort=cohort,
        upload=intake.UploadedPredictions(name="My Solution.PY", content=GOOD_SOLUTION),
    )
    assert submission.file.name.endswith(".py")
    assert submission.code_kind == "python"
    assert submission.original_name == "My Solution.PY"


def test_curriculum_installs_the_code_lab(db, monkeypatch):
    monkeypatch.setattr(config.publish, "publish", lambda task, *args: True)
    curriculum.curriculum_install()
    lab = Lab.objects.get(slug="digits-in-code")
    assert lab.submission_kind == Lab.SubmissionKind.CODE
    assert lab.dataset.slug == "digits"
    assert Lab.objects.exclude(slug="digits-in-code").filter(submission_kind="code").count() == 0
