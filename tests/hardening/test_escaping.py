"""A user named <script>alert(1)</script> signs up and submits: every page that shows the
name or the file name, the admin included, prints it as text, never as markup."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from enrolment.models import Enrolment
from enrolment.services import programs as enrolment_programs
from labs.models import Submission
from labs.services import worker
from tests.enrolment.factories import CohortFactory as OpenCohortFactory
from tests.factories import UserFactory
from tests.hardening.make_corpus import SCRIPT
from tests.labs.factories import CohortFactory, EnrolmentFactory, lab_on_builtin

pytestmark = pytest.mark.django_db
PASSWORD = "escape-test-password-42"


@pytest.fixture
def hostile(client):
    """Signs up through the form with markup in every free-text field, then submits."""
    programs = {p.slug: p for p in enrolment_programs.programs_ensure_defaults()}
    open_cohort = OpenCohortFactory(program=programs["intensive"], name=f"Open {SCRIPT}")
    response = client.post(
        reverse("signup"),
        {
            "name": SCRIPT,
            "email": "mallory@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "program": open_cohort.program.pk,
            "cohort": open_cohort.pk,
            "background": Enrolment.Background.SOFTWARE_ENGINEER,
            "python_experience": Enrolment.Experience.SOME,
            "java_experience": Enrolment.Experience.NONE,
            "cpp_experience": Enrolment.Experience.NONE,
            "motivation": f"{SCRIPT} <img src=x onerror=alert(2)>",
            "consent": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    _assert_inert(response, "sign-up confirmation")
    user = Enrolment.objects.get(cohort=open_cohort).user
    # Labs follow the newest active enrolment: make the running cohort hers for the labs.
    Enrolment.objects.filter(cohort=open_cohort).update(status=Enrolment.Status.WAITLISTED)

    running = CohortFactory(name=f"Running {SCRIPT}")
    EnrolmentFactory(user=user, cohort=running, motivation=SCRIPT)
    lab = lab_on_builtin(dataset_slug="wine", slug="escape-lab")
    predictions = lab.references.get().predictions_file.open("rb").read()
    upload = SimpleUploadedFile(f"{SCRIPT}.csv", predictions, content_type="text/csv")
    assert client.post(reverse("labs:submit", args=[lab.slug]), {"file": upload}).status_code == 302
    submission = Submission.objects.get()
    worker.submission_grade(submission_id=submission.pk)
    return {"user": user, "lab": lab, "cohort": running, "submission": submission}


def _assert_inert(response, where):
    body = response.content.decode()
    assert SCRIPT not in body, f"raw markup on {where}"
    assert "<img src=x" not in body, f"raw markup on {where}"
    return body


def test_the_student_sees_her_name_and_file_name_as_text(client, hostile):
    submission = hostile["submission"]
    seen = ""
    for url in (
        reverse("account"),
        reverse("labs:list"),
        reverse("labs:detail", args=[hostile["lab"].slug]),
        reverse("labs:submission", args=[submission.pk]),
        reverse("labs:submission_status", args=[submission.pk]),
        reverse("labs:dashboard"),
        reverse("labs:dashboard_lab", args=[hostile["lab"].slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        seen += _assert_inert(response, url)
    assert escape(SCRIPT) in seen


def test_the_instructor_sees_the_name_as_text_in_the_gradebook(client, hostile):
    instructor = UserFactory(username="ines")
    hostile["cohort"].instructors.add(instructor)
    client.force_login(instructor)
    cohort, student = hostile["cohort"], hostile["user"]
    seen = ""
    for name, args in (
        ("labs:gradebook_index", []),
        ("labs:gradebook", [cohort.pk]),
        ("labs:gradebook_lab", [cohort.pk, hostile["lab"].slug]),
        ("labs:gradebook_student", [cohort.pk, student.pk]),
        ("labs:submission", [hostile["submission"].pk]),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        seen += _assert_inert(response, name)
    assert escape(SCRIPT) in seen
    export = client.get(reverse("labs:gradebook_export", args=[cohort.pk]))
    assert export.status_code == 200


def test_every_admin_list_and_change_page_shows_markup_as_text(client, hostile):
    staff = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(staff)
    seen = ""
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(changelist)
        assert response.status_code == 200, changelist
        seen += _assert_inert(response, changelist)
        search = client.get(changelist, {"q": SCRIPT})
        assert search.status_code == 200, changelist
        _assert_inert(search, f"{changelist}?q=")
        for obj in model_admin.get_queryset(response.wsgi_request)[:3]:
            try:
                change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            except NoReverseMatch:
                continue
            page = client.get(change)
            assert page.status_code == 200, change
            seen += _assert_inert(page, change)
    # The markup was there to escape: the user, cohort and submission lists show it.
    assert escape(SCRIPT) in seen
