"""Text a database accepts: what a student's file or code produced, made safe to store.

PostgreSQL refuses NUL in text and in jsonb strings, and a lone UTF-16 surrogate (which
JSON can spell as "\\ud800") cannot be encoded at all. Both are shown as escapes instead,
so the student sees what their code printed and the row is stored on the first try.
"""

from __future__ import annotations

from typing import Any


def storable_text(text: str) -> str:
    if "\x00" in text:
        text = text.replace("\x00", "\\x00")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates become "\udXXX", everything else stays as it is.
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def storable(value: Any) -> Any:
    """`value` with every string in it (keys too, in dicts and lists) made storable."""
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [storable(item) for item in value]
    return value
