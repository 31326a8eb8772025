"""Small template helpers for lab feedback."""

from django import template

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
