"""Forms of the reader: a claim's span and its wording."""

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, ClaimantType


class ClaimForm(forms.ModelForm):
    # Who the claimant is; an organization (the outlet itself, most often) unless said otherwise.
    claimant_type = forms.ChoiceField(
        choices=[
            (ClaimantType.ORGANIZATION, _("An organization (the outlet, a company, an agency)")),
            (ClaimantType.PERSON, _("A person")),
        ],
        required=False,
        initial=ClaimantType.ORGANIZATION,
        label=_("The claimant is"),
    )

    class Meta:
        model = Claim
        fields = ["statement", "claimant", "claimant_type", "claim_date"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "claim_date": forms.DateInput(attrs={"type": "date"}),
        }
        labels = {"statement": _("Statement"), "claimant": _("Claimant"), "claim_date": _("Claim date")}
        help_texts = {
            "statement": _("A neutral rewording of what the article asserts."),
            "claimant": _("Who asserts it: the outlet, or a source it cites."),
            "claim_date": _("When it differs from the article's date."),
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
