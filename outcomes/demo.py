"""Demo data for outcomes: the finished demo cohort's alumni, their intent, job searches
with evidence, career staff who verified some of it, and a published report, so that
/outcomes/ and the salary page show figures after `make run`, on any day.

Made through the services. Two timestamps are set back afterwards, because those services
act "now": staff completing an alumnus (courses' completion_override) and a withdrawal
(enrolment's enrolment_withdraw) are dated as if done on the course's calendar, a state
staff could have reached by acting on those days.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses import services as course_services
from courses.models import CompletionDecision
from enrolment.demo import DEMO_PASSWORD, MOTIVATIONS, demo_finished_cohort
from enrolment.models import Enrolment, EnrolmentEvent, Program
from enrolment.money import minor_per_unit
from enrolment.services import accounts, applications, changes
from outcomes import access, rules
from outcomes.models import InFieldRole, JobRecord, PublishedReport
from outcomes.services import intent, records, reports

IN_FIELD_ROLES = ["ML engineer", "Data scientist", "MLOps engineer", "Applied scientist"]
# A made-up one-page PDF: the demo's "offer letters".
OFFER_LETTER = b"%PDF-1.4\n% Lodestar demo offer letter (made up)\n%%EOF\n"

# username, name, what happened: (kind or outcome, start day after graduating, salary USD)
ALUMNI = [
    ("alumni1", "Noor Aziz", ("full_time", 35, 112_000)),
    ("alumni2", "Mateo Rossi", ("full_time", 48, 98_000)),
    ("alumni3", "Hana Sato", ("full_time", 27, 125_000)),
    ("alumni4", "Felix Braun", ("contract", 20, 90_000)),
    ("alumni5", "Ada Nwosu", ("part_time", 41, 61_000)),
    ("alumni6", "Liam Walsh", ("school", 14, 84_000)),
    ("alumni7", "Zoe Dubois", ("out_of_field", 30, None)),
    ("alumni8", "Ivo Petrov", ("still_searching", 0, None)),
    ("alumni9", "Mei Chen", ("not_seeking", 0, None)),
    ("alumni10", "Sam Okoro", ("not_reported", 0, None)),
    ("alumni11", "Rosa Lima", ("dropout", 0, None)),
    ("alumni12", "Theo Klein", ("dropout", 0, None)),
    ("alumni13", "Yara Haddad", ("not_graduated", 0, None)),
]
# The four graduates of enrolment.demo (their completion comes from their lab work).
GRADUATE_OUTCOMES = {
    "graduate": ("full_time", 31, 118_000),
    "graduate2": ("full_time", 45, 104_000),
    "graduate3": ("still_searching", 0, None),
    "graduate4": ("full_time", 52, 109_000),
}
CAREER_STAFF = ("careers", "Cara Lindgren")
WAITING_FOR_VERIFICATION = {"graduate2", "alumni4"}


def seed_outcomes_demo(*, seed: int) -> list[tuple[str, str, str]]:
    for program in Program.objects.all():
        for title in IN_FIELD_ROLES:
            InFieldRole.objects.get_or_create(program=program, title=title)
    career = _user(*CAREER_STAFF)
    career.groups.add(access.career_staff_group())
    cohort = demo_finished_cohort()
    if cohort is None:
        return []
    admin = get_user_model().objects.get(username="admin")
    rng = random.Random(seed)
    plans = dict(GRADUATE_OUTCOMES)
    for username, name, plan in ALUMNI:
        _alumnus(_user(username, name), cohort, plan, admin=admin, rng=rng)
        plans[username] = plan
    for enrolment in Enrolment.objects.filter(
        cohort=cohort, status=Enrolment.Status.COMPLETED, user__username__in=plans
    ).select_related("user", "cohort__program"):
        _job_search(enrolment, plans[enrolment.user.username], career=career)
    period = rules.Period.containing(cohort.end_date)
    if not PublishedReport.objects.filter(
        program=cohort.program, year=period.year, half=period.half
    ).exists():
        reports.report_publish(
            program=cohort.program, period=period, actor=admin, note="Demo report (seed_demo)."
        )
    return [("career staff", CAREER_STAFF[0], DEMO_PASSWORD)]


def _user(username: str, name: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = accounts.user_create(
            name=name, email=f"{username}@example.com", password=DEMO_PASSWORD
        )
        user.username = username
        user.save(update_fields=["username"])
    return user


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), timezone.get_current_timezone())


def _alumnus(user, cohort, plan, *, admin, rng) -> None:
    if Enrolment.objects.filter(user=user, cohort=cohort).exists():
        return
    outcome = plan[0]
    enrolment = applications.enrolment_create(
        user=user,
        cohort=cohort,
        actor=admin,
        note="demo data",
        now=_at(cohort.start_date - datetime.timedelta(days=20)),
        background=rng.choice(Enrolment.Background.values),
        python_experience=rng.choice(Enrolment.Experience.values),
        java_experience=rng.choice(Enrolment.Experience.values),
        cpp_experience=rng.choice(Enrolment.Experience.values),
        motivation=rng.choice(MOTIVATIONS),
    )
    intent.intent_answer(
        enrolment=enrolment,
        answers={
            "seeks_in_field_job": outcome != "not_seeking",
            "authorised_to_work": True,
            "employed_upskilling": outcome == "not_seeking",
        },
        now=_at(cohort.start_date - datetime.timedelta(days=7)),
    )
    if outcome == "dropout":
        changes.enrolment_withdraw(enrolment=enrolment, actor=admin, note="left the course")
        EnrolmentEvent.objects.filter(
            enrolment=enrolment, to_status=Enrolment.Status.WITHDRAWN
        ).update(at=_at(cohort.start_date + datetime.timedelta(days=rng.randrange(10, 40))))
    elif outcome != "not_graduated":
        course_services.completion_override(
            enrolment=enrolment, completed=True, reason="Demo: completed the course.", actor=admin
        )
        graduated = _at(cohort.end_date + datetime.timedelta(days=1), hour=6)
        CompletionDecision.objects.filter(enrolment=enrolment).update(decided_at=graduated)
        EnrolmentEvent.objects.filter(
            enrolment=enrolment, to_status=Enrolment.Status.COMPLETED
        ).update(at=graduated)


def _job_search(enrolment, plan, *, career) -> None:
    if JobRecord.objects.filter(enrolment=enrolment).exists():
        return
    outcome, start_after, salary = plan
    if outcome == "not_reported":
        return
    graduated = enrolment.cohort.end_date + datetime.timedelta(days=1)
    today = timezone.localdate()
    first = min(graduated + datetime.timedelta(days=5), today)
    user = enrolment.user
    records.record_create(
        enrolment=enrolment,
        actor=user,
        values={"status": "not_seeking" if outcome == "not_seeking" else "searching"},
        now=_at(first, hour=18),
    )
    if outcome not in rules.KINDS and outcome != "out_of_field":
        return
    start = min(graduated + datetime.timedelta(days=start_after), today)
    in_field = outcome != "out_of_field"
    role = InFieldRole.objects.filter(program=enrolment.cohort.program).order_by("pk").first()
    record = records.record_create(
        enrolment=enrolment,
        actor=user,
        values={
            "status": JobRecord.Status.HIRED,
            "employer": "Lodestar" if outcome == "school" else "Northwind Analytics",
            "role_title": role.title if in_field else "Customer success manager",
            "in_field_role": role if in_field else None,
            "kind": outcome if in_field else "full_time",
            "start_date": start,
            "base_salary_minor": salary * minor_per_unit("USD") if salary else None,
            "salary_currency": "USD" if salary else "",
        },
        evidence=("offer-letter.pdf", OFFER_LETTER),
        now=_at(max(first, start - datetime.timedelta(days=14)), hour=12),
    )
    # Career staff verified most offers; a few wait for them (the pipeline shows which).
    if user.username not in WAITING_FOR_VERIFICATION:
        records.record_verify(record=record, actor=career, verified=True)
