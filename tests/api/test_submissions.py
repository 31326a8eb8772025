"""POST /api/v1/labs/{slug}/submissions, GET /submissions/{id}, /submissions and /results."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from labs.models import Submission
from labs.services import worker

pytestmark = pytest.mark.django_db


def submit(api, lab, content, name="predictions.csv"):
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    return api.post(f"/api/v1/labs/{lab.slug}/submissions", {"file": upload})


def test_submit_stores_a_queued_submission_and_points_at_its_status(
    alice_api,
    enrolled_alice,
    wine_lab_week3,
    wine_week3_predictions,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as published:
        response = submit(alice_api, wine_lab_week3, wine_week3_predictions)
    assert response.status_code == 201
    body = response.json()
    submission = Submission.objects.get()
    assert submission.student == enrolled_alice
    assert body["id"] == submission.pk
    assert body["status"] == "queued"
    assert response["Location"] == body["url"] == f"/api/v1/submissions/{submission.pk}"
    assert len(published) == 1  # grading is published after commit, as from the web


def test_status_while_pending_asks_to_poll_again(alice_api, wine_lab_week3, wine_week3_predictions):
    url = submit(alice_api, wine_lab_week3, wine_week3_predictions).json()["url"]
    response = alice_api.get(url)
    assert response.json()["is_pending"] is True
    assert int(response["Retry-After"]) >= 1


def test_status_once_graded_has_scores_and_no_retry_after(
    alice_api, wine_lab_week3, wine_week3_predictions
):
    url = submit(alice_api, wine_lab_week3, wine_week3_predictions).json()["url"]
    worker.submission_grade(submission_id=Submission.objects.get().pk)
    response = alice_api.get(url)
    body = response.json()
    assert "Retry-After" not in response
    assert body["status"] == "graded"
    assert body["passed"] is True
    assert body["public_score"] > 0
    assert body["private_score"] is None  # revealed after the due date only
    assert body["pass_threshold"] is not None


def test_a_bad_file_is_rejected_by_the_worker_with_the_webs_precise_problems(
    alice_api, wine_lab_week3
):
    url = submit(alice_api, wine_lab_week3, b"id,prediction\n1,not-a-class\n").json()["url"]
    worker.submission_grade(submission_id=Submission.objects.get().pk)
    body = alice_api.get(url).json()
    assert body["status"] == "rejected"
    assert body["problems"] and all(isinstance(p, str) for p in body["problems"])


def test_wrong_file_type_is_400_with_the_forms_message(alice_api, wine_lab_week3):
    response = submit(alice_api, wine_lab_week3, b"print(1)", name="model.exe")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_file"
    assert "extension" in body["detail"].lower()
    assert Submission.objects.count() == 0


def test_missing_file_field_is_400_saying_which_field(alice_api, wine_lab_week3):
    response = alice_api.post(f"/api/v1/labs/{wine_lab_week3.slug}/submissions")
    assert response.status_code == 400
    assert "“file”" in response.json()["detail"]


def test_empty_file_is_refused_by_the_service(alice_api, wine_lab_week3):
    response = submit(alice_api, wine_lab_week3, b"   \n")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] in {"invalid_file", "refused"}
    assert Submission.objects.count() == 0


@override_settings(LABS_MAX_UPLOAD_BYTES=1024)
def test_a_file_over_the_cap_is_413_and_not_stored(alice_api, wine_lab_week3):
    response = submit(alice_api, wine_lab_week3, b"id,prediction\n" + b"1,1\n" * 2000)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert Submission.objects.count() == 0


def test_the_daily_limit_applies_as_on_the_web(alice_api, wine_lab_week3, wine_week3_predictions):
    wine_lab_week3.daily_limit = 1
    wine_lab_week3.save()
    assert submit(alice_api, wine_lab_week3, wine_week3_predictions).status_code == 201
    response = submit(alice_api, wine_lab_week3, wine_week3_predictions)
    assert response.status_code == 400
    assert response.json()["code"] == "refused"
    assert "all 1 submissions" in response.json()["detail"]


@override_settings(LABS_UPLOADS_PER_MINUTE=1)
def test_the_per_minute_limit_is_429_with_retry_after(
    alice_api, wine_lab_week3, wine_week3_predictions
):
    assert submit(alice_api, wine_lab_week3, wine_week3_predictions).status_code == 201
    response = submit(alice_api, wine_lab_week3, wine_week3_predictions)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json()["code"] == "throttled"


def test_a_locked_lab_refuses_uploads_with_404(alice_api, wine_week3_predictions):
    from tests.labs.factories import lab_on_builtin

    later = lab_on_builtin(dataset_slug="wine", slug="later", week=10, train_reference=False)
    response = submit(alice_api, later, wine_week3_predictions)
    assert response.status_code == 404
    assert response.json()["detail"] == "This lab is not open yet."


def test_someone_not_enrolled_cannot_submit(
    as_user, stranger, wine_lab_week3, wine_week3_predictions
):
    response = submit(as_user(stranger), wine_lab_week3, wine_week3_predictions)
    assert response.status_code == 403  # the lab page's answer: the lab is there, not for them
    assert Submission.objects.count() == 0


def test_bob_gets_404_for_alices_submission_like_a_missing_one(
    alice_api, as_user, enrolled_bob, wine_lab_week3, wine_week3_predictions
):
    url = submit(alice_api, wine_lab_week3, wine_week3_predictions).json()["url"]
    bob_api = as_user(enrolled_bob)
    forbidden = bob_api.get(url)
    missing = bob_api.get("/api/v1/submissions/987654")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()


def test_the_cohorts_instructor_reads_the_submission_another_does_not(
    alice_api, as_user, instructor, other_instructor, wine_lab_week3, wine_week3_predictions
):
    url = submit(alice_api, wine_lab_week3, wine_week3_predictions).json()["url"]
    assert as_user(instructor).get(url).status_code == 200
    assert as_user(other_instructor).get(url).status_code == 404


def test_my_submissions_lists_mine_only(
    alice_api, as_user, enrolled_bob, wine_lab_week3, wine_week3_predictions
):
    submit(alice_api, wine_lab_week3, wine_week3_predictions)
    submit(as_user(enrolled_bob), wine_lab_week3, wine_week3_predictions)
    mine = alice_api.get("/api/v1/submissions", {"lab": wine_lab_week3.slug}).json()
    assert [s["id"] for s in mine] == [Submission.objects.get(student__username="alice").pk]


def test_results_show_progress_per_lab(alice_api, wine_lab_week3, wine_week3_predictions):
    submit(alice_api, wine_lab_week3, wine_week3_predictions)
    worker.submission_grade(submission_id=Submission.objects.get().pk)
    body = alice_api.get("/api/v1/results").json()
    (lab,) = body["labs"]
    assert (lab["lab"], lab["status"], lab["has_passed"], lab["attempts"]) == (
        wine_lab_week3.slug,
        "passed",
        True,
        1,
    )
    assert body["passed"] == 1


def test_results_for_an_instructor_are_404(as_user, instructor):
    assert as_user(instructor).get("/api/v1/results").status_code == 404


def test_operator_messages_stay_out_of_the_students_feedback(
    alice_api, wine_lab_week3, wine_week3_predictions
):
    url = submit(alice_api, wine_lab_week3, wine_week3_predictions).json()["url"]
    Submission.objects.update(
        status=Submission.Status.ERROR,
        feedback={"sandbox": {"status": "platform_error", "operator_message": "bwrap missing"}},
    )
    body = alice_api.get(url).json()
    assert "bwrap" not in str(body)


def _late_work_closed(monkeypatch):
    """From here on, labs close to uploads at their due date (no grace, no late days)."""
    from courses import rules, selectors

    closed = rules.Policy(grace_hours=0, penalty_per_day=0.0, cutoff_days=0)
    monkeypatch.setattr(selectors.Policies, "for_lab", lambda self, lab_id: closed)


def test_the_private_score_shows_once_late_work_closes(
    alice_api, wine_week3_predictions, monkeypatch
):
    from tests.labs.factories import lab_on_builtin

    past_due = lab_on_builtin(dataset_slug="wine", slug="week-one", week=1)  # due last week
    url = submit(alice_api, past_due, wine_week3_predictions).json()["url"]
    worker.submission_grade(submission_id=Submission.objects.get().pk)
    # Due, but late uploads are still accepted: she could tune them against it.
    assert alice_api.get(url).json()["private_score"] is None
    assert alice_api.get("/api/v1/submissions").json()[0]["private_score"] is None
    _late_work_closed(monkeypatch)
    assert alice_api.get(url).json()["private_score"] is not None
    assert alice_api.get("/api/v1/submissions").json()[0]["private_score"] is not None


@pytest.fixture
def code_lab_week3(db):
    from tests.labs.factories import code_lab_on_builtin

    return code_lab_on_builtin(week=3)


def test_a_code_lab_takes_a_python_file(alice_api, code_lab_week3):
    code = b"def train(X, y):\n    return None\n\ndef predict(model, X):\n    return []\n"
    response = submit(alice_api, code_lab_week3, code, name="solution.py")
    assert response.status_code == 201
    assert Submission.objects.get().code_kind == "python"


def test_a_code_lab_refuses_a_csv_with_the_forms_message(
    alice_api, code_lab_week3, wine_week3_predictions
):
    response = submit(alice_api, code_lab_week3, wine_week3_predictions)
    assert response.status_code == 400
    assert "extension" in response.json()["detail"].lower()


def test_a_notebook_that_is_not_one_is_refused(alice_api, code_lab_week3):
    response = submit(alice_api, code_lab_week3, b"not json", name="solution.ipynb")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("This .ipynb file is not a notebook we can read")


def test_my_submissions_cost_a_fixed_number_of_queries(
    alice_api, wine_lab_week3, wine_week3_predictions, django_assert_num_queries
):
    for _ in range(3):
        submit(alice_api, wine_lab_week3, wine_week3_predictions)
    alice_api.get("/api/v1/me")  # the token's last use is recorded now, not below
    # 1 the token with its user, 2 the submissions with lab, dataset, cohort and program,
    # then for the private scores' own cutoff (courses.selectors.private_scores_shown):
    # 3 the late policies once per cohort, and once per (cohort, student) 4 extensions,
    # 5 join date.
    with django_assert_num_queries(5):
        assert len(alice_api.get("/api/v1/submissions").json()) == 3


def test_my_labs_cost_a_fixed_number_of_queries(
    alice_api, wine_lab_week3, django_assert_num_queries
):
    from tests.labs.factories import lab_on_builtin

    lab_on_builtin(dataset_slug="wine", slug="second", week=2, train_reference=False)
    alice_api.get("/api/v1/me")
    # 1 token, then the dashboard's: 2 enrolment and cohort (with the completion rule, the
    # certificate and the join date: courses.selectors.enrolments_with_standing), 3 labs
    # with references (whether each has a rubric) and her own uploads counted per lab,
    # 4 her grade overrides in force, then the course rules (courses.selectors): 5 late
    # policies, 6 extensions, 7 counted submissions; released rubric grades only when a lab
    # has a rubric (none here: tests/rubrics counts that query).
    # The capstone's credits and her team's name only when a milestone is among the labs.
    with django_assert_num_queries(7):
        assert len(alice_api.get("/api/v1/labs").json()) == 2


def test_an_extension_keeps_the_private_score_hidden_until_the_students_own_date(
    alice_api, enrolled_alice, cohort, instructor, wine_week3_predictions, monkeypatch
):
    import datetime

    from django.utils import timezone

    from courses import services as course_services
    from tests.labs.factories import lab_on_builtin

    past_due = lab_on_builtin(dataset_slug="wine", slug="week-one", week=1)  # due last week
    url = submit(alice_api, past_due, wine_week3_predictions).json()["url"]
    worker.submission_grade(submission_id=Submission.objects.get().pk)
    later = timezone.localdate() + datetime.timedelta(days=3)
    course_services.extension_grant(
        student=enrolled_alice,
        cohort=cohort,
        granted_by=instructor,
        reason="ill",
        lab=past_due,
        due_on=later,
    )
    _late_work_closed(monkeypatch)  # closed at the cohort's date: only her extension is left
    assert alice_api.get(url).json()["private_score"] is None
    assert alice_api.get("/api/v1/submissions").json()[0]["private_score"] is None
    result = alice_api.get("/api/v1/results").json()["labs"][0]
    assert (result["due_on"], result["due_date_source"]) == (later.isoformat(), "extension")
    assert result["is_final"] is False


def test_results_after_the_cutoff_are_the_final_result_the_dashboard_shows(
    alice_api, wine_week3_predictions, monkeypatch
):
    from tests.labs.factories import lab_on_builtin

    past_due = lab_on_builtin(dataset_slug="wine", slug="week-one", week=1)  # due last week
    submit(alice_api, past_due, wine_week3_predictions)
    worker.submission_grade(submission_id=Submission.objects.get().pk)
    Submission.objects.update(private_score=0.5)  # the private half tells another story
    assert alice_api.get("/api/v1/results").json()["labs"][0]["is_final"] is False
    _late_work_closed(monkeypatch)
    result = alice_api.get("/api/v1/results").json()["labs"][0]
    assert result["is_final"] is True
    assert result["best_score"] == 0.5
    assert result["has_passed"] is False
