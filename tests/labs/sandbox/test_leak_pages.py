"""Hostile code submissions, graded for real: no host secret in any stored field or page.

Each submission plants links to a host file (holding a marker) in the job's out folder, or
forges a result, then ends its run. After grading, every column of every submission row
and every page that shows them (the student's, the instructor's, the admin's) is searched
for the marker.
"""

import uuid

import pytest
from django.core import serializers
from django.urls import reverse

from labs.models import Lab, Submission
from labs.services import intake, worker
from tests.factories import UserFactory
from tests.labs.factories import lab_on_builtin
from tests.labs.sandbox_support import require_sandbox, solution
from tests.support import response_text

pytestmark = pytest.mark.django_db

PLANTS = (
    'os.symlink("{secret}", OUT + "/predictions.csv")\n'
    '    json.dump({{"status": "ok"}}, open(OUT + "/result.json", "w"))',
    'os.symlink("/proc/self/cwd/.env", OUT + "/predictions.csv")\n'
    '    os.symlink("/proc/self/cwd/.env", OUT + "/result.json")',
    'os.symlink("/dev/zero", OUT + "/result.json")',
    'os.mkfifo(OUT + "/result.json")',
    'os.mkdir(OUT + "/predictions.csv")',
    'os.link("{secret}", OUT + "/predictions.csv") if os.path.exists("{secret}") else None',
    "for number in range(12):\n"
    "        try:\n"
    '            open(OUT + f"/big{{number}}", "wb").write(b"x" * (8 << 20))\n'
    "        except OSError:\n"
    "            break",
    'forged = {{"status": "platform_error", "message": "forged"}}\n'
    '    json.dump(forged, open(OUT + "/result.json", "w"))',
)


@pytest.fixture
def host_secret(tmp_path, monkeypatch):
    marker = f"HOST-SECRET-{uuid.uuid4().hex}"
    secret = tmp_path / "secret.txt"
    secret.write_text(f"root:x:0:0:{marker}\n")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    (cwd / ".env").write_text(f"DJANGO_SECRET_KEY={marker}\n")
    monkeypatch.chdir(cwd)
    return marker, secret


def test_hostile_submissions_leak_nothing_anywhere(
    host_secret, enrolled_alice, cohort, staff_user, client
):
    require_sandbox()
    marker, secret = host_secret
    lab = lab_on_builtin(
        dataset_slug="wine", slug="wine-code", week=1, submission_kind=Lab.SubmissionKind.CODE
    )
    lab.daily_limit = 50
    lab.save(update_fields=["daily_limit"])
    instructor = UserFactory(username="ines")
    cohort.instructors.add(instructor)
    graded = []
    for plant in PLANTS:
        code = solution(
            "import json, os\n"
            'OUT = os.path.join(os.environ["LODESTAR_JOB_DIR"], "out")\n\n\n'
            "def train(X, y):\n    return None\n\n\n"
            f"def predict(model, X):\n    {plant.format(secret=secret)}\n    os._exit(0)\n"
        )
        submission = intake.submission_create(
            lab=lab,
            student=enrolled_alice,
            cohort=cohort,
            upload=intake.UploadedPredictions(name="attack.py", content=code),
        )
        graded.append(worker.submission_grade(submission_id=submission.pk))

    # The student's own failure, charged like any other; never the platform's.
    assert {s.status for s in graded} == {Submission.Status.REJECTED}
    assert all("before it wrote its predictions" in s.problems[0] for s in graded)

    stored = serializers.serialize("json", Submission.objects.all())
    assert marker not in stored and "root:x:0:0" not in stored and "forged" not in stored

    pages = []
    client.force_login(enrolled_alice)
    for submission in graded:
        pages.append(client.get(reverse("labs:submission", args=[submission.pk])))
        pages.append(client.get(reverse("labs:submission_status", args=[submission.pk])))
    pages.append(client.get(reverse("labs:detail", args=[lab.slug])))
    pages.append(client.get(reverse("labs:dashboard")))
    pages.append(client.get(reverse("labs:dashboard_lab", args=[lab.slug])))
    client.force_login(instructor)
    pages.append(client.get(reverse("labs:gradebook", args=[cohort.pk])))
    pages.append(client.get(reverse("labs:gradebook_lab", args=[cohort.pk, lab.slug])))
    pages.append(client.get(reverse("labs:gradebook_student", args=[cohort.pk, enrolled_alice.pk])))
    pages.append(client.get(reverse("labs:gradebook_export", args=[cohort.pk])))
    client.force_login(staff_user)
    pages.append(client.get(reverse("admin:labs_submission_changelist")))
    for submission in graded:
        pages.append(client.get(reverse("admin:labs_submission_change", args=[submission.pk])))

    assert [page.status_code for page in pages] == [200] * len(pages)
    for page in pages:
        text = response_text(page)
        assert marker not in text, page.request["PATH_INFO"]
        assert "root:x:0:0" not in text, page.request["PATH_INFO"]
    # The pages did show the runs (the search above looked at the right thing).
    assert any("before it wrote its predictions" in response_text(page) for page in pages)
