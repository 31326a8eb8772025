"""Review forms: a comment, a grade override with its reason, an announcement."""

from django import forms

from config.guards import GuardedFormMixin, IdModelChoiceField
from courses.models import OVERRIDE_REASON_MAX_LENGTH
from labs.models import Lab
from reviews.models import COMMENT_MAX_LENGTH, Announcement


class CommentForm(GuardedFormMixin, forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Plain text; line breaks are kept.",
    )


class OverrideForm(GuardedFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Grade for this lab", choices=[("pass", "Passed"), ("fail", "Not passed")]
    )
    score = forms.FloatField(
        label="Score (optional)",
        required=False,
        help_text="Leave empty to keep the student's own best score.",
    )
    reason = forms.CharField(
        label="Reason",
        max_length=OVERRIDE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required. The student sees it beside the grade.",
    )


class AnnouncementForm(GuardedFormMixin, forms.Form):
    audience = forms.ChoiceField(label="To", choices=Announcement.Audience.choices)
    lab = IdModelChoiceField(
        label="Lab (for students who have not passed it)",
        queryset=Lab.objects.filter(is_published=True).order_by("week", "title"),
        required=False,
    )
    subject = forms.CharField(max_length=150)
    body = forms.CharField(
        label="Message",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Plain text. Shown on each student's dashboard and emailed to those who "
        "get reminder emails.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("audience") == Announcement.Audience.NOT_PASSED and not cleaned.get("lab"):
            self.add_error("lab", "Choose the lab this audience has not passed.")
        return cleaned
