"""Forms of the claim page: verdict, sources, review moves, comments, reconcile."""

from django import forms

from claims.models import Stance, Story, Verdict


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


class FactFromClaimForm(forms.Form):
    story = forms.ModelChoiceField(queryset=Story.objects.all(), empty_label=None)
