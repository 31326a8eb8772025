"""Publishing a program's half-year report: a frozen, versioned snapshot of the figures the
records give today. A later edit changes the next version, never a published one."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from enrolment.models import Program
from outcomes import rules, selectors
from outcomes.models import PublishedReport


def report_publish(
    *, program: Program, period: rules.Period, actor, note: str = "", now=None
) -> PublishedReport:
    now = now or timezone.now()
    figures = selectors.report_compute(program=program, period=period)
    for _attempt in range(3):
        latest = PublishedReport.objects.filter(
            program=program, year=period.year, half=period.half
        ).aggregate(version=Max("version"))["version"]
        try:
            with transaction.atomic():
                return PublishedReport.objects.create(
                    program=program,
                    year=period.year,
                    half=period.half,
                    version=(latest or 0) + 1,
                    as_of=timezone.localdate(now),
                    figures=figures,
                    published_by=actor,
                    published_at=now,
                    note=" ".join(note.split())[:300],
                )
        except IntegrityError:
            continue  # someone published the same period a moment ago: take the next version
    raise IntegrityError("Could not take a version number for this report.")
