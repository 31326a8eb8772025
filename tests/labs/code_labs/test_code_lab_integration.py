"""A real worker process runs code submissions in the sandbox and outlives hostile ones."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labs.models import Submission
from tests.labs.factories import lab_on_builtin
from tests.labs.sandbox_support import GOOD_SOLUTION
from tests.support import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def upload(client, lab, name, content) -> Submission:
    response = client.post(
        reverse("labs:submit", args=[lab.slug]), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302
    return Submission.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def wait_until_done(submission, worker_process):
    def done():
        submission.refresh_from_db()
        return submission.status not in Submission.PENDING

    try:
        wait_for(done, timeout=90, what="the worker to grade the code submission")
    except AssertionError:
        print(worker_process.output()[-4000:])
        raise
    return submission


def test_worker_process_grades_a_code_submission(
    client, worker_process, enrolled_alice, code_lab_in_sandbox
):
    client.force_login(enrolled_alice)
    submission = wait_until_done(
        upload(client, code_lab_in_sandbox, "mine.py", GOOD_SOLUTION), worker_process
    )
    assert submission.status == Submission.Status.GRADED, submission.problems
    assert submission.passed is True
    assert submission.feedback["sandbox"]["status"] == "ok"
    assert submission.attempts == 1


def test_worker_survives_code_that_kills_its_parents(
    client, worker_process, enrolled_alice, code_lab_in_sandbox
):
    client.force_login(enrolled_alice)
    hostile = (
        b"import os, signal\n"
        b"for target in (os.getppid(), -1):\n"
        b"    try:\n"
        b"        os.kill(target, signal.SIGKILL)\n"
        b"    except OSError:\n"
        b"        pass\n"
        b"os.killpg(0, signal.SIGKILL)\n"
    )
    first = wait_until_done(
        upload(client, code_lab_in_sandbox, "hostile.py", hostile), worker_process
    )
    assert first.status == Submission.Status.REJECTED
    assert "signal 9" in first.problems[0]

    second = wait_until_done(
        upload(client, code_lab_in_sandbox, "mine.py", GOOD_SOLUTION), worker_process
    )
    assert second.status == Submission.Status.GRADED
    assert worker_process.process.poll() is None  # the worker itself is still running


def test_worker_stays_quick_after_code_that_leaves_a_fifo_and_links(
    client, worker_process, enrolled_alice, code_lab_in_sandbox
):
    """What once blocked a grading process for minutes (a FIFO where the result was read)
    or read host files (links) is now a prompt rejection, and the next upload grades."""
    client.force_login(enrolled_alice)
    hostile = (
        b"import os\n"
        b"OUT = os.path.join(os.environ['LODESTAR_JOB_DIR'], 'out')\n"
        b"os.mkfifo(OUT + '/result.json')\n"
        b"os.symlink('/etc/passwd', OUT + '/predictions.csv')\n"
        b"os._exit(0)\n"
    )
    first = wait_until_done(
        upload(client, code_lab_in_sandbox, "hostile.py", hostile), worker_process
    )
    assert first.status == Submission.Status.REJECTED
    assert "before it wrote its predictions" in first.problems[0]
    assert first.attempts == 1
    assert (first.finished_at - first.created_at).total_seconds() < 30

    second = wait_until_done(
        upload(client, code_lab_in_sandbox, "mine.py", GOOD_SOLUTION), worker_process
    )
    assert second.status == Submission.Status.GRADED
    assert worker_process.process.poll() is None


@pytest.mark.parametrize(
    ("name", "expected", "shown"),
    [
        ("PRINTS_NUL", Submission.Status.GRADED, "a\\x00b"),
        ("RAISES_NUL", Submission.Status.REJECTED, "bad\\x00value"),
        ("RAISES_SURROGATE", Submission.Status.REJECTED, "half a pair: \\ud800 here"),
    ],
)
def test_nul_bytes_and_lone_surrogates_are_stored_on_the_first_run(
    client, worker_process, enrolled_alice, code_lab_in_sandbox, name, expected, shown
):
    """PostgreSQL refuses NUL and lone surrogates in jsonb: they are stored as escapes,
    so the run ends graded or rejected, once, never as a platform error after retries."""
    from tests.labs.sandbox import test_hostile_results as hostile

    client.force_login(enrolled_alice)
    submission = wait_until_done(
        upload(client, code_lab_in_sandbox, "mine.py", getattr(hostile, name)), worker_process
    )
    assert submission.status == expected, submission.problems
    assert submission.attempts == 1
    sandbox = submission.feedback["sandbox"]
    assert shown in sandbox["output"] + sandbox["message"] + sandbox["traceback"]


def test_a_csv_with_nul_bytes_is_rejected_once(client, worker_process, enrolled_alice, db, cohort):
    lab = lab_on_builtin(dataset_slug="wine", slug="wine-nul", week=1)
    client.force_login(enrolled_alice)
    content = b"id,prediction\nwn-\x00001,cultivar_a\n\xed\xa0\x80,cultivar_b\n"
    submission = wait_until_done(upload(client, lab, "nul.csv", content), worker_process)
    assert submission.status == Submission.Status.REJECTED
    assert submission.attempts == 1
    assert submission.problems
