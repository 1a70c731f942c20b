"""Forms of the reader: a claim's span and its wording."""

from django import forms

from claims.models import Claim, ClaimantType


class ClaimForm(forms.ModelForm):
    # Who the claimant is; an organization (the outlet itself, most often) unless said otherwise.
    claimant_type = forms.ChoiceField(
        choices=ClaimantType.choices,
        required=False,
        initial=ClaimantType.ORGANIZATION,
        label="The claimant is",
    )

    class Meta:
        model = Claim
        fields = ["statement", "claimant", "claimant_type", "claim_date"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "claim_date": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_claimant_type(self) -> str:
        return self.cleaned_data["claimant_type"] or ClaimantType.ORGANIZATION


class ClaimEditForm(ClaimForm):
    """The claim form for an existing claim: carries the version it was loaded at."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class SpanForm(forms.Form):
    """A span of the article's body, in code points, with the text the editor selected."""

    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    exact = forms.CharField(strip=False, widget=forms.HiddenInput)
