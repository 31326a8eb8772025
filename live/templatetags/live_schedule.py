"""`{% weekly_schedules programs as schedules %}`: the programs page's weekly live sessions
per track, in one query for every program (live.WeeklySlot)."""

import datetime

from django import template
from django.utils import timezone

from live.models import WeeklySlot

register = template.Library()


def _in_zone(slot: WeeklySlot, zone, today: datetime.date) -> str:
    """The slot's next occurrence shown in another zone (weekday and time may differ)."""
    days_ahead = (slot.weekday - today.weekday()) % 7
    day = today + datetime.timedelta(days=days_ahead)
    start = datetime.datetime.combine(day, slot.start_time, slot.slot_zone)
    there = start.astimezone(zone)
    return f"{there:%A %H:%M} ({there.tzname()})"


@register.simple_tag(takes_context=True)
def weekly_schedules(context, programs) -> list[dict]:
    programs = list(programs)
    slots = WeeklySlot.objects.filter(program__in=[p.pk for p in programs])
    request = context.get("request")
    zone = getattr(request, "time_zone", None)
    today = timezone.localdate()
    by_program: dict[int, list] = {}
    for slot in slots.order_by("weekday", "start_time", "pk"):
        yours = ""
        if zone is not None and zone.key != slot.time_zone:
            yours = _in_zone(slot, zone, today)
        by_program.setdefault(slot.program_id, []).append({"slot": slot, "yours": yours})
    return [
        {"program": program, "slots": by_program[program.pk]}
        for program in programs
        if program.pk in by_program
    ]
