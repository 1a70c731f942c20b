from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Outlet
from articles.services.outlets import outlet_validate
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
            _(
                "Several files or a zip archive: .txt, .md, .html, .json, .jsonl, .csv, .zip. "
                "Each file imports whole or not at all; the report says what each one became."
            )
        )
    )


class ArticleMetadataForm(forms.ModelForm):
    url = forms.URLField(required=False, max_length=2000, assume_scheme="https")
    original_url = forms.URLField(
        required=False,
        max_length=2000,
        assume_scheme="https",
        label=_("Url of the article it copies or translates"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Article
        fields = [
            "title",
            "outlet",
            "byline",
            "url",
            "language",
            "published_on",
            "published_precision",
            "original_outlet",
            "original_url",
        ]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"})}
        labels = {
            "byline": _("Author"),
            "published_on": _("Published on"),
            "published_precision": _("Date precision"),
            "original_outlet": _("Outlet of the article it copies or translates"),
        }
        help_texts = {
            "outlet": _("Left empty, it is the outlet whose domain is the url's host, if there is one."),
            "byline": _("Who wrote it, as the article says."),
            "published_on": _("With month or year precision, any day of it: it is stored as the first."),
        }

    def clean(self):
        cleaned = super().clean()
        date, precision = cleaned.get("published_on"), cleaned.get("published_precision")
        if date and not precision:
            self.add_error("published_precision", _("Say how precise the date is."))
        if precision and not date:
            self.add_error("published_on", _("A precision needs a date."))
        return cleaned


class ArticleBodyForm(forms.Form):
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 24}), strip=False)
    note = forms.CharField(max_length=500, label=_("Note"), help_text=_("What was corrected, and why."))
    base_version = forms.IntegerField(widget=forms.HiddenInput)


class OutletForm(forms.Form):
    """An outlet's fields; the checks (one outlet per name and per domain) are the service's."""

    name = forms.CharField(label=_("Name"), max_length=200)
    domain = forms.CharField(
        max_length=2000,
        required=False,
        label=_("Domain"),
        help_text=_("Its web address's host, e.g. ilpost.it (a url is fine: only its host is kept)."),
    )
    country = forms.CharField(
        required=False, label=_("Country"), help_text=_("Two-letter ISO 3166 code, e.g. IT, FR, GB.")
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", "—"), *Outlet._meta.get_field("language").choices], required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *Outlet.Kind.choices], required=False)

    def __init__(self, *args, outlet: Outlet | None = None, **kwargs):
        self.outlet = outlet
        if outlet is not None:
            kwargs.setdefault("initial", {field: getattr(outlet, field) for field in self.base_fields})
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                cleaned.update(outlet_validate(outlet=self.outlet, **cleaned))
            except forms.ValidationError as error:
                self.add_error(None, error)  # a dict of field errors: each on its field
        return cleaned
