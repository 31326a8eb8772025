"""Every file of the hostile corpus (make_corpus.py) goes through the real upload view and
the grading service: each gets its specific message, none causes a 500, nothing leaks."""

import time
import tracemalloc
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from labs.models import Submission
from labs.services import answer_keys, worker
from tests.factories import UserFactory
from tests.hardening.make_corpus import CAP_BYTES, SCRIPT, Lab, build_cases
from tests.labs.factories import EnrolmentFactory, lab_on_builtin
from tests.support import wait_for

CASES = build_cases()
pytestmark = pytest.mark.django_db


def test_the_corpus_has_at_least_forty_cases_of_every_outcome():
    assert len(CASES) >= 40
    assert {case.outcome for case in CASES} == {"refused", "rejected", "graded"}


@pytest.fixture
def labs(db):
    labs = {
        "label": lab_on_builtin(dataset_slug="wine", slug="hostile-label", train_reference=False),
        "number": lab_on_builtin(
            dataset_slug="diabetes", slug="hostile-number", train_reference=False
        ),
    }
    for lab in labs.values():
        lab.daily_limit = 1000
        lab.save(update_fields=["daily_limit"])
    return labs


def corpus_lab(lab) -> Lab:
    """The corpus' view of a lab: its real test ids and labels."""
    key = answer_keys.answer_key_for(lab.dataset)
    classes = list(lab.dataset.classes or [])
    return Lab("label" if classes else "number", list(key.ids), classes)


@pytest.fixture
def mallory(db):
    user = UserFactory(username="mallory", first_name=SCRIPT)
    EnrolmentFactory(user=user)
    return user


class LazyBody:
    """A request body made on demand, so a test can send far more than it could hold."""

    def __init__(self, parts):
        self.parts = iter(parts)
        self.buffer = b""
        self.sent = 0

    def read(self, size=-1):
        while size < 0 or len(self.buffer) < size:
            try:
                self.buffer += next(self.parts)
            except StopIteration:
                break
        if size < 0:
            size = len(self.buffer)
        out, self.buffer = self.buffer[:size], self.buffer[size:]
        self.sent += len(out)
        return out

    def readline(self, size=-1):
        # Like a server's input stream: up to and including the next newline.
        while b"\n" not in self.buffer and (size < 0 or len(self.buffer) < size):
            try:
                self.buffer += next(self.parts)
            except StopIteration:
                break
        end = self.buffer.find(b"\n") + 1 or len(self.buffer)
        if size >= 0:
            end = min(end, size)
        return self.read(end)


def post_streamed(client, path, filename, make_chunks):
    """POST a multipart upload whose file part comes from `make_chunks()`, never held whole."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    length = len(head) + sum(len(chunk) for chunk in make_chunks()) + len(tail)

    def parts():
        yield head
        yield from make_chunks()
        yield tail

    body = LazyBody(parts())
    response = client.request(
        REQUEST_METHOD="POST",
        PATH_INFO=path,
        CONTENT_TYPE=f"multipart/form-data; boundary={boundary}",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": body},
    )
    return response, length, body


def upload(client, lab, case, corpus):
    path = reverse("labs:submit", args=[lab.slug])
    if case.chunks:
        response, _, _ = post_streamed(client, path, case.filename, lambda: case.chunks(corpus))
        return response
    file = SimpleUploadedFile(case.filename, case.content(corpus), content_type="text/csv")
    return client.post(path, {"file": file})


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_upload_gets_its_specific_message_and_never_a_500(client, mallory, labs, case):
    lab = labs[case.lab_kind]
    corpus = corpus_lab(lab)
    client.force_login(mallory)

    response = upload(client, lab, case, corpus)

    assert response.status_code < 500
    if case.outcome == "refused":
        assert response.status_code == 400
        assert escape(case.message) in response.content.decode()
        assert not Submission.objects.exists()
        assert SCRIPT not in response.content.decode()
        return
    assert response.status_code == 302, response.content.decode()[:2000]
    submission = Submission.objects.get()
    graded = worker.submission_grade(submission_id=submission.pk)
    assert graded is not None
    if case.outcome == "graded":
        assert graded.status == Submission.Status.GRADED, graded.problems
    else:
        assert graded.status == Submission.Status.REJECTED
        assert any(case.message in problem for problem in graded.problems), graded.problems
    for url in (
        reverse("labs:submission", args=[submission.pk]),
        reverse("labs:submission_status", args=[submission.pk]),
        reverse("labs:detail", args=[lab.slug]),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        body = page.content.decode()
        assert SCRIPT not in body
        assert "<img src=x" not in body
    if case.outcome == "rejected":
        page = client.get(reverse("labs:submission", args=[submission.pk])).content.decode()
        assert escape(case.message) in page


def _one_long_line(total):
    block = b"x" * (1024 * 1024)
    for _ in range(total // len(block)):
        yield block


@pytest.mark.parametrize("shape", ["short-lines", "one-long-line"])
def test_an_upload_far_over_the_cap_is_refused_without_holding_or_draining_the_body(
    client, mallory, labs, shape
):
    lab = labs["label"]
    corpus = corpus_lab(lab)
    body_bytes = 64 * CAP_BYTES  # 128 MiB
    case = next(c for c in CASES if c.name == "far-over-the-cap")
    chunks = (
        (lambda: case.chunks(corpus))
        if shape == "short-lines"
        else (lambda: _one_long_line(body_bytes))
    )
    client.force_login(mallory)

    tracemalloc.start()
    started = time.monotonic()
    try:
        response, length, body = post_streamed(
            client, reverse("labs:submit", args=[lab.slug]), "big.csv", chunks
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.monotonic() - started

    assert length >= body_bytes
    assert response.status_code == 400
    assert "so it was not stored" in response.content.decode()
    assert not Submission.objects.exists()
    # Held at most the cap plus working buffers: far below the 128 MiB that were sent...
    assert peak < 4 * CAP_BYTES, f"peak {peak / 2**20:.1f} MiB while refusing the upload"
    # ...and stopped reading soon after the cap instead of draining the rest line by line.
    assert body.sent < 2 * CAP_BYTES, f"read {body.sent / 2**20:.1f} MiB of the body"
    assert elapsed < 20


def test_a_huge_form_body_that_is_not_multipart_is_a_400_not_a_500(client, mallory, labs):
    client.force_login(mallory)
    chunk = b"a=" + b"x" * (1024 * 1024 - 2)
    response, _ = _post_raw(client, labs["label"], [chunk] * 8)
    assert response.status_code == 400
    assert not Submission.objects.exists()


def _post_raw(client, lab, chunks):
    body = LazyBody(chunks)
    length = sum(len(c) for c in chunks)
    response = client.request(
        REQUEST_METHOD="POST",
        PATH_INFO=reverse("labs:submit", args=[lab.slug]),
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": body},
    )
    return response, length


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_grades_the_whole_corpus_and_survives(
    client, mallory, labs, settings, start_worker, require_postgres, require_redis, purged_queue
):
    settings.LABS_UPLOADS_PER_MINUTE = 1000
    worker = start_worker("corpus")
    client.force_login(mallory)
    expected = {}
    for case in CASES:
        if case.outcome == "refused":
            continue
        lab = labs[case.lab_kind]
        response = upload(client, lab, case, corpus_lab(lab))
        assert response.status_code == 302, case.name
        expected[Submission.objects.latest("pk").pk] = case

    def all_done():
        return not Submission.objects.filter(status__in=Submission.PENDING).exists()

    try:
        wait_for(all_done, timeout=180, interval=0.5, what="the worker to grade the corpus")
    except AssertionError:
        print(worker.output()[-4000:])
        raise
    for submission in Submission.objects.all():
        case = expected[submission.pk]
        want = Submission.Status.GRADED if case.outcome == "graded" else Submission.Status.REJECTED
        assert submission.status == want, (case.name, submission.problems)
        assert submission.attempts == 1, case.name
    assert worker.process.poll() is None, "the worker died"
    assert "Traceback" not in worker.output()
