"""Demo submissions for the dashboards, made through the same services as the site.

The demo student and classmates each follow a plan (pass, fail, leave pending) over the
labs open in their cohort. Predictions start from the lab's reference predictions; a
failing file shuffles most of them among rows. Each file is uploaded with
`submission_create` and graded with `submission_grade`; only its timestamps are moved
back afterwards, so the history spreads over the past weeks as if time had passed.
"""

import csv
import datetime
import io
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from labs.access import is_lab_open, student_cohort
from labs.models import Lab, ReferenceModel, Submission
from labs.selectors import current_reference
from labs.services import intake, references, worker

PASS, FAIL, PENDING = "pass", "fail", "pending"

# Per open lab (in curriculum order), the attempts each demo person made.
PLANS: dict[str, list[tuple[str, ...]]] = {
    # The demo login: a pass, a pass after a miss, a lab not passed yet, one waiting.
    "student": [(PASS,), (FAIL, PASS), (FAIL, FAIL), (PENDING,)],
    "student2": [(PASS,), (PASS,), (FAIL, PASS), (PASS,), (PASS,)],
    # Stuck: three failing attempts on the same lab.
    "student3": [(PASS,), (FAIL, FAIL, FAIL)],
    # Went quiet: nothing for more than a week.
    "student4": [(FAIL, PASS)],
    "student5": [(PASS,), (PASS,), (FAIL,)],
    "student6": [(PASS,), (FAIL, PENDING)],
}
# Plans whose last attempt is older than this many days (the at-risk "went quiet" case).
QUIET = {"student4": 10}


def seed_demo_submissions(*, seed: int) -> int:
    """Give the demo people their submissions; returns how many were created.

    Idempotent: a (person, lab) pair that already has a submission is left alone.
    """
    User = get_user_model()
    users = {user.username: user for user in User.objects.filter(username__in=PLANS)}
    created = 0
    for username, plan in PLANS.items():
        user = users.get(username)
        cohort = student_cohort(user=user) if user else None
        if cohort is None:
            continue
        today = timezone.localdate()
        open_labs = [
            lab
            for lab in Lab.objects.filter(is_published=True).select_related("dataset")
            if is_lab_open(lab=lab, cohort=cohort, today=today)
        ]
        for lab, attempts in zip(open_labs, plan, strict=False):
            if Submission.objects.filter(lab=lab, student=user).exists():
                continue
            rng = random.Random(f"{seed}:{username}:{lab.slug}")
            reference = _ready_reference(lab)
            if reference is None:
                continue
            with reference.predictions_file.open("rb") as handle:
                reference_csv = handle.read()
            moments = _moments(lab, cohort, len(attempts), rng, QUIET.get(username))
            for number, (kind, when) in enumerate(zip(attempts, moments, strict=True), 1):
                _attempt(
                    lab=lab,
                    student=user,
                    cohort=cohort,
                    content=_predictions(reference_csv, kind, rng),
                    name=f"{lab.slug}-attempt-{number}.csv",
                    grade=kind != PENDING,
                    when=None if kind == PENDING else when,
                )
                created += 1
    return created


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


def _moments(lab, cohort, count, rng, quiet_days) -> list[datetime.datetime]:
    """`count` increasing moments between the lab's opening and now (or quiet_days ago)."""
    now = timezone.now()
    latest = now - datetime.timedelta(days=quiet_days or 0, hours=1)
    opens = timezone.make_aware(
        datetime.datetime.combine(lab.opens_on(cohort), datetime.time(9, 0))
    )
    earliest = min(max(opens, now - datetime.timedelta(days=25)), latest)
    span = (latest - earliest).total_seconds()
    offsets = sorted(rng.uniform(0.2, 1.0) * span for _ in range(count))
    return [earliest + datetime.timedelta(seconds=offset) for offset in offsets]


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


def _attempt(*, lab, student, cohort, content, name, grade, when) -> Submission:
    with transaction.atomic():
        submission = intake.submission_create(
            lab=lab,
            student=student,
            cohort=cohort,
            upload=intake.UploadedPredictions(name=name, content=content),
        )
    if grade:
        # Alone: the demo's pending submissions must stay pending.
        worker.submission_grade(submission_id=submission.pk, batch_size=1)
    if when is not None:
        # Only the clock moves: the row went through the real upload and grading path.
        Submission.objects.filter(pk=submission.pk).update(
            created_at=when,
            queued_at=when,
            started_at=when,
            finished_at=when + datetime.timedelta(milliseconds=_grading_ms(submission.pk)),
        )
    return submission


def _grading_ms(pk: int) -> int:
    """A plausible grading time in ms, fixed per submission."""
    return 120 + (pk * 37) % 400
