"""The intent survey: open through the cohort's first day, locked on the second; staff change
it only with a reason, kept with who and when."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from outcomes.models import IntentChange, IntentSurvey
from outcomes.services import intent
from tests.factories import UserFactory
from tests.outcomes import factories as f

pytestmark = pytest.mark.django_db
ANSWERS = {"seeks_in_field_job": True, "authorised_to_work": True, "employed_upskilling": False}


def _on(day: datetime.date, hour=9):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), datetime.UTC), tick=False
    )


def test_the_student_answers_and_changes_until_the_first_day():
    enrolment = f.student(f.finished_cohort())
    first_day = enrolment.cohort.start_date
    with _on(first_day - datetime.timedelta(days=10)):
        intent.intent_answer(enrolment=enrolment, answers=ANSWERS)
    with _on(first_day, hour=21):
        survey = intent.intent_answer(
            enrolment=enrolment, answers={**ANSWERS, "employed_upskilling": True}
        )
    assert survey.employed_upskilling and not survey.is_job_seeking


def test_the_survey_locks_on_the_second_day():
    enrolment = f.student(f.finished_cohort())
    with _on(enrolment.cohort.start_date + datetime.timedelta(days=1), hour=0):
        assert intent.is_intent_locked(enrolment=enrolment)
        with pytest.raises(ValidationError, match="closed"):
            intent.intent_answer(enrolment=enrolment, answers=ANSWERS)
    assert not IntentSurvey.objects.filter(enrolment=enrolment).exists()


def test_staff_change_a_locked_survey_with_a_reason_kept_with_who_and_when():
    enrolment = f.student(f.finished_cohort())
    staff = UserFactory(is_staff=True)
    with _on(enrolment.cohort.start_date):
        intent.intent_answer(enrolment=enrolment, answers=ANSWERS)
    later = enrolment.cohort.start_date + datetime.timedelta(days=30)
    with _on(later):
        with pytest.raises(ValidationError, match="why"):
            intent.intent_change(enrolment=enrolment, answers=ANSWERS, actor=staff, reason="   ")
        change = intent.intent_change(
            enrolment=enrolment,
            answers={**ANSWERS, "seeks_in_field_job": False},
            actor=staff,
            reason="Told us at the week-4 check-in: staying at her employer.",
        )
    change = IntentChange.objects.get(pk=change.pk)
    assert change.changed_by == staff
    assert change.changed_at.date() == later
    assert change.before["seeks_in_field_job"] is True
    assert change.after["seeks_in_field_job"] is False
    enrolment.intent.refresh_from_db()
    assert not enrolment.intent.is_job_seeking
