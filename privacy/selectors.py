"""Everything the site keeps about one person, as they may see it: me.json and their files.

What a page would not show them stays out: hidden test labels (never stored per person
anyway), private scores before their own cutoff, operators' notes on platform errors, API
token hashes, staff's internal notes, and anything about another student.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from courses.models import Certificate, CompletionDecision, Extension, FinalChoice, GradeOverride
from courses.selectors import private_scores_shown
from enrolment.models import EmailConfirmation, Enrolment, EnrolmentEvent, Interest
from labs.models import Submission
from leaderboards.aliases import alias_for
from leaderboards.models import LeaderboardProfile
from privacy import messages_export
from privacy.live_export import live_sessions
from privacy.outcomes_export import career_outcomes
from privacy.values import when
from progress.models import CalendarFeed
from reviews.models import SubmissionComment
from security.twofactor import second_factor_summary
from teams import selectors as team_selectors

EXPORT_FORMAT = "lodestar-personal-data/1"
# What a feedback dictionary may not pass on: the operator's reason for a platform error.
INTERNAL_SANDBOX_KEYS = {"operator_message"}


@dataclass
class PersonalExport:
    """me.json's content, and the stored files to put beside it under files/."""

    data: dict
    files: list[tuple[str, FieldFile]] = field(default_factory=list)


def personal_export(*, user, now=None) -> PersonalExport:
    """Everything about `user` that the site keeps and shows them, read at one moment."""
    now = now or timezone.now()
    export = PersonalExport(
        data={
            "format": EXPORT_FORMAT,
            "exported_at": when(now),
            "profile": _profile(user),
            "enrolments": _enrolments(user),
            "interest_list": _interests(user),
            "submissions": [],
            "final_choices": _final_choices(user),
            "extensions": _extensions(user),
            "grade_overrides": _grade_overrides(user),
            "leaderboard": _leaderboard(user),
            "api_tokens": _api_tokens(user),
            "calendar_link": _calendar_link(user),
            "announcements": messages_export.announcements(user),
            "due_reminders_sent": messages_export.due_reminders(user),
            "second_factor": _second_factor(user),
            "capstone_teams": team_selectors.personal_rows(user=user),
        }
    )
    export.data["submissions"] = _submissions(user, export, now=now)
    export.data["career_outcomes"] = career_outcomes(user, export.files)
    export.data["live_sessions"] = live_sessions(user)
    export.data["lessons_done"] = messages_export.lessons_done(user)
    return export


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _profile(user) -> dict:
    confirmation = EmailConfirmation.objects.filter(user=user).first()
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": when(user.date_joined),
        "last_login": when(user.last_login),
        "email_confirmed_at": when(confirmation.confirmed_at) if confirmation else None,
    }


def _cohort(cohort) -> dict | None:
    if cohort is None:
        return None
    return {
        "name": cohort.name,
        "program": cohort.program.name,
        "start_date": when(cohort.start_date),
        "end_date": when(cohort.end_date),
    }


def _application(row) -> dict:
    return {
        "background": row.get_background_display(),
        "python_experience": row.get_python_experience_display(),
        "java_experience": row.get_java_experience_display(),
        "cpp_experience": row.get_cpp_experience_display(),
        "motivation": row.motivation,
    }


def _event_by(event: EnrolmentEvent, user) -> str:
    if event.actor_id is None:
        return "automatic"
    return "you" if event.actor_id == user.pk else "staff"


def _enrolments(user) -> list[dict]:
    enrolments = (
        Enrolment.objects.filter(user=user)
        .select_related("cohort__program")
        .prefetch_related(
            Prefetch(
                "events",
                EnrolmentEvent.objects.select_related(
                    "from_cohort__program", "to_cohort__program"
                ).order_by("at", "pk"),
            ),
            "offers",
            Prefetch("completion_decisions", CompletionDecision.objects.order_by("decided_at")),
            Prefetch("certificates", Certificate.objects.order_by("issued_at")),
        )
        .order_by("created_at", "pk")
    )
    return [
        {
            "cohort": _cohort(enrolment.cohort),
            "status": enrolment.get_status_display(),
            "created_at": when(enrolment.created_at),
            "updated_at": when(enrolment.updated_at),
            "due_reminders": enrolment.due_reminders,
            "application": _application(enrolment),
            "events": [
                {
                    "at": when(event.at),
                    "from_status": event.from_status,
                    "to_status": event.to_status,
                    "from_cohort": event.from_cohort.name if event.from_cohort else None,
                    "to_cohort": event.to_cohort.name if event.to_cohort else None,
                    "by": _event_by(event, user),
                }
                for event in enrolment.events.all()
            ],
            "offers": [
                {
                    "status": offer.get_status_display(),
                    "created_at": when(offer.created_at),
                    "expires_at": when(offer.expires_at),
                    "decided_at": when(offer.decided_at),
                }
                for offer in sorted(enrolment.offers.all(), key=lambda offer: offer.created_at)
            ],
            "completion": [
                {
                    "completed": decision.completed,
                    "kind": decision.get_kind_display(),
                    "labs_passed": decision.labs_passed,
                    "labs_total": decision.labs_total,
                    "decided_at": when(decision.decided_at),
                }
                for decision in enrolment.completion_decisions.all()
            ],
            "certificates": [_certificate(item) for item in enrolment.certificates.all()],
        }
        for enrolment in enrolments
    ]


def _certificate(certificate: Certificate) -> dict:
    return {
        "address": reverse("courses:certificate", kwargs={"token": certificate.token}),
        "student_name": certificate.student_name,
        "program": certificate.program_name,
        "cohort": certificate.cohort_name,
        "labs_passed": certificate.labs_passed,
        "labs_total": certificate.labs_total,
        "issued_at": when(certificate.issued_at),
        "revoked_at": when(certificate.revoked_at),
    }


def _interests(user) -> list[dict]:
    interests = Interest.objects.filter(user=user).select_related("program")
    return [
        {
            "program": interest.program.name,
            "status": interest.get_status_display(),
            "created_at": when(interest.created_at),
            "application": _application(interest),
        }
        for interest in interests.order_by("created_at", "pk")
    ]


def _feedback(feedback) -> dict:
    feedback = dict(feedback or {})
    sandbox = feedback.get("sandbox")
    if isinstance(sandbox, dict):
        feedback["sandbox"] = {k: v for k, v in sandbox.items() if k not in INTERNAL_SANDBOX_KEYS}
    return feedback


_UNSAFE_IN_NAMES = re.compile(r"[^A-Za-z0-9._-]+")


def file_name_in_export(submission: Submission) -> str:
    """files/<id>-<the student's file name>, made safe for any unzip (no folders, no dots
    in front, ordinary characters only)."""
    original = (submission.original_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    safe = _UNSAFE_IN_NAMES.sub("_", original).lstrip("._")[-80:] or "file"
    return f"files/{submission.pk}-{safe}"


def _comment(comment: SubmissionComment, user) -> dict:
    mine = comment.author_id == user.pk
    return {
        "by": "you" if mine else "instructor",
        "author": _person(comment.author),
        "body": comment.body,
        "created_at": when(comment.created_at),
    }


def _submissions(user, export: PersonalExport, *, now) -> list[dict]:
    submissions = list(
        Submission.objects.filter(student=user)
        .select_related("lab__dataset", "cohort__program")
        .prefetch_related(
            Prefetch(
                "comments",
                SubmissionComment.objects.select_related("author").order_by("created_at", "pk"),
            )
        )
        .order_by("created_at", "pk")
    )
    shown = private_scores_shown(submissions=submissions, now=now)
    rows = []
    for submission in submissions:
        in_export = None
        if submission.file:
            in_export = file_name_in_export(submission)
            export.files.append((in_export, submission.file))
        rows.append(
            {
                "id": submission.pk,
                "lab": submission.lab.slug,
                "lab_title": submission.lab.title,
                "cohort": submission.cohort.name if submission.cohort else None,
                "original_name": submission.original_name,
                "note": submission.note,
                "size_bytes": submission.size_bytes,
                "file": in_export,
                "status": submission.get_status_display(),
                "passed": submission.passed,
                "public_score": submission.public_score,
                "private_score": submission.private_score if submission.pk in shown else None,
                "reference_score": submission.reference_public_score,
                "problems": list(submission.problems or []),
                "feedback": _feedback(submission.feedback),
                "created_at": when(submission.created_at),
                "finished_at": when(submission.finished_at),
                "comments": [_comment(comment, user) for comment in submission.comments.all()],
            }
        )
    return rows


def _final_choices(user) -> list[dict]:
    choices = FinalChoice.objects.filter(student=user).select_related("lab", "cohort")
    return [
        {
            "lab": choice.lab.slug,
            "cohort": choice.cohort.name,
            "submission": choice.submission_id,
            "chosen_at": when(choice.chosen_at),
        }
        for choice in choices.order_by("chosen_at", "pk")
    ]


def _extensions(user) -> list[dict]:
    extensions = Extension.objects.filter(student=user).select_related("lab", "cohort")
    return [
        {
            "cohort": extension.cohort.name,
            "lab": extension.lab.slug if extension.lab else None,
            "due_on": when(extension.due_on),
            "extra_days": extension.extra_days,
            "reason": extension.reason,
            "granted_at": when(extension.granted_at),
            "revoked_at": when(extension.revoked_at),
        }
        for extension in extensions.order_by("granted_at", "pk")
    ]


def _grade_overrides(user) -> list[dict]:
    """The overrides in force, as the dashboard shows them."""
    overrides = GradeOverride.objects.filter(student=user, revoked_at__isnull=True)
    return [
        {
            "cohort": override.cohort.name,
            "lab": override.lab.slug,
            "passed": override.passed,
            "score": override.score,
            "reason": override.reason,
            "created_at": when(override.created_at),
        }
        for override in overrides.select_related("lab", "cohort").order_by("created_at", "pk")
    ]


def _leaderboard(user) -> dict:
    profile = LeaderboardProfile.objects.filter(user=user).first()
    return {
        "alias": alias_for(user.pk),
        "display_name": profile.display_name if profile else "",
        "is_hidden": profile.is_hidden if profile else False,
    }


def _api_tokens(user) -> list[dict]:
    tokens = ApiToken.objects.filter(user=user).order_by("created_at", "pk")
    return [
        {
            "name": token.name,
            "scope": token.get_scope_display(),
            "created_at": when(token.created_at),
            "expires_at": when(token.expires_at),
            "last_used_at": when(token.last_used_at),
            "revoked_at": when(token.revoked_at),
        }
        for token in tokens
    ]


def _calendar_link(user) -> dict | None:
    """When the private calendar link was made and last replaced (never the link itself)."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        return None
    return {"created_at": when(feed.created_at), "rotated_at": when(feed.rotated_at)}


def _second_factor(user) -> dict:
    summary = second_factor_summary(user)
    if summary["authenticator"]:
        summary["authenticator"]["last_used_at"] = when(summary["authenticator"]["last_used_at"])
    for reset in summary["resets"]:
        reset["at"] = when(reset["at"])
    return summary
