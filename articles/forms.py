from django import forms

from articles.services.readers import SUPPORTED_EXTENSIONS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(SUPPORTED_EXTENSIONS)}))
        # An empty file is not a form error: the import rejects it on its own line.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [single_clean(item, initial) for item in data]
        return [single_clean(data, initial)]


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        help_text=(
            "Several files or a zip archive: .txt, .md, .html, .json, .jsonl, .csv, .zip. "
            "Each file imports whole or not at all; the report says what each one became."
        )
    )
