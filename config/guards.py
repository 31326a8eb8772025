"""Guards at the edges: ids in range, text without control characters, JSON of bounded depth.

Every value from a URL, a query string, a form or an upload is hostile until one of these
has looked at it. They raise Django's own errors (ValidationError, a converter's
ValueError) so that forms show a message and URLs answer 404, never 500.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.deconstruct import deconstructible

# The largest id any table can hold (BigAutoField; auth's AutoField is smaller still).
MAX_ID = 2**63 - 1
# C0 and C1 control characters except tab, line feed and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters that reorder or hide the text around them: never in a person's name.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_VISIBLE = ("L", "N", "P", "S")  # letters, digits, punctuation, symbols


def parse_id(value) -> int | None:
    """An id from a query string or a form: a positive integer in range, or None."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class IdConverter:
    """``<id:pk>`` in URLs: like ``<int:...>`` but only ids a table can hold; others 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"{value!r} is not an id")
        return number

    def to_url(self, value) -> str:
        return str(int(value))


@deconstructible
class NoControlCharacters:
    """Refuse NUL, escape, bell and the other control characters (tabs and new lines pass)."""

    message = "Remove the invisible control character (code {code}) from this text."

    def __call__(self, value):
        if not isinstance(value, str):
            return
        if match := _CONTROL.search(value):
            code = f"U+{ord(match.group()):04X}"
            raise ValidationError(self.message.format(code=code), code="control_character")

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters)


no_control_characters = NoControlCharacters()


def validate_person_name(value: str) -> None:
    """A name someone can read in a gradebook: visible characters, one line, in order."""
    no_control_characters(value)
    if any(char in value for char in "\t\r\n") or _BIDI.search(value):
        raise ValidationError(
            "A name is one line of ordinary text: remove tabs, line breaks and direction marks.",
            code="invisible_name",
        )
    if not any(unicodedata.category(char)[0] in _VISIBLE for char in value):
        raise ValidationError(
            "Type a name with letters we can show: this one has no visible characters.",
            code="invisible_name",
        )


class GuardedFormMixin:
    """Every text field of the form refuses control characters, with a clear message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and no_control_characters not in (
                field.validators
            ):
                field.validators.append(no_control_characters)


class JsonTooDeep(ValueError):
    """Nested deeper than any document we accept; parsing it could exhaust the stack."""


def check_json_depth(text: str, *, max_depth: int) -> None:
    """Raise JsonTooDeep when arrays/objects nest deeper than ``max_depth``, before parsing.

    Strings are removed first (a bracket inside one does not count), then the running
    depth is the running sum of +1 for an opening and -1 for a closing bracket.
    """
    without_strings = re.sub(r'"(?:[^"\\]|\\.)*"', "", text)
    brackets = re.sub(r"[^\[\]{}]", "", without_strings)
    steps = (1 if char in "[{" else -1 for char in brackets)
    if max(itertools.accumulate(steps), default=0) > max_depth:
        raise JsonTooDeep(f"nested more than {max_depth} levels deep")


class RefuseNulInAddress:
    """Middleware: a NUL byte in the path or the query string is a bad request (400).

    PostgreSQL cannot hold NUL in text, so such a value could only fail deeper down; no
    page of ours takes one. Forms refuse the rest of the control characters themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in request.GET.getlist(key))
            for key in request.GET
        ):
            message = "This address contains a NUL character, which no page of this site accepts."
            if request.path.startswith("/api/"):
                # The API's one error shape (api/errors.py), for clients that parse JSON.
                return JsonResponse(
                    {"detail": message, "code": "bad_request", "problems": []}, status=400
                )
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class IdModelChoiceField(forms.ModelChoiceField):
    """A choice by id that refuses anything but an id in range before it queries."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, self.queryset.model) and parse_id(value) is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value)[:40]},
            )
        return super().to_python(value)


class GuardedModelForm(GuardedFormMixin, forms.ModelForm):
    """The admin's base form for the project's models (ModelAdmin.form)."""
