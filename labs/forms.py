"""The upload forms: predictions for most labs, code for code labs."""

import json

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat

from config.guards import JsonTooDeep, NoControlCharacters, check_json_depth
from labs.models import NOTE_MAX_LENGTH
from labs.uploads import max_upload_bytes

# A notebook nests about five levels (cells, outputs, data); far deeper is not a notebook.
NOTEBOOK_MAX_DEPTH = 64


class PredictionsUploadForm(forms.Form):
    submit_label = "Submit predictions"

    file = forms.FileField(
        label="Predictions CSV",
        help_text="A CSV file with the header id,prediction and one row per test id.",
        validators=[FileExtensionValidator(["csv", "txt"])],
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text=f"What you tried in this one, for yourself; up to {NOTE_MAX_LENGTH} characters.",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        validators=[NoControlCharacters()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", self.submit_label))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; the limit is "
                f"{filesizeformat(max_upload_bytes())}."
            )
        return upload


class CodeUploadForm(PredictionsUploadForm):
    """A code lab's upload: a Python file or a notebook defining train and predict."""

    file = forms.FileField(
        label="Your code",
        help_text="A .py file or a .ipynb notebook that defines train(X, y) and predict(model, X).",
        validators=[FileExtensionValidator(["py", "ipynb"])],
    )
    submit_label = "Submit code"
    field_order = ["file", "note"]

    def clean_file(self):
        upload = super().clean_file()
        if upload.name.lower().endswith(".ipynb"):
            try:
                text = upload.read().decode("utf-8-sig")
                check_json_depth(text, max_depth=NOTEBOOK_MAX_DEPTH)
                cells = json.loads(text)["cells"]
            except JsonTooDeep:
                raise forms.ValidationError(
                    "This .ipynb file is not a notebook we can read: its JSON is nested more "
                    f"than {NOTEBOOK_MAX_DEPTH} levels deep, and a Jupyter notebook never is."
                ) from None
            except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError):
                cells = None
            finally:
                upload.seek(0)
            if not isinstance(cells, list):
                raise forms.ValidationError(
                    "This .ipynb file is not a notebook we can read: it is not Jupyter "
                    "notebook JSON with a list of cells."
                )
        return upload


def upload_form_for(lab, *args, **kwargs):
    """The upload form that fits what the lab grades."""
    return (CodeUploadForm if lab.takes_code else PredictionsUploadForm)(*args, **kwargs)
