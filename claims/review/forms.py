"""Forms of the claim page: verdict, sources, review moves, comments, reconcile."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from claims.models import ReviewStatus, Stance, Story, Verdict
from claims.review.assignment import desk_users


class VerdictForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Verdict
        fields = ["rating", "rationale"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 4})}
        labels = {"rating": _("Rating"), "rationale": _("Rationale")}
        help_texts = {"rationale": _("Plain text; links are shown as links.")}


class SourceAttachForm(forms.Form):
    url = forms.URLField(max_length=2000, assume_scheme="https", label=_("Source url"))
    title = forms.CharField(
        max_length=500,
        required=False,
        label=_("Title"),
        help_text=_("Needed for a source the desk does not know yet."),
    )
    publisher = forms.CharField(max_length=300, required=False, label=_("Publisher"))
    published_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label=_("Published on")
    )
    archived_url = forms.URLField(
        max_length=2000, required=False, assume_scheme="https", label=_("Archived url")
    )
    stance = forms.ChoiceField(choices=Stance.choices, label=_("Stance"))
    quote = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Quoted passage")
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Note"))


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    # The claim's version the reviewer looked at: a claim that changed since is not moved.
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    # Submit only: the reviewer asked for (claims/review/workflow.py refuses the submitter).
    requested_reviewer = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        label=_("Request a reviewer"),
        empty_label=_("Any reviewer"),
    )


class CommentForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Comment"))


class FactFromClaimForm(forms.Form):
    story = forms.ModelChoiceField(queryset=Story.objects.all(), empty_label=None, label=_("Story"))


class AssignForm(forms.Form):
    """Who works on a claim, a fact or a story next, and by when (claims/review/assignment.py)."""

    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("Assignee"),
        empty_label=_("Nobody"),
    )
    due_on = forms.DateField(
        required=False, label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, users=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if users is not None:
            self.fields["assignee"].queryset = users


class WorkFilterForm(forms.Form):
    """The work list's filters; the selectors read the same GET parameters (WorkFilters)."""

    story = forms.ModelChoiceField(
        queryset=Story.objects.only("pk", "title"),
        required=False,
        label=_("Story"),
        empty_label=_("Any story"),
    )
    state = forms.ChoiceField(
        choices=[("", _("Any state")), *ReviewStatus.choices], required=False, label=_("State")
    )
    assignee = forms.ChoiceField(required=False, label=_("Assignee"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Kept for the list's compact assign controls too (assignment_tags.list_assign_choices).
        self.desk_users = list(desk_users().only("pk", "username"))
        users = [(str(user.pk), str(user)) for user in self.desk_users]
        self.fields["assignee"].choices = [("", _("Anyone")), ("none", _("Nobody")), *users]


class ClaimSearchForm(forms.Form):
    """The desk's claim list: words to find in the statement or the quote, and a state."""

    q = forms.CharField(max_length=200, required=False, label=_("Search"))
    state = forms.ChoiceField(
        choices=[("", _("Any state")), *ReviewStatus.choices], required=False, label=_("State")
    )
