"""The instructor's session form, the register, a student's check-in, a person's zone."""

import datetime

from django import forms
from django.conf import settings

from config.guards import GuardedFormMixin
from live.models import Attendance, SessionKind, zone_names


def zone_choices(*, blank: str | None = None) -> list[tuple[str, str]]:
    choices = [(name, name.replace("_", " ")) for name in sorted(zone_names())]
    return [("", blank), *choices] if blank is not None else choices


class SessionForm(GuardedFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=SessionKind.choices)
    title = forms.CharField(max_length=120)
    local_start = forms.DateTimeField(
        label="Starts at",
        help_text="The wall-clock time in the zone below.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    time_zone = forms.ChoiceField(label="Time zone")
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", min_value=5, max_value=600, initial=90
    )
    meeting_url = forms.URLField(label="Meeting link", max_length=500, assume_scheme="https")

    def __init__(self, *args, default_zone: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices()
        self.fields["time_zone"].initial = default_zone or settings.TIME_ZONE

    def clean_local_start(self) -> datetime.datetime:
        # The picker sends a wall-clock time: drop any zone Django's parsing attached.
        return self.cleaned_data["local_start"].replace(tzinfo=None)

    @classmethod
    def initial_for(cls, session) -> dict:
        return {
            "kind": session.kind,
            "title": session.title,
            "local_start": session.local_start.replace(tzinfo=None),
            "time_zone": session.time_zone,
            "duration_minutes": session.duration_minutes,
            "meeting_url": session.meeting_url,
        }


STATUS_CHOICES = Attendance.Status.choices


class CheckInForm(GuardedFormMixin, forms.Form):
    code = forms.CharField(
        label="Check-in code",
        max_length=32,
        help_text="The six characters your instructor shows during the session.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class TimeZoneForm(GuardedFormMixin, forms.Form):
    time_zone = forms.ChoiceField(label="Your time zone", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices(
            blank=f"The school's zone ({settings.TIME_ZONE})"
        )
