"""Rubric forms: marks item by item, a line comment, a regrade request and its answer."""

from django import forms

from config.guards import GuardedFormMixin
from rubrics.models import BODY_MAX_LENGTH


class RubricGradeForm(GuardedFormMixin, forms.Form):
    """One points field and one comment per item; empty points leave the item unmarked."""

    def __init__(self, *args, items, grade=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        marks = {m.item_id: m for m in grade.marks.all()} if grade else {}
        for item in self.items:
            mark = marks.get(item.pk)
            self.fields[f"points_{item.pk}"] = forms.DecimalField(
                label=f"{item.title} (of {item.points})",
                required=False,
                min_value=0,
                max_value=item.points,
                decimal_places=2,
                max_digits=6,
                initial=mark.points if mark else None,
                help_text=item.description,
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=f"Feedback on “{item.title}”",
                required=False,
                max_length=BODY_MAX_LENGTH,
                initial=mark.comment if mark else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def marks(self) -> dict:
        data = self.cleaned_data
        return {
            item.pk: (data.get(f"points_{item.pk}"), data.get(f"comment_{item.pk}") or "")
            for item in self.items
        }


class LineCommentForm(GuardedFormMixin, forms.Form):
    line = forms.IntegerField(
        label="Line",
        required=False,
        min_value=1,
        help_text="Its number beside the code; in predictions the header is line 1.",
    )
    cell = forms.IntegerField(
        label="Cell", required=False, min_value=1, help_text="The cell of the notebook (from 1)."
    )
    body = forms.CharField(
        label="Comment on that line or cell",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BlindForm(GuardedFormMixin, forms.Form):
    """Blind grading of a lab on or off, from the grading queue."""

    blind = forms.ChoiceField(choices=[("on", "Grade blind"), ("off", "Show names")])


class RegradeRequestForm(GuardedFormMixin, forms.Form):
    item = forms.TypedChoiceField(label="Rubric item", coerce=int)
    reason = forms.CharField(
        label="Why should it be graded again?",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(item.pk, item.title) for item in items]


class RegradeAnswerForm(GuardedFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Answer",
        choices=[("accept", "Accept, with new points"), ("decline", "Decline")],
        widget=forms.RadioSelect,
    )
    points = forms.DecimalField(
        label="New points (when accepting)",
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=6,
    )
    reason = forms.CharField(
        label="Reason for the student",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
