"""/account/delete/: a student deletes their account; the cohort's numbers do not move."""

import io
import json
import zipfile

import pytest
from axes.models import AccessLog
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api import services as token_services
from api.models import ApiToken
from courses import services as course_services
from courses.models import Certificate
from enrolment.models import Enrolment
from enrolment.services import applications
from labs.models import Submission
from labs.services import intake
from leaderboards.models import LeaderboardProfile
from leaderboards.selectors import cohort_leaderboard
from privacy.models import AccountDeletion
from privacy.services import REMOVED_COMMENT, REMOVED_TEXT
from progress.dashboards.gradebook import cohort_gradebook
from reviews.models import SubmissionComment
from tests.enrolment.factories import CohortFactory as UpcomingCohortFactory
from tests.enrolment.factories import application_data
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db

URL = "/account/delete/"


def delete_account(client, user, password=DEFAULT_PASSWORD):
    client.force_login(user)
    return client.post(URL, {"password": password})


def gradebook_numbers(cohort) -> dict:
    """What the gradebook counts: each lab's pass count and statistics, each row's passes."""
    book = cohort_gradebook(cohort=cohort)
    return {
        "labs": [
            (
                column.lab.slug,
                column.passed,
                column.attempted,
                column.students,
                column.pass_rate,
                column.median_attempts,
                sorted(column.best_scores),
            )
            for column in book.columns
        ],
        "passes per student": sorted(row.passed for row in book.rows),
        "at risk": len(book.at_risk),
    }


def board_ranks(classroom, viewer, *, is_reviewer) -> list[tuple]:
    board = cohort_leaderboard(
        cohort=classroom.cohort, lab=classroom.lab, viewer=viewer, is_reviewer=is_reviewer
    )
    return [(row.rank, row.student_id, row.score) for row in board.rows if not row.is_reference]


# ----------------------------------------------------------------- the aggregates


def test_export_and_deletion_with_consistent_aggregates(
    client, classroom, django_capture_on_commit_callbacks
):
    """Alice downloads her data, then deletes her account: the gradebook's pass counts and
    per-lab statistics and the leaderboard's ranks are what they were."""
    alice, bob, carol = (classroom.students[name] for name in ("alice", "bob", "carol"))
    before = gradebook_numbers(classroom.cohort)
    ranks_for_ivan = board_ranks(classroom, classroom.instructor, is_reviewer=True)
    ranks_for_bob = board_ranks(classroom, bob, is_reviewer=False)
    assert [student for _, student, _ in ranks_for_ivan] == [alice.pk, bob.pk, carol.pk]
    assert before["labs"][0][1:4] == (2, 3, 3)  # Alice and Bob pass, Carol does not

    client.force_login(alice)
    export = client.post("/account/data/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(export.streaming_content)))
    assert len(json.loads(archive.read("me.json"))["submissions"]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = delete_account(client, alice)
    assert response.status_code == 302

    assert gradebook_numbers(classroom.cohort) == before
    assert board_ranks(classroom, classroom.instructor, is_reviewer=True) == ranks_for_ivan
    # Classmates no longer see her row; their own ranks keep her place (a gap at 1).
    assert board_ranks(classroom, bob, is_reviewer=False) == [
        row for row in ranks_for_bob if row[1] != alice.pk
    ]
    assert [rank for rank, _, _ in board_ranks(classroom, bob, is_reviewer=False)] == [2, 3]
    # Her enrolment still counts in the cohort.
    assert Enrolment.objects.get(user=alice).status == Enrolment.Status.ENROLLED


def test_the_certificate_stays_verifiable_issued_to_a_deleted_account(client, classroom):
    alice = classroom.students["alice"]
    enrolment = Enrolment.objects.get(user=alice)
    staff = UserFactory(username="sam", is_staff=True)
    course_services.completion_override(
        enrolment=enrolment, completed=True, reason="Met the rule by hand", actor=staff
    )
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.student_name == alice.get_full_name()
    url = reverse("courses:certificate", args=[certificate.token])

    delete_account(client, alice)
    client.logout()
    response = client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert "issued to a deleted account" in page
    assert "Verified" in page and classroom.cohort.name in page
    assert alice.first_name not in page and alice.last_name not in page
    certificate.refresh_from_db()
    assert certificate.student_name == "" and certificate.is_valid


def test_a_certificate_issued_after_the_deletion_names_nobody(client, classroom):
    alice = classroom.students["alice"]
    delete_account(client, alice)
    staff = UserFactory(username="sam", is_staff=True)
    course_services.completion_override(
        enrolment=Enrolment.objects.get(user=alice),
        completed=True,
        reason="Completed after leaving",
        actor=staff,
    )
    assert Certificate.objects.get(enrolment__user=alice).student_name == ""


# ----------------------------------------------------------------- what goes, what stays


def test_what_names_the_person_is_gone_and_their_files_leave_storage_after_commit(
    client, classroom, django_capture_on_commit_callbacks
):
    alice = classroom.students["alice"]
    email, mine = alice.email, classroom.submissions["alice"]
    token_services.token_create(user=alice, name="laptop")
    LeaderboardProfile.objects.create(user=alice, display_name="Night Owl")
    SubmissionComment.objects.create(
        submission=mine[0], author=alice, by_reviewer=False, body="My phone is 555-0100."
    )
    AccessLog.objects.create(username=email, ip_address="127.0.0.1", user_agent="test")
    storage = mine[0].file.storage
    stored = [submission.file.name for submission in mine]

    with django_capture_on_commit_callbacks() as after_commit:
        delete_account(client, alice)
    # Nothing leaves storage until the deletion has committed.
    assert all(storage.exists(name) for name in stored)
    for callback in after_commit:
        callback()
    assert not any(storage.exists(name) for name in stored)

    alice.refresh_from_db()
    assert alice.username.startswith("deleted-")
    assert (alice.first_name, alice.last_name, alice.email) == ("", "", "")
    assert not alice.is_active and not alice.has_usable_password()
    assert not ApiToken.objects.filter(user=alice).exists()
    profile = LeaderboardProfile.objects.get(user=alice)
    assert (profile.display_name, profile.is_hidden) == ("", True)
    assert SubmissionComment.objects.get(author=alice).body == REMOVED_COMMENT
    assert Enrolment.objects.get(user=alice).motivation == REMOVED_TEXT
    assert not AccessLog.objects.filter(username__iexact=email).exists()
    for submission in Submission.objects.filter(student=alice):
        assert submission.file.name == ""
        assert "alice" not in submission.original_name
        assert submission.status == Submission.Status.GRADED
        assert submission.public_score is not None
    deletion = AccountDeletion.objects.get()
    assert deletion.account == alice.username
    assert (deletion.files_total, deletion.files_left) == (2, [])
    assert email not in str(AccountDeletion.objects.values().get())


def test_after_deletion_no_session_works_and_no_log_in(client, classroom):
    alice = classroom.students["alice"]
    elsewhere = Client()
    elsewhere.force_login(alice)
    assert elsewhere.get("/account/").status_code == 200

    response = delete_account(client, alice)

    assert response["Location"] == "/"
    assert client.get("/account/").status_code == 302  # logged out here
    assert elsewhere.get("/account/").status_code == 302  # and on every other device
    assert not Client().login(username=alice.email, password=DEFAULT_PASSWORD)


def test_a_regrade_keeps_the_grade_of_a_deleted_accounts_submission(client, classroom):
    alice = classroom.students["alice"]
    delete_account(client, alice)
    submission = Submission.objects.filter(student=alice).first()
    assert intake.submission_regrade(submission=submission) is False
    assert intake.lab_regrade_all(lab=classroom.lab) == 2  # Bob's and Carol's only
    submission.refresh_from_db()
    assert submission.status == Submission.Status.GRADED


def test_a_seat_in_a_cohort_not_started_goes_to_the_waitlist(client, db):
    upcoming = UpcomingCohortFactory(capacity=1)
    seated = applications.application_submit(
        program=upcoming.program, cohort=upcoming, **application_data(email="dana@example.com")
    )
    waiting = applications.application_submit(
        program=upcoming.program, cohort=upcoming, **application_data(email="fox@example.com")
    )
    assert (seated.status, waiting.status) == ("enrolled", "waitlisted")

    client.force_login(seated.user)
    response = client.post(URL, {"password": application_data()["password"]})

    assert response.status_code == 302
    seated.refresh_from_db(), waiting.refresh_from_db()
    assert seated.status == Enrolment.Status.WITHDRAWN
    assert waiting.status == Enrolment.Status.OFFERED
    assert seated.events.latest("at", "pk").note == "account deleted"


# ----------------------------------------------------------------- the confirmation


def test_the_page_asks_for_the_password_and_says_what_happens(client, alice):
    client.force_login(alice)
    page = client.get(URL).content.decode()
    assert 'type="password"' in page
    assert "issued to a deleted account" in page
    assert get_user_model().objects.get(pk=alice.pk).is_active


def test_a_wrong_password_deletes_nothing(client, classroom):
    alice = classroom.students["alice"]
    response = delete_account(client, alice, password="not-my-password")
    assert response.status_code == 400
    assert "That is not your password" in response.content.decode()
    alice.refresh_from_db()
    assert alice.is_active and alice.username == "alice"
    assert not AccountDeletion.objects.exists()
    assert all(s.file for s in Submission.objects.filter(student=alice))


@pytest.mark.parametrize("who", ["staff", "instructor", "career staff"])
def test_staff_and_instructors_are_told_to_ask_an_admin(client, classroom, who):
    if who == "staff":
        user = UserFactory(username="sam", is_staff=True)
    elif who == "instructor":
        user = classroom.instructor
    else:  # their name is on the evidence they verified (outcomes)
        from outcomes.access import career_staff_group

        user = UserFactory(username="carla")
        user.groups.add(career_staff_group())
    client.force_login(user)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Ask an administrator" in page.content.decode()
    assert 'type="password"' not in page.content.decode()
    response = client.post(URL, {"password": DEFAULT_PASSWORD})
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.is_active and not AccountDeletion.objects.exists()


def test_the_deletion_needs_the_csrf_token(classroom):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(classroom.students["alice"])
    assert browser.post(URL, {"password": DEFAULT_PASSWORD}).status_code == 403
    assert not AccountDeletion.objects.exists()


def test_a_deleted_running_enrolment_gets_no_more_reminders(client, classroom):
    alice = classroom.students["alice"]
    delete_account(client, alice)
    assert Enrolment.objects.get(user=alice).due_reminders is False
    # An older running enrolment stays as it is; the record says when.
    assert AccountDeletion.objects.get().deleted_at <= timezone.now()


def test_an_enrolled_student_of_a_cohort_under_way_keeps_the_seat_counted(client, db):
    cohort = CohortFactory(capacity=2)
    student = UserFactory(username="stella")
    EnrolmentFactory(user=student, cohort=cohort)
    delete_account(client, student)
    assert Enrolment.objects.get(user=student).status == Enrolment.Status.ENROLLED


def test_work_waiting_for_a_grade_ends_ungraded_and_uncharged(client, classroom, wine_lab):
    alice = classroom.students["alice"]
    content = classroom.contents[classroom.submissions["alice"][1].pk]
    waiting = intake.submission_create(
        lab=wine_lab,
        student=alice,
        cohort=classroom.cohort,
        upload=intake.UploadedPredictions(name="late.csv", content=content),
    )
    delete_account(client, alice)
    waiting.refresh_from_db()
    assert waiting.status == Submission.Status.ERROR  # not charged against any limit
    assert waiting.problems == ["Not graded: the student deleted their account first."]


def test_the_worker_does_not_grade_a_file_deleted_with_its_account(classroom, wine_lab):
    from labs.services import worker

    bob = classroom.students["bob"]
    content = classroom.contents[classroom.submissions["bob"][0].pk]
    queued = intake.submission_create(
        lab=wine_lab,
        student=bob,
        cohort=classroom.cohort,
        upload=intake.UploadedPredictions(name="again.csv", content=content),
    )
    # As if the deletion cleared it between the worker's read and its claim.
    Submission.objects.filter(pk=queued.pk).update(file="")
    worker.submission_grade(submission_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == Submission.Status.ERROR
    assert queued.public_score is None
