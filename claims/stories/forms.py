"""Forms of the story and fact pages."""

from django import forms

from articles.models import DatePrecision
from claims.models import Fact, Story


class StoryForm(forms.ModelForm):
    class Meta:
        model = Story
        fields = ["title", "slug", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self) -> None:
        """The service says when another story has the address (checked under its lock)."""


class FactForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    happened_precision = forms.ChoiceField(
        choices=DatePrecision.choices,
        required=False,
        initial=DatePrecision.DAY,
        label="Known to the",
        help_text="A month or a year shows as 2025-05 or 2025: never a day nobody reported.",
    )

    class Meta:
        model = Fact
        fields = ["statement", "happened_on", "happened_precision", "rating", "rationale", "reconciliation"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "happened_on": forms.DateInput(attrs={"type": "date"}),
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "reconciliation": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"rating": "Verdict on the fact", "happened_on": "Date on the timeline"}

    def clean_happened_precision(self) -> str:
        return self.cleaned_data["happened_precision"] or DatePrecision.DAY


class PublishForm(forms.Form):
    change_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Public. Needed from the second revision on; a changed verdict makes it a correction.",
    )
