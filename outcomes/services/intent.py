"""The intent survey: answered by the student up to their cohort's first day, then locked;
after that only staff change it, with a reason kept with who and when."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from enrolment.models import Enrolment
from outcomes.models import INTENT_FIELDS, IntentChange, IntentSurvey


def is_intent_locked(*, enrolment: Enrolment, today: datetime.date | None = None) -> bool:
    """Open before and on the cohort's first day; locked from the second day on."""
    return (today or timezone.localdate()) > enrolment.cohort.start_date


def _answers(survey: IntentSurvey) -> dict:
    return {name: getattr(survey, name) for name in INTENT_FIELDS}


@transaction.atomic
def intent_answer(*, enrolment: Enrolment, answers: dict, now=None) -> IntentSurvey:
    """The student's own answer (or a change of it) while the survey is open."""
    now = now or timezone.now()
    if is_intent_locked(enrolment=enrolment, today=timezone.localdate(now)):
        raise ValidationError(
            "The intent survey closed after your cohort's first day; ask career staff to change it."
        )
    values = {name: bool(answers[name]) for name in INTENT_FIELDS}
    survey, created = IntentSurvey.objects.get_or_create(
        enrolment=enrolment, defaults={**values, "answered_at": now, "updated_at": now}
    )
    if not created:
        for name, value in values.items():
            setattr(survey, name, value)
        survey.updated_at = now
        survey.save()
    return survey


@transaction.atomic
def intent_change(
    *, enrolment: Enrolment, answers: dict, actor, reason: str, now=None
) -> IntentChange:
    """Staff's change of a survey (locked or not, answered or not), kept with its reason."""
    now = now or timezone.now()
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Say why the intent changes: the reason is kept with the change.")
    values = {name: bool(answers[name]) for name in INTENT_FIELDS}
    survey = IntentSurvey.objects.select_for_update().filter(enrolment=enrolment).first()
    before = _answers(survey) if survey else {}
    if survey is None:
        survey = IntentSurvey.objects.create(
            enrolment=enrolment, answered_at=now, updated_at=now, **values
        )
    else:
        for name, value in values.items():
            setattr(survey, name, value)
        survey.updated_at = now
        survey.save()
    return IntentChange.objects.create(
        survey=survey,
        changed_by=actor,
        changed_at=now,
        reason=reason[:300],
        before=before,
        after=values,
    )
