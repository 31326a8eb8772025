"""The predictions upload form."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat

from labs.uploads import max_upload_bytes


class PredictionsUploadForm(forms.Form):
    file = forms.FileField(
        label="Predictions CSV",
        help_text="A CSV file with the header id,prediction and one row per test id.",
        validators=[FileExtensionValidator(["csv", "txt"])],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", "Submit predictions"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; the limit is "
                f"{filesizeformat(max_upload_bytes())}."
            )
        return upload
