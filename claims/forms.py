from django import forms

from claims.models import Claim, Fact, Stance, Story, Verdict


class ClaimForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = ["statement", "claimant", "claim_date"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "claim_date": forms.DateInput(attrs={"type": "date"}),
        }


class ClaimEditForm(ClaimForm):
    """The claim form for an existing claim: carries the version it was loaded at."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class SpanForm(forms.Form):
    """A span of the article's body, in code points, with the text the editor selected."""

    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    exact = forms.CharField(strip=False, widget=forms.HiddenInput)


class VerdictForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Verdict
        fields = ["rating", "rationale"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 4})}


class SourceAttachForm(forms.Form):
    url = forms.URLField(max_length=2000, assume_scheme="https", label="Source url")
    title = forms.CharField(
        max_length=500, required=False, help_text="Needed for a source the desk does not know yet."
    )
    publisher = forms.CharField(max_length=300, required=False)
    published_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    archived_url = forms.URLField(max_length=2000, required=False, assume_scheme="https")
    stance = forms.ChoiceField(choices=Stance.choices)
    quote = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Quoted passage")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    # The claim's version the reviewer looked at: a claim that changed since is not moved.
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CommentForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Comment")


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


class FactFromClaimForm(forms.Form):
    story = forms.ModelChoiceField(queryset=Story.objects.all(), empty_label=None)


class PublishForm(forms.Form):
    change_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Public. Needed from the second revision on; a changed verdict makes it a correction.",
    )
