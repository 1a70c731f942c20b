"""Forms of the story and fact pages."""

from django import forms

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

    class Meta:
        model = Fact
        fields = ["statement", "happened_on", "rating", "rationale", "reconciliation"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "happened_on": forms.DateInput(attrs={"type": "date"}),
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "reconciliation": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"rating": "Verdict on the fact", "happened_on": "Date on the timeline"}


class PublishForm(forms.Form):
    change_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Public. Needed from the second revision on; a changed verdict makes it a correction.",
    )
