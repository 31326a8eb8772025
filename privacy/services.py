"""Writes for a person's own data: record an export (limited per hour), delete an account.

Deleting an account anonymises the person and keeps what the cohort's numbers are made of:
their enrolments keep their status (seat counts, outcomes), their graded submissions keep
their scores (gradebook statistics, pass rates, leaderboard ranks) and their certificates
stay verifiable, issued to "a deleted account". Nothing that names them is left, the audit
trail included (security.audit.entries_forget_person); their second factor goes too.
"""

import datetime
import logging
import secrets

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from api.models import ApiToken
from courses.models import Certificate, CompletionDecision, Extension, FinalChoice, GradeOverride
from enrolment.admission_models import Offer
from enrolment.models import Enrolment, Interest
from enrolment.services import changes
from enrolment.services.accounts import DELETED_USERNAME_PREFIX
from labs.access import can_review_labs
from labs.models import DueReminder, Submission
from leaderboards.models import LeaderboardProfile
from outbox.models import OutgoingEmail
from outcomes.access import is_career_staff
from outcomes.models import JobRecord
from privacy.models import AccountDeletion, DataExport
from progress.models import CalendarEventState, CalendarFeed
from reviews.models import SubmissionComment
from security import audit, twofactor
from security.models import SecondFactorReset

logger = logging.getLogger("lodestar.privacy")

EXPORTS_PER_HOUR = 3
DELETED_FILE_NAME = "(deleted with the account)"
REMOVED_TEXT = "(removed with the account)"
NOT_GRADED = "Not graded: the student deleted their account first."
REMOVED_COMMENT = "(Removed: the student who wrote this deleted their account.)"
STAFF_ASK_AN_ADMIN = (
    "Staff, instructors and career staff cannot delete their own account here: their name "
    "is on other people's records (grades, extensions, comments, verified job evidence). "
    "Ask an administrator to close it."
)


class ExportThrottled(ValidationError):
    """Too many exports in the last hour; the message says when to try again."""


# ----------------------------------------------------------------- export


def data_export_record(*, user, now=None) -> DataExport:
    """Record one download of the person's data, or refuse the fourth within an hour.

    The user's row is locked, so two clicks at once count as two."""
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=1)
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        recent = list(
            DataExport.objects.filter(user=user, created_at__gt=since)
            .order_by("created_at")
            .values_list("created_at", flat=True)
        )
        if len(recent) >= EXPORTS_PER_HOUR:
            again = timezone.localtime(recent[0] + datetime.timedelta(hours=1))
            raise ExportThrottled(
                f"You downloaded your data {len(recent)} times in the last hour. "
                f"You can download it again from {date_format(again, 'H:i')}."
            )
        return DataExport.objects.create(user=user, created_at=now)


# ----------------------------------------------------------------- deletion


def account_delete_refusal(*, user) -> str:
    """Why this account may not delete itself ("" when it may)."""
    if user.is_staff or user.is_superuser or can_review_labs(user) or is_career_staff(user):
        return STAFF_ASK_AN_ADMIN
    return ""


def _keeps_its_place(enrolment: Enrolment, *, today: datetime.date) -> bool:
    """An enrolled student of a cohort that has started stays counted in it (its gradebook,
    leaderboards, completion); every other place is given up, so that a seat, an offer or
    a waitlist place goes to the next person."""
    return enrolment.status == Enrolment.Status.ENROLLED and enrolment.cohort.start_date <= today


def _new_account_name() -> str:
    User = get_user_model()
    while True:
        name = f"{DELETED_USERNAME_PREFIX}{secrets.token_hex(6)}"
        if not User.objects.filter(username=name).exists():
            return name


def account_delete(*, user, now=None) -> AccountDeletion:
    """Delete the person's account: anonymise it in one transaction, then remove their
    uploads from storage once it has committed. Refused for staff and instructors."""
    now = now or timezone.now()
    refusal = account_delete_refusal(user=user)
    if refusal:
        raise ValidationError(refusal)
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if AccountDeletion.objects.filter(user=user).exists():
            raise ValidationError("This account is already deleted.")
        old_logins = {name.lower() for name in (user.get_username(), user.email) if name}
        audited = _audited_rows(user)  # read first: some go with the account
        _give_up_places(user, today=timezone.localdate(now))
        files = _anonymise(user)
        twofactor.second_factor_forget(user=user)
        # The private calendar link stops working; what it last served goes with it.
        CalendarFeed.objects.filter(user=user).delete()
        CalendarEventState.objects.filter(user=user).delete()
        AccessAttempt.objects.filter(_username_in(old_logins)).delete()
        AccessFailureLog.objects.filter(_username_in(old_logins)).delete()
        AccessLog.objects.filter(_username_in(old_logins)).delete()
        deletion = AccountDeletion.objects.create(
            user=user,
            account=user.get_username(),
            deleted_at=now,
            files_total=len(files),
            files_left=files,
        )
        # Last, so that it also covers what this deletion wrote to the trail.
        audit.entries_forget_person(user=user, rows=audited)
        transaction.on_commit(lambda: account_files_delete(deletion_id=deletion.pk))
    logger.info("account deleted", extra={"account": deletion.account, "files": len(files)})
    return deletion


def _username_in(names: set[str]) -> Q:
    query = Q(pk__in=[])
    for name in names:
        query |= Q(username__iexact=name)
    return query


def _audited_rows(user) -> list:
    """The person's rows that the audit trail follows (security.audit.AUDITED_MODELS)."""
    return [
        user,
        *Enrolment.objects.filter(user=user),
        *Interest.objects.filter(user=user),
        *Offer.objects.filter(enrolment__user=user),
        *Extension.objects.filter(student=user),
        *FinalChoice.objects.filter(student=user),
        *CompletionDecision.objects.filter(enrolment__user=user),
        *Certificate.objects.filter(enrolment__user=user),
        *GradeOverride.objects.filter(student=user),
        *SubmissionComment.objects.filter(author=user),
        *ApiToken.objects.filter(user=user),
        *SecondFactorReset.objects.filter(user=user),
    ]


def _give_up_places(user, *, today) -> None:
    """Withdraw from every place still held but the seats of cohorts under way, through
    the enrolment service: a freed seat is offered to the head of the waitlist."""
    held = Enrolment.objects.filter(user=user, status__in=Enrolment.HOLDING_A_PLACE).select_related(
        "cohort__program"
    )
    for enrolment in held:
        if not _keeps_its_place(enrolment, today=today):
            changes.enrolment_withdraw(enrolment=enrolment, actor=user, note="account deleted")
    Interest.objects.filter(user=user, status=Interest.Status.WAITING).update(
        status=Interest.Status.WITHDRAWN
    )


def _anonymise(user) -> list[str]:
    """Remove what names or describes the person; return their stored files' names."""
    user.username = _new_account_name()
    user.first_name = user.last_name = user.email = ""
    user.set_unusable_password()  # also ends every session: their hash no longer matches
    user.is_active = False
    user.last_login = None
    user.save()
    # A placeholder rather than "": staff may still open these rows in the admin.
    Enrolment.objects.filter(user=user).update(motivation=REMOVED_TEXT, due_reminders=False)
    Interest.objects.filter(user=user).update(motivation=REMOVED_TEXT)
    ApiToken.objects.filter(user=user).delete()
    LeaderboardProfile.objects.update_or_create(
        user=user, defaults={"display_name": "", "is_hidden": True}
    )
    Certificate.objects.filter(enrolment__user=user).update(student_name="")
    SubmissionComment.objects.filter(author=user).update(body=REMOVED_COMMENT)
    # Unsent mail about them would go to nobody; sent mail is no one's business now.
    OutgoingEmail.objects.filter(user=user).delete()
    DueReminder.objects.filter(student=user).delete()
    DataExport.objects.filter(user=user).delete()
    submissions = Submission.objects.filter(student=user)
    files = list(submissions.exclude(file="").values_list("file", flat=True))
    # Not graded yet, and its file is about to go: it ends here, not charged, never graded.
    submissions.filter(status=Submission.Status.QUEUED).update(
        status=Submission.Status.ERROR, problems=[NOT_GRADED], finished_at=timezone.now()
    )
    # Scores, statuses and dates stay (the cohort's statistics); the file, its name and the
    # student's note on it go.
    submissions.update(file="", original_name=DELETED_FILE_NAME, note="")
    # Job-search records stay counted in the outcomes reports (status, kind, dates, salary,
    # the verdict on the evidence); the evidence and what could name the person go.
    jobs = JobRecord.objects.filter(enrolment__user=user)
    files += jobs.exclude(evidence="").values_list("evidence", flat=True)
    jobs.update(evidence="", evidence_name="", employer="", role_title="")
    return files


def account_files_delete(*, deletion_id: int) -> list[str]:
    """Remove a deleted account's uploads from storage; keep the names of any the storage
    could not remove (tried again from the admin). Returns those names."""
    deletion = AccountDeletion.objects.get(pk=deletion_id)
    storage = Submission._meta.get_field("file").storage
    left = []
    for name in deletion.files_left:
        try:
            storage.delete(name)
        except Exception:  # a bucket that is away: keep the name, say so, go on
            logger.exception("could not delete a stored file of a deleted account")
            left.append(name)
    AccountDeletion.objects.filter(pk=deletion.pk).update(files_left=left)
    return left
