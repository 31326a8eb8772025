"""The data the matrix's probes ask about: seven personas (six in two cohorts, career staff
in none), labs, submissions, and one row of each kind the admin pages and the signed links
need."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from api import services as token_services
from courses.models import Certificate, Extension
from enrolment import links
from enrolment.models import Offer
from labs.models import DueReminder, Lab, Submission
from labs.services import intake, worker
from leaderboards.models import LeaderboardProfile, LeaderboardSetting
from outcomes import access as outcomes_access
from privacy import services as privacy_services
from progress.calendar import tokens as calendar_tokens
from reviews.services import overrides
from security import twofactor
from tests.factories import UserFactory
from tests.hardening.matrix import rows_syllabus
from tests.hardening.matrix.probes import OLD_WHEEL, WHEEL
from tests.hardening.matrix.rows_rubrics import rubric_rows
from tests.hardening.matrix.world_teams import build_capstone_world
from tests.labs.factories import CohortFactory, EnrolmentFactory, lab_on_builtin


@dataclass
class World:
    users: dict
    cohort: object
    other_cohort: object
    lab: Lab
    hidden_lab: Lab
    code_lab: Lab | None
    enrolment_a: object
    submission_a: Submission
    submission_b: Submission
    secret_rows: list = field(default_factory=list)
    certificate: object = None
    revoked_certificate: object = None
    tokens: dict = field(default_factory=dict)  # persona -> API token secret
    spare_token_a: object = None  # a second token of A's, for the revoke probe
    confirm_token_a: str = ""  # A's email confirmation link
    offer_token_a: str = ""  # the link of an (expired) seat offer to A
    override_b: object = None  # a grade override in force on B's lab, for the undo probe
    extension_a: object = None  # an extension of A's, for the revoke probe
    other_extension: object = None  # one in the other cohort
    calendar_token_a: str = ""  # A's private calendar link
    syllabus: object = None  # lessons and files (rows_syllabus.syllabus_world)
    regrade_a: object = None  # rubrics: A's open regrade request on her released grade
    teams: dict = field(default_factory=dict)  # the team capstone's rows (world_teams.py)


def build_world(settings, tmp_path) -> World:
    """The world (tests/hardening/conftest.py's `matrix_world` fixture gives it to tests)."""
    # The client's build folder: this wheel, an older one, the stamp; a secret beside it.
    settings.LODESTAR_CLIENT_DIR = tmp_path / "build" / "client"
    settings.LODESTAR_CLIENT_DIR.mkdir(parents=True)
    for name in (WHEEL, OLD_WHEEL, ".built-stamp"):
        (settings.LODESTAR_CLIENT_DIR / name).write_bytes(b"PK wheel")
    (tmp_path / "build" / "secret.txt").write_text("not for anyone")
    users = {
        "student_a": UserFactory(username="anna"),
        "student_b": UserFactory(username="bert"),
        "other_instructor": UserFactory(username="olga"),
        "instructor": UserFactory(username="ivan"),
        "staff": UserFactory(username="sam", is_staff=True, is_superuser=True),
        # Career staff: outcomes' group, nothing else (no seat, no cohort, not staff).
        "career_staff": UserFactory(username="kim"),
    }
    users["career_staff"].groups.add(outcomes_access.career_staff_group())
    cohort, other_cohort = CohortFactory(), CohortFactory()
    cohort.instructors.add(users["instructor"])
    other_cohort.instructors.add(users["other_instructor"])
    enrolment_a = EnrolmentFactory(user=users["student_a"], cohort=cohort)
    EnrolmentFactory(user=users["student_b"], cohort=cohort)
    lab = lab_on_builtin(dataset_slug="wine", slug="matrix-lab", week=1)
    hidden_lab = lab_on_builtin(
        dataset_slug="wine", slug="matrix-hidden", week=1, train_reference=False, is_published=False
    )
    code_lab = None
    if hasattr(Lab, "SubmissionKind"):
        code_lab = lab_on_builtin(
            dataset_slug="wine",
            slug="matrix-code",
            week=1,
            train_reference=False,
            submission_kind=Lab.SubmissionKind.CODE,
        )
    predictions = lab.references.get().predictions_file.open("rb").read()
    submissions = {}
    for persona in ("student_a", "student_b"):
        submissions[persona] = intake.submission_create(
            lab=lab,
            student=users[persona],
            cohort=cohort,
            upload=intake.UploadedPredictions(name=f"{persona}.csv", content=predictions),
        )
        worker.submission_grade(submission_id=submissions[persona].pk)
    # A due-date reminder, so its admin pages have an existing row to probe.
    DueReminder.objects.create(
        student=users["student_a"], lab=lab, cohort=cohort, due_on=lab.due_on(cohort)
    )
    # Leaderboard rows, so their admin pages have an existing row to probe.
    LeaderboardSetting.objects.create(cohort=cohort, lab=lab, changed_by=users["instructor"])
    LeaderboardProfile.objects.create(user=users["student_b"], display_name="Matrix B")
    offer_a = Offer.objects.create(
        enrolment=enrolment_a, status=Offer.Status.EXPIRED, expires_at=timezone.now()
    )
    override_b = overrides.grade_override_set(
        student=users["student_b"],
        lab=lab,
        cohort=cohort,
        actor=users["instructor"],
        passed=True,
        score=None,
        reason="Matrix override.",
        submission=submissions["student_b"],
    )
    labels = lab.dataset.test_labels_file.open("rb").read().decode().splitlines()
    # Certificates of past students (one revoked), for the public certificate address.
    certificates = [
        Certificate.objects.create(
            enrolment=EnrolmentFactory(cohort=other_cohort),
            student_name="Past Student",
            program_name="Intensive",
            cohort_name=other_cohort.name,
            start_date=other_cohort.start_date,
            end_date=other_cohort.end_date,
            labs_passed=1,
            labs_total=1,
            **revoked,
        )
        for revoked in ({}, {"revoked_at": timezone.now(), "revoke_reason": "matrix"})
    ]
    other_student = UserFactory(username="otto")
    EnrolmentFactory(user=other_student, cohort=other_cohort)
    # A student of the other cohort who deleted her account: the record's admin pages.
    EnrolmentFactory(user=UserFactory(username="dora"), cohort=other_cohort)
    privacy_services.account_delete(user=get_user_model().objects.get(username="dora"))
    extensions = [
        Extension.objects.create(
            student=student,
            cohort=in_cohort,
            lab=lab,
            due_on=lab.due_on(in_cohort) + datetime.timedelta(days=7),
            reason="Matrix extension.",
            granted_by=granted_by,
        )
        for student, in_cohort, granted_by in (
            (users["student_a"], cohort, users["instructor"]),
            (other_student, other_cohort, users["other_instructor"]),
        )
    ]
    # A two-factor reset, so its admin pages have an existing row to probe.
    twofactor.second_factor_reset(user=other_student, actor=users["staff"], reason="Matrix.")
    world = World(
        extension_a=extensions[0],
        other_extension=extensions[1],
        certificate=certificates[0],
        revoked_certificate=certificates[1],
        users=users,
        cohort=cohort,
        other_cohort=other_cohort,
        lab=lab,
        hidden_lab=hidden_lab,
        code_lab=code_lab,
        enrolment_a=enrolment_a,
        submission_a=submissions["student_a"],
        submission_b=submissions["student_b"],
        secret_rows=labels[1:6],
        tokens={
            persona: token_services.token_create(
                user=user, name="matrix", second_factor=True
            ).secret
            for persona, user in users.items()
        },
        spare_token_a=token_services.token_create(user=users["student_a"], name="spare").token,
        confirm_token_a=links.confirm_token(user=users["student_a"]),
        offer_token_a=links.offer_token(offer=offer_a),
        override_b=override_b,
        calendar_token_a=calendar_tokens.feed_token(user=users["student_a"]),
        syllabus=rows_syllabus.syllabus_world(),
        teams=build_capstone_world(users=users, cohort=cohort, other_cohort=other_cohort, lab=lab),
    )
    world.regrade_a = rubric_rows(world)
    return world
