"""The audit trail: which models django-auditlog watches, and records of actions it cannot see.

Every create, change and delete of an audited model (in the admin, the instructor tools,
a service or a task) becomes a LogEntry with the values before and after; during a
request, security.middleware.AuditContext adds who and from which address. Tasks and
commands leave the actor empty. The entries are append-only in the admin
(security/admin_audit.py).
"""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps

# model -> what to leave out of the record ("exclude"), and relations to follow ("m2m").
# Left out: secrets (password hashes, token hashes) and bookkeeping that changes on its own.
AUDITED_MODELS = {
    "auth.User": {"exclude": ["password", "last_login"], "m2m": ["groups", "user_permissions"]},
    "auth.Group": {"m2m": ["permissions"]},
    "enrolment.Program": {},
    # seats_taken moves with every sign-up; the enrolments themselves are recorded.
    "enrolment.Cohort": {"exclude": ["seats_taken"], "m2m": ["instructors"]},
    "enrolment.Enrolment": {"exclude": ["updated_at"]},
    "enrolment.Offer": {},
    "enrolment.Interest": {},
    "labs.Dataset": {},
    "labs.Lab": {},
    "courses.LatePolicy": {},
    "courses.CompletionRule": {},
    "courses.Extension": {},
    "courses.CompletionDecision": {},
    "courses.Certificate": {},
    "courses.FinalChoice": {},
    "courses.GradeOverride": {},
    "reviews.Announcement": {},
    "reviews.SubmissionComment": {},
    # Rubric grading: staff's rubrics, graders' marks and releases (regrade decisions are
    # rows of their own, with who and when).
    "rubrics.Rubric": {},
    "rubrics.RubricItem": {},
    "rubrics.RubricMark": {},
    "rubrics.GradeRelease": {},
    "leaderboards.LeaderboardSetting": {},
    "live.LiveSession": {"exclude": ["updated_at"]},
    "live.Attendance": {},
    "live.WeeklySlot": {},
    "api.ApiToken": {"exclude": ["key_hash", "last_used_at"]},
    "security.SecondFactorReset": {},
    # The career pages' content, edited by staff in the admin.
    "careers.Role": {},
    "careers.Responsibility": {},
    "careers.Skill": {},
    "careers.Language": {},
    "careers.SystemType": {},
    "careers.RealWorldApplication": {},
    "careers.EntryRole": {},
    "careers.StudyPath": {},
    "careers.PathPoint": {},
    "careers.Question": {},
}


def register_audited_models() -> None:
    for label, options in AUDITED_MODELS.items():
        model = apps.get_model(label)
        if auditlog.contains(model):
            continue
        auditlog.register(
            model,
            exclude_fields=[*options.get("exclude", []), *_reverse_one_to_one(model)],
            m2m_fields=set(options.get("m2m", [])),
        )


def _reverse_one_to_one(model) -> list[str]:
    """Other models' one-to-one links to this one (a user's email confirmation, leaderboard
    profile, ...). They are not the audited row's fields, and django-auditlog would read
    each with a query of its own on every create and delete: four wasted queries per
    sign-up (docs/benchmarks.md). The linked rows are recorded as themselves if audited."""
    return [
        field.name
        for field in model._meta.get_fields()
        if field.one_to_one and field.auto_created and not field.concrete
    ]


def regrade_record(*, submission) -> LogEntry:
    """A person queued a submission for grading again: its grade before, and none after.
    Call it with the instance as it was read before the regrade (the service updates rows)."""
    return action_record(
        instance=submission,
        changes={
            "status": [submission.status, "queued"],
            "passed": [submission.passed, None],
            "public_score": [submission.public_score, None],
        },
    )


def action_record(*, instance, changes: dict) -> LogEntry:
    """Record an action on a model the registry does not watch (submissions change with
    every grade; a regrade asked by a person is what matters): `changes` maps a name to
    [before, after]. The actor and address come from the request, as for any entry."""
    return LogEntry.objects.log_create(
        instance, force_log=True, action=LogEntry.Action.UPDATE, changes=changes
    )


# ---------------------------------------------------------------- a deleted account

# Values of these fields name or describe a person (their log-in, names, address, words).
PERSONAL_FIELDS = frozenset(
    {"username", "first_name", "last_name", "email", "motivation", "student_name", "body"}
)
REMOVED_VALUE = "(removed with the account)"


def entries_forget_person(*, user, rows) -> int:
    """After an account is deleted (privacy.services.account_delete), the trail keeps what
    happened to the person's rows and what they did, but no longer what named them.

    `rows`: the audited instances that were theirs, read before the deletion for the ones it
    removes. Their entries are described as the rows are now (the anonymised name, or
    REMOVED_VALUE for a row that is gone) and lose the values of PERSONAL_FIELDS; the
    entries the person made lose their address. Returns how many entries were changed.
    Entries are append-only in the admin: this is the only code that rewrites them.
    """
    from django.contrib.contenttypes.models import ContentType

    changed = 0
    for row in rows:
        model = type(row)
        now = model._default_manager.filter(pk=row.pk).first()
        description = str(now) if now is not None else REMOVED_VALUE
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_pk=str(row.pk)
        )
        for pk, changes in entries.values_list("pk", "changes"):
            # update(), not save(): during a request auditlog's pre_save would make the
            # person deleting their account the actor of entries that had none.
            LogEntry.objects.filter(pk=pk).update(
                object_repr=description, changes=_without_personal_values(changes)
            )
            changed += 1
    changed += LogEntry.objects.filter(actor=user).update(
        remote_addr=None, remote_port=None, actor_email=None
    )
    return changed


def _without_personal_values(changes):
    if not isinstance(changes, dict):
        return changes
    return {
        name: (
            [REMOVED_VALUE if value not in (None, "") else value for value in values]
            if name in PERSONAL_FIELDS and isinstance(values, list)
            else values
        )
        for name, values in changes.items()
    }
