"""Small template helpers for lab feedback, and the access rule the navbar needs."""

from django import template

from labs import access

register = template.Library()


@register.filter
def index(sequence, position):
    try:
        return sequence[position]
    except (IndexError, KeyError, TypeError):
        return ""


@register.filter
def humanize_key(key: str) -> str:
    return str(key).replace("_", " ").capitalize()


@register.filter
def can_review_labs(user) -> bool:
    """Staff and instructors: the navbar shows them the gradebook (labs.access)."""
    return access.can_review_labs(user)
