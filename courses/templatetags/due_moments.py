"""`{% due_in_my_zone due_on %}`: beside a school's due date, the moment it passes on the
reader's own clock (courses.due_zones), or nothing when they read the school's zone.

The zone comes from the request (live.middleware keeps it in the session), so the tag
costs no query: the dashboard's query count stays pinned.
"""

from django import template
from django.utils.html import format_html

from courses import due_zones

register = template.Library()


@register.simple_tag(takes_context=True)
def due_in_my_zone(context, due_on):
    request = context.get("request")
    theirs = due_zones.due_moment_for_reader(due_on, getattr(request, "time_zone", None))
    if theirs is None:
        return ""
    return format_html(
        '<span class="due-local" data-testid="due-local">on time until '
        '<time datetime="{}">{}</time> your time ({})</span>',
        theirs.isoformat(),
        due_zones.clock_text(theirs),
        str(theirs.tzinfo),
    )
