"""Accessible names for the admin inputs Django renders without a <label>.

Django's admin labels the inputs of a change form, but not those it lays out in tables
(list_editable columns, tabular inlines: only a column heading names them) nor the two
halves of a split date and time. Screen readers then announce "edit text" with no name,
and axe-core reports it as critical. These helpers give each such input an aria-label
made of its field's label and its row, and leave every other input alone.
"""

from django.contrib import admin
from django.forms import MultiWidget, SplitDateTimeWidget
from django.forms.models import BaseInlineFormSet, BaseModelFormSet

SPLIT_PARTS = ("date", "time")


def label_widgets(form, *, row: str | None = None) -> None:
    """Set aria-label on the form's unlabelled inputs; `row` names a table row."""
    for name, field in form.fields.items():
        widget = field.widget
        if widget.is_hidden:
            continue
        label = str(field.label or name.replace("_", " ").capitalize())
        if row:
            label = f"{label}, {row}"
        if isinstance(widget, MultiWidget):
            parts = (
                SPLIT_PARTS
                if isinstance(widget, SplitDateTimeWidget)
                else range(1, len(widget.widgets) + 1)
            )
            for part, subwidget in zip(parts, widget.widgets, strict=False):
                subwidget.attrs.setdefault("aria-label", f"{label} ({part})")
        elif row is not None:
            widget.attrs.setdefault("aria-label", label)


def _row_name(form, index: int | None) -> str:
    if form.instance is not None and form.instance.pk is not None:
        return str(form.instance)
    return f"new row {index + 1}" if index is not None else "new row"


class LabelledInlineFormSet(BaseInlineFormSet):
    """A tabular inline whose inputs, the delete box included, say which row they edit."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        label_widgets(form, row=_row_name(form, index))


class LabelledModelFormSet(BaseModelFormSet):
    """The changelist's editable columns (list_editable), named per row."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        label_widgets(form, row=_row_name(form, index))


class AccessibleAdminMixin:
    """For a ModelAdmin: name split date-time halves and list_editable inputs."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class LabelledForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                label_widgets(self)

        LabelledForm.__name__ = form_class.__name__
        return LabelledForm

    def get_changelist_formset(self, request, **kwargs):
        kwargs.setdefault("formset", LabelledModelFormSet)
        return super().get_changelist_formset(request, **kwargs)


class LabelledTabularInline(admin.TabularInline):
    formset = LabelledInlineFormSet
