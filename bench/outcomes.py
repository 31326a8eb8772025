"""Server time of a program's half-year outcomes report for 10,000 enrolled students.

Twenty Intensive cohorts of 500 students end in one half-year; each student is a graduate
(on time or late), a dropout or still enrolled, with an intent survey and, for most
graduates, two job-search records (searching, then hired in or out of field, with a salary).
Times `outcomes.selectors.report_compute`, the function the staff page and publishing call.
Run alone: `python -m bench.outcomes`.
"""

import datetime
import gc
import json
import random
import statistics
import time

STUDENTS = 10_000
COHORTS = 20
RUNS = 15
UNUSABLE = "!"  # noqa: S105 - an unusable password hash: nobody logs in


def built(rng: random.Random):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from courses.models import CompletionDecision
    from enrolment.models import Cohort, Enrolment, EnrolmentEvent, Program
    from outcomes.models import InFieldRole, IntentSurvey, JobRecord

    program = Program.objects.get(slug="intensive")
    role = InFieldRole.objects.get_or_create(program=program, title="ML engineer")[0]
    tz = timezone.get_current_timezone()
    first = datetime.date(2026, 1, 5)  # every cohort ended before the bench runs
    cohorts = []
    for index in range(COHORTS):
        cohort = Cohort(program=program, name=f"Bench {index}", capacity=STUDENTS)
        cohort.start_date = first - datetime.timedelta(weeks=index % 10, days=index // 10)
        cohort.end_date = cohort.compute_end_date()
        cohorts.append(cohort)
    Cohort.objects.bulk_create(cohorts)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bench-outcomes-{n}", password=UNUSABLE) for n in range(STUDENTS)
    )
    statuses = rng.choices(
        [Enrolment.Status.COMPLETED, Enrolment.Status.WITHDRAWN, Enrolment.Status.ENROLLED],
        weights=[80, 15, 5],
        k=STUDENTS,
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            user=user,
            cohort=cohorts[n % COHORTS],
            status=statuses[n],
            background="other",
            python_experience="some",
            java_experience="none",
            cpp_experience="none",
            motivation="bench",
        )
        for n, user in enumerate(users)
    )

    def moment(day, hour=12):
        return datetime.datetime.combine(day, datetime.time(hour), tz)

    events, decisions, intents, records = [], [], [], []
    for enrolment in enrolments:
        cohort = enrolment.cohort
        events.append(
            EnrolmentEvent(
                enrolment=enrolment, to_status="enrolled", at=moment(cohort.start_date, 8)
            )
        )
        intents.append(
            IntentSurvey(
                enrolment=enrolment,
                seeks_in_field_job=rng.random() < 0.9,
                authorised_to_work=True,
                employed_upskilling=rng.random() < 0.05,
            )
        )
        if enrolment.status == Enrolment.Status.WITHDRAWN:
            left = cohort.start_date + datetime.timedelta(days=rng.randrange(-5, 60))
            events.append(
                EnrolmentEvent(enrolment=enrolment, to_status="withdrawn", at=moment(left))
            )
            continue
        if enrolment.status != Enrolment.Status.COMPLETED:
            continue
        graduated = cohort.end_date + datetime.timedelta(days=rng.choice([1, 1, 1, 2, 30]))
        decisions.append(
            CompletionDecision(
                enrolment=enrolment, kind="automatic", completed=True, decided_at=moment(graduated)
            )
        )
        if rng.random() < 0.1:
            continue
        records.append(JobRecord(enrolment=enrolment, status="searching", employer=""))
        if rng.random() < 0.75:
            in_field = rng.random() < 0.8
            records.append(
                JobRecord(
                    enrolment=enrolment,
                    status="hired",
                    employer="Bench Inc",
                    in_field_role=role if in_field else None,
                    kind=rng.choice(["full_time", "full_time", "part_time", "contract", "school"]),
                    start_date=graduated + datetime.timedelta(days=rng.randrange(10, 220)),
                    base_salary_minor=rng.randrange(60_000, 160_000) * 100,
                    salary_currency="USD",
                )
            )
    EnrolmentEvent.objects.bulk_create(events, batch_size=5000)
    CompletionDecision.objects.bulk_create(decisions, batch_size=5000)
    IntentSurvey.objects.bulk_create(intents, batch_size=5000)
    JobRecord.objects.bulk_create(records, batch_size=5000)
    return program


def run() -> dict:
    from django.apps import apps

    owns_database = not apps.ready
    if owns_database:
        from bench import environment

        environment.setup_django()
    try:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from outcomes import rules, selectors

        program = built(random.Random(7))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE") if connection.vendor == "postgresql" else None
        period = rules.Period(2026, 1)
        figures = selectors.report_compute(program=program, period=period)
        if figures["enrolled"] < STUDENTS * 0.95:
            raise RuntimeError(f"the report counted {figures['enrolled']} students")
        gc.collect()
        timings = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                selectors.report_compute(program=program, period=period)
                timings.append((time.perf_counter() - began) * 1000)
    finally:
        if owns_database:
            environment.teardown_django()
    return {
        "outcomes_report_ms": round(statistics.median(timings), 1),
        "outcomes_report_max_ms": round(max(timings), 1),
        "outcomes_report_queries": len(queries),
        "outcomes_report_enrolled": figures["enrolled"],
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
