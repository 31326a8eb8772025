"""Demo lab work, replayed through the same services as the site, each at its own moment.

Every attempt is uploaded with `submission_create(now=...)` at the moment the plan gives it
(relative to the lab's opening or due date in the student's cohort, or to now), so the
course rules judge it as they would have then: on-time work carries no penalty, late work
its penalty, and an upload the rules would have refused is never made. It is graded with
`submission_grade`; only the grading timestamps are moved to match. Extensions and final
choices go through their services at their own moments too.

The running cohort is in its fifth week (cohorts start on Mondays, so day 28 to 34): the
first two labs are closed to late work, the third is in its late window, the fourth is
due this week and the fifth has just opened.
"""

import csv
import datetime
import io
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses import rules
from courses import services as course_services
from labs.access import student_cohort
from labs.models import Lab, ReferenceModel, Submission
from labs.selectors import current_reference
from labs.services import intake, references, worker

PASS, FAIL, PENDING = "pass", "fail", "pending"
OPENS, DUE, NOW = "opens", "due", "now"
DAY = 24  # hours


@dataclass(frozen=True)
class Attempt:
    kind: str  # PASS, FAIL or PENDING (uploaded, left for the worker)
    anchor: str  # OPENS (00:00 on the lab's first day), DUE (the cohort's due moment), NOW
    hours: float  # after the anchor (negative: before it)


# The running cohort: per demo login and lab, the attempts made. One of each case an
# instructor must recognise: on time, late with a penalty, at risk (stuck; quiet and
# overdue), an extension, a final choice, a submission waiting for the worker.
RUNNING_PLANS: dict[str, dict[str, list[Attempt]]] = {
    # The demo login: on time throughout, a final choice, a lab in progress, one waiting.
    "student": {
        "first-classifier": [Attempt(PASS, OPENS, 3 * DAY + 10)],
        "missing-values": [Attempt(PASS, OPENS, 2 * DAY + 11), Attempt(FAIL, OPENS, 4 * DAY + 15)],
        "diabetes-regression": [
            Attempt(FAIL, OPENS, 4 * DAY + 19),
            Attempt(PASS, DUE, -20),
        ],
        "medical-classification": [Attempt(FAIL, NOW, -26), Attempt(PENDING, NOW, -0.2)],
    },
    # Ahead of the class: every open lab passed, on time.
    "student2": {
        "first-classifier": [Attempt(PASS, OPENS, 2 * DAY + 9)],
        "missing-values": [Attempt(PASS, OPENS, 3 * DAY + 14)],
        "diabetes-regression": [Attempt(FAIL, OPENS, 2 * DAY + 20), Attempt(PASS, OPENS, 3 * DAY)],
        "medical-classification": [Attempt(PASS, NOW, -50)],
        "image-recognition": [Attempt(PASS, NOW, -3)],
    },
    # At risk, stuck: three failing attempts on the third lab.
    "student3": {
        "first-classifier": [Attempt(PASS, OPENS, 5 * DAY + 16)],
        "missing-values": [Attempt(FAIL, OPENS, 6 * DAY + 12), Attempt(PASS, OPENS, 8 * DAY + 9)],
        "diabetes-regression": [
            Attempt(FAIL, OPENS, 9 * DAY + 21),
            Attempt(FAIL, OPENS, 11 * DAY + 18),
            Attempt(FAIL, DUE, -3),
        ],
        "medical-classification": [Attempt(FAIL, NOW, -30)],
    },
    # At risk, quiet: the second lab sent a day late (10% off), nothing since.
    "student4": {
        "first-classifier": [Attempt(PASS, OPENS, 4 * DAY + 13)],
        "missing-values": [Attempt(PASS, DUE, 5)],
    },
    # An extension for the second lab, used: sent after the cohort's date, on time for hers.
    "student5": {
        "first-classifier": [Attempt(PASS, OPENS, 6 * DAY + 18)],
        "missing-values": [Attempt(PASS, DUE, 1 * DAY + 10)],
        "diabetes-regression": [Attempt(PASS, DUE, -30)],
        "medical-classification": [Attempt(PASS, NOW, -20)],
    },
    "student6": {
        "first-classifier": [Attempt(FAIL, OPENS, 1 * DAY + 8), Attempt(PASS, OPENS, 2 * DAY + 8)],
        "missing-values": [Attempt(PASS, OPENS, 9 * DAY + 22)],
        "diabetes-regression": [Attempt(PASS, DUE, -6)],
        "medical-classification": [Attempt(FAIL, NOW, -40)],
    },
}
# (login, lab) -> the attempt (by index) marked final, an hour after the lab's last attempt.
FINAL_CHOICES = {("student", "missing-values"): 0}
# (login, lab) -> days added to the cohort's due date, granted three days before it.
EXTENSIONS = {("student5", "missing-values"): 4}
EXTENSION_REASON = "Family emergency in week 2; agreed on a call."


def seed_demo_submissions(*, seed: int, finished_cohort=None) -> int:
    """Give the demo people their submissions; returns how many were created.

    Idempotent: a (person, lab) pair that already has a submission is left alone.
    """
    User = get_user_model()
    now = timezone.now()
    labs = {lab.slug: lab for lab in Lab.objects.filter(is_published=True)}
    instructor = User.objects.filter(username="instructor").first()
    created = 0
    for username, plan in RUNNING_PLANS.items():
        user = User.objects.filter(username=username).first()
        cohort = student_cohort(user=user) if user else None
        if cohort is None:
            continue
        for slug, attempts in plan.items():
            lab = labs.get(slug)
            if lab is None or Submission.objects.filter(lab=lab, student=user).exists():
                continue
            extra_days = EXTENSIONS.get((username, slug))
            if extra_days and instructor is not None:
                _extension(lab, user, cohort, instructor, extra_days, now)
            made = _replay(lab, user, cohort, attempts, seed=seed, now=now)
            created += len(made)
            if (username, slug) in FINAL_CHOICES and made:
                _final_choice(user, made, FINAL_CHOICES[(username, slug)], now)
    if finished_cohort is not None:
        created += _seed_graduates(finished_cohort, labs, seed=seed, now=now)
    return created


def _replay(lab, student, cohort, attempts, *, seed, now) -> list[Submission]:
    """Upload (and grade) the attempts whose moment has come; the rest are not made yet."""
    reference = _ready_reference(lab)
    if reference is None:
        return []
    with reference.predictions_file.open("rb") as handle:
        reference_csv = handle.read()
    rng = random.Random(f"{seed}:{student.username}:{lab.slug}")
    made = []
    earliest = _opens_at(lab, cohort) + datetime.timedelta(hours=1)
    for number, attempt in enumerate(attempts, 1):
        when = max(_moment(attempt, lab, cohort, now), earliest)
        if when >= now - datetime.timedelta(minutes=1):
            break  # its moment has not come (a lab that opened moments ago)
        made.append(
            _upload(
                lab=lab,
                student=student,
                cohort=cohort,
                content=_predictions(reference_csv, attempt.kind, rng),
                name=f"{lab.slug}-attempt-{number}.csv",
                grade=attempt.kind != PENDING,
                when=when,
            )
        )
        earliest = when + datetime.timedelta(minutes=5)
    return made


def _opens_at(lab, cohort) -> datetime.datetime:
    return datetime.datetime.combine(
        lab.opens_on(cohort), datetime.time(), timezone.get_current_timezone()
    )


def _moment(attempt: Attempt, lab, cohort, now) -> datetime.datetime:
    if attempt.anchor == OPENS:
        anchor = _opens_at(lab, cohort)
    elif attempt.anchor == DUE:
        anchor = rules.due_moment(lab.due_on(cohort), timezone.get_current_timezone())
    else:
        anchor = now
    return anchor + datetime.timedelta(hours=attempt.hours)


def _extension(lab, student, cohort, instructor, extra_days, now) -> None:
    due_on = lab.due_on(cohort)
    granted_at = rules.due_moment(due_on, timezone.get_current_timezone()) - datetime.timedelta(
        days=3
    )
    if granted_at >= now:
        return
    course_services.extension_grant(
        student=student,
        cohort=cohort,
        granted_by=instructor,
        reason=EXTENSION_REASON,
        lab=lab,
        due_on=due_on + datetime.timedelta(days=extra_days),
        now=granted_at,
    )


def _final_choice(student, made: list[Submission], index: int, now) -> None:
    chosen = made[min(index, len(made) - 1)]
    chosen.refresh_from_db()
    at = made[-1].created_at + datetime.timedelta(hours=1)
    if chosen.status == Submission.Status.GRADED and at < now:
        course_services.final_choice_set(student=student, submission=chosen, now=at)


def _ready_reference(lab: Lab) -> ReferenceModel | None:
    """The lab's current reference, trained here and now if the worker has not yet."""
    reference = current_reference(lab=lab)
    if reference is not None:
        return reference
    waiting = lab.references.filter(status=ReferenceModel.Status.PENDING).first()
    if waiting is None:
        waiting = references.reference_request(lab=lab)
    # The claim is a conditional update, so the worker's own run later does nothing.
    references.reference_train(reference_id=waiting.pk)
    return current_reference(lab=lab)


def _predictions(reference_csv: bytes, kind: str, rng: random.Random) -> bytes:
    """The reference predictions; a failing file has 60% of them shuffled among rows."""
    rows = list(csv.reader(io.StringIO(reference_csv.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    if kind == FAIL and len(body) > 1:
        chosen = rng.sample(range(len(body)), k=max(2, int(len(body) * 0.6)))
        values = [body[i][1] for i in chosen]
        rng.shuffle(values)
        for i, value in zip(chosen, values, strict=True):
            body[i] = [body[i][0], value]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    return out.getvalue().encode()


def _upload(*, lab, student, cohort, content, name, grade, when) -> Submission:
    with transaction.atomic():
        submission = intake.submission_create(
            lab=lab,
            student=student,
            cohort=cohort,
            upload=intake.UploadedPredictions(name=name, content=content),
            now=when,
        )
    if grade:
        # Alone: the demo's pending submissions must stay pending.
        worker.submission_grade(submission_id=submission.pk, batch_size=1)
        # The worker stamped its own clock; the grade took a plausible moment after upload.
        Submission.objects.filter(pk=submission.pk).update(
            started_at=when,
            finished_at=when + datetime.timedelta(milliseconds=_grading_ms(submission.pk)),
        )
    return submission


def _grading_ms(pk: int) -> int:
    """A plausible grading time in ms, fixed per submission."""
    return 120 + (pk * 37) % 400


# ----------------------------------------------------------------- the finished cohort

# Per graduate, the CSV labs (in curriculum order) they passed on time at the first try,
# after a miss, sent late (10% off), or only failed. The code lab is left out: the demo
# runs on machines without the code sandbox.
GRADUATE_PLANS: dict[str, str] = {
    "graduate": "PPPPPPPPPPP",
    "graduate2": "PMPPMPPPPPP",
    "graduate3": "PPLPFPMPPFP",  # 9 of 12: short of the demo's completion share
    "graduate4": "PPMPPPPPPPP",
}


def _graduate_attempts(letter: str, rng: random.Random) -> list[Attempt]:
    first = rng.randint(2, 6) * DAY + rng.randint(8, 20)
    if letter == "P":
        return [Attempt(PASS, OPENS, first)]
    if letter == "M":
        return [Attempt(FAIL, OPENS, first), Attempt(PASS, OPENS, first + DAY)]
    if letter == "L":
        return [Attempt(PASS, DUE, 5)]
    return [Attempt(FAIL, OPENS, first), Attempt(FAIL, DUE, -4)]


def _seed_graduates(cohort, labs: dict[str, Lab], *, seed: int, now) -> int:
    """The finished cohort: its graduates' work, then completion as the beat job ran it."""
    from labs.curriculum import CURRICULUM

    User = get_user_model()
    csv_labs = [
        labs[spec.slug]
        for spec in CURRICULUM
        if spec.submission_kind == "predictions" and spec.slug in labs
    ]
    created = 0
    for username, letters in GRADUATE_PLANS.items():
        student = User.objects.filter(username=username).first()
        if student is None:
            continue
        rng = random.Random(f"{seed}:{username}")
        for lab, letter in zip(csv_labs, letters, strict=False):
            if Submission.objects.filter(lab=lab, student=student, cohort=cohort).exists():
                continue
            attempts = _graduate_attempts(letter, rng)
            created += len(_replay(lab, student, cohort, attempts, seed=seed, now=now))
    # The morning after the last day, when every lab has closed to late work.
    decided_at = datetime.datetime.combine(
        cohort.end_date + datetime.timedelta(days=1),
        datetime.time(6),
        timezone.get_current_timezone(),
    )
    course_services.cohort_completion_run(cohort=cohort, now=min(decided_at, now))
    return created
