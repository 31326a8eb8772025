"""Writes for the course rules: final choices, extensions, completion and certificates."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from courses import emails, rules, selectors
from courses.models import Certificate, CompletionDecision, Extension, FinalChoice
from enrolment.models import Cohort, Enrolment, EnrolmentEvent
from enrolment.services.accounts import is_deleted_account
from labs.models import Lab, Submission
from outbox import services as outbox

REASON_MAX_LENGTH = 300


# ----------------------------------------------------------------- final submissions


def final_choice_set(*, student, submission: Submission, now=None) -> FinalChoice:
    """Mark one of the student's graded submissions as the one that counts, before the due
    date (their own). A later choice replaces an earlier one."""
    if submission.student_id != student.pk or submission.cohort_id is None:
        raise ValidationError("You can only choose one of your own submissions.")
    if submission.status != Submission.Status.GRADED:
        raise ValidationError("Only a graded submission can be your final one.")
    result = selectors.lab_result_for(
        student=student, cohort=submission.cohort, lab=submission.lab, now=now
    )
    if result.is_due:
        raise ValidationError(
            f"The due date ({date_format(result.due_on, 'M j')}) has passed: "
            "the final submission can no longer change."
        )
    with transaction.atomic():
        choice, _ = FinalChoice.objects.update_or_create(
            student=student,
            cohort_id=submission.cohort_id,
            lab_id=submission.lab_id,
            defaults={"submission": submission, "chosen_at": now or timezone.now()},
        )
    return choice


# ----------------------------------------------------------------- extensions


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Say why: the student and the records will see it."})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": f"Keep it under {REASON_MAX_LENGTH} characters."})
    return reason


def extension_grant(
    *,
    student,
    cohort: Cohort,
    granted_by,
    reason: str,
    lab: Lab | None = None,
    due_on: datetime.date | None = None,
    extra_days: int | None = None,
    now=None,
) -> Extension:
    """A new due date for one lab (due_on), or extra days for every lab (lab=None)."""
    reason = _clean_reason(reason)
    if not Enrolment.objects.filter(
        user=student, cohort=cohort, status__in=(Enrolment.Status.ENROLLED,)
    ).exists():
        raise ValidationError({"student": "That student does not hold a seat in this cohort."})
    if lab is not None:
        if due_on is None:
            raise ValidationError({"due_on": "Pick the new due date."})
        if due_on < lab.due_on(cohort):
            raise ValidationError(
                {"due_on": f"Pick a date on or after the cohort's ({lab.due_on(cohort):%b %-d})."}
            )
        extra_days = None
    else:
        if not extra_days or extra_days < 1:
            raise ValidationError({"extra_days": "Give at least one extra day."})
        due_on = None
    extension = Extension(
        student=student,
        cohort=cohort,
        lab=lab,
        due_on=due_on,
        extra_days=extra_days,
        reason=reason,
        granted_by=granted_by,
        granted_at=now or timezone.now(),
    )
    extension.full_clean()
    extension.save()
    return extension


def extension_revoke(*, extension: Extension, revoked_by, reason: str) -> Extension:
    """Undo an extension granted in error: it stays on record (who revoked it, when, why) and
    counts for nothing from now on, so the student's due dates, late penalty, reminders
    and at-risk flags are what they would have been without it."""
    reason = _clean_reason(reason)
    revoked = Extension.objects.filter(pk=extension.pk, revoked_at=None).update(
        revoked_at=timezone.now(), revoked_by=revoked_by, revoke_reason=reason
    )
    extension.refresh_from_db()
    if not revoked:
        raise ValidationError(
            f"This extension was already revoked on "
            f"{date_format(timezone.localtime(extension.revoked_at), 'M j')}."
        )
    return extension


# ----------------------------------------------------------------- completion


def _record_status(enrolment: Enrolment, *, to_status: str, actor, note: str, now=None) -> bool:
    """Move the enrolment's status with a conditional update and record it in its history."""
    from_status = (
        Enrolment.Status.ENROLLED
        if to_status == Enrolment.Status.COMPLETED
        else Enrolment.Status.COMPLETED
    )
    if not Enrolment.objects.filter(pk=enrolment.pk, status=from_status).update(
        status=to_status, updated_at=now or timezone.now()
    ):
        return False
    enrolment.status = to_status
    EnrolmentEvent.objects.create(
        at=now or timezone.now(),
        enrolment=enrolment,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        from_cohort=enrolment.cohort,
        to_cohort=enrolment.cohort,
        note=note[:200],
    )
    return True


def _certificate_issue(enrolment: Enrolment, *, passed: int, total: int, now) -> Certificate:
    existing = enrolment.certificates.filter(revoked_at=None).first()
    if existing:
        return existing
    user, cohort = enrolment.user, enrolment.cohort
    # A deleted account's certificate names nobody: its page says so.
    name = "" if is_deleted_account(user) else user.get_full_name() or user.get_username()
    return Certificate.objects.create(
        enrolment=enrolment,
        student_name=name,
        program_name=cohort.program.name,
        cohort_name=cohort.name,
        start_date=cohort.start_date,
        end_date=cohort.end_date,
        labs_passed=passed,
        labs_total=total,
        issued_at=now,
    )


def _complete(enrolment, *, passed, total, actor, note, now=None) -> bool:
    now = now or timezone.now()
    if not _record_status(
        enrolment, to_status=Enrolment.Status.COMPLETED, actor=actor, note=note, now=now
    ):
        return False
    _certificate_issue(enrolment, passed=passed, total=total, now=now)
    # Through the outbox, like the enrolment emails: a broker outage delays it, never loses it.
    outbox.email_queue(kind=emails.COMPLETED, object_id=enrolment.pk, user_id=enrolment.user_id)
    return True


def cohort_completion_run(*, cohort: Cohort, now=None) -> dict:
    """Decide completion for the seated students of a finished cohort, once each.

    A student meeting the program's rule is completed; one who does not is decided "not
    completed" only once every lab is closed to late work (until then it may still
    change). Staff overrides are never undone. Safe to run twice or at once: the decision
    row is unique per enrolment and the status moves with a conditional update.
    """
    now = now or timezone.now()
    labs = selectors.published_labs()
    share = selectors.completion_share_for(program_id=cohort.program_id)
    results = selectors.cohort_results(cohort=cohort, labs=labs, now=now)
    decided = set(
        CompletionDecision.objects.filter(enrolment__cohort=cohort).values_list(
            "enrolment_id", flat=True
        )
    )
    counts = {"completed": 0, "not_completed": 0, "waiting": 0}
    enrolments = Enrolment.objects.filter(
        cohort=cohort, status=Enrolment.Status.ENROLLED
    ).select_related("user", "cohort__program")
    for enrolment in enrolments:
        if enrolment.pk in decided:
            continue
        student_results = results.for_student(enrolment.user_id)
        passed = sum(1 for result in student_results.values() if result.has_passed)
        met = rules.completion_met(passed=passed, total=len(labs), min_share=share)
        if not met and not all(result.is_closed for result in student_results.values()):
            counts["waiting"] += 1
            continue
        try:
            with transaction.atomic():
                CompletionDecision.objects.create(
                    enrolment=enrolment,
                    kind=CompletionDecision.Kind.AUTOMATIC,
                    completed=met,
                    labs_passed=passed,
                    labs_total=len(labs),
                    decided_at=now,
                )
                if met:
                    _complete(
                        enrolment,
                        passed=passed,
                        total=len(labs),
                        actor=None,
                        note=f"completed: {passed} of {len(labs)} labs passed",
                        now=now,
                    )
        except IntegrityError:
            continue  # another run decided it a moment ago
        counts["completed" if met else "not_completed"] += 1
    return counts


def completion_run(*, now=None) -> dict:
    """The beat job: every finished cohort."""
    now = now or timezone.now()
    totals = {"completed": 0, "not_completed": 0, "waiting": 0}
    finished = Cohort.objects.with_status(Cohort.Status.FINISHED, timezone.localdate(now))
    for cohort in finished.select_related("program"):
        for key, value in cohort_completion_run(cohort=cohort, now=now).items():
            totals[key] += value
    return totals


@transaction.atomic
def completion_override(
    *, enrolment: Enrolment, completed: bool, reason: str, actor
) -> CompletionDecision:
    """Staff decide completion against (or ahead of) the rule, with a reason."""
    reason = _clean_reason(reason)
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("user", "cohort__program")
        .get(pk=enrolment.pk)
    )
    labs = selectors.published_labs()
    results = selectors.student_results(student=enrolment.user, cohort=enrolment.cohort, labs=labs)
    passed = sum(1 for result in results.values() if result.has_passed)
    if completed:
        if enrolment.status != Enrolment.Status.ENROLLED:
            raise ValidationError(f"Only a seated student can be completed ({enrolment.status}).")
        _complete(
            enrolment, passed=passed, total=len(labs), actor=actor, note=f"completed: {reason}"
        )
    else:
        if enrolment.status != Enrolment.Status.COMPLETED:
            raise ValidationError("This student is not completed.")
        _record_status(
            enrolment,
            to_status=Enrolment.Status.ENROLLED,
            actor=actor,
            note=f"not completed: {reason}",
        )
        for certificate in enrolment.certificates.filter(revoked_at=None):
            certificate_revoke(certificate=certificate, reason=reason, actor=actor)
    return CompletionDecision.objects.create(
        enrolment=enrolment,
        kind=CompletionDecision.Kind.OVERRIDE,
        completed=completed,
        labs_passed=passed,
        labs_total=len(labs),
        reason=reason,
        decided_by=actor,
    )


def certificate_revoke(*, certificate: Certificate, reason: str, actor) -> Certificate:
    """The certificate stops verifying; its page says it was revoked."""
    reason = _clean_reason(reason)
    Certificate.objects.filter(pk=certificate.pk, revoked_at=None).update(
        revoked_at=timezone.now(), revoked_by=actor, revoke_reason=reason
    )
    certificate.refresh_from_db()
    return certificate
