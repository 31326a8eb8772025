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


@register.filter
def per_class_rows(per_class):
    """Accept either a list of rows or a {label: {precision, recall, support}} mapping."""
    if isinstance(per_class, dict):
        return [{"label": label, **values} for label, values in per_class.items()]
    return per_class or []
