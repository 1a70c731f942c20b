"""Forms of the story and fact pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import DatePrecision
from claims.models import Fact, Story


class StoryForm(forms.ModelForm):
    class Meta:
        model = Story
        fields = ["title", "slug", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}
        labels = {"title": _("Title"), "slug": _("Address"), "summary": _("Summary")}
        help_texts = {"slug": _("Its public address: /dossiers/<slug>/.")}

    def validate_unique(self) -> None:
        """The service says when another story has the address (checked under its lock)."""


class FactForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    happened_precision = forms.ChoiceField(
        choices=DatePrecision.choices,
        required=False,
        initial=DatePrecision.DAY,
        label=_("Known to the"),
        help_text=_("A month or a year shows as 2025-05 or 2025: never a day nobody reported."),
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
        labels = {
            "statement": _("Statement"),
            "rating": _("Verdict on the fact"),
            "happened_on": _("Date on the timeline"),
            "rationale": _("Rationale"),
            "reconciliation": _("Reconciliation"),
        }
        help_texts = {
            "statement": _("The reconciled fact, in neutral words."),
            "happened_on": _("Its date on the story's timeline."),
            "reconciliation": _("Where the articles agree, where they contradict each other, and why."),
        }

    def clean_happened_precision(self) -> str:
        return self.cleaned_data["happened_precision"] or DatePrecision.DAY


class PublishForm(forms.Form):
    change_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Change note"),
        help_text=_("Public. Needed from the second revision on; a changed verdict makes it a correction."),
    )
