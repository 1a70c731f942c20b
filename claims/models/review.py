"""The review conversation: transitions, comments and notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from claims.models.claim import Claim, ReviewStatus
from claims.models.notification_texts import notification_text


class Transition(models.Model):
    """One move of a claim or a fact through the review workflow: who, when, from, to, and why."""

    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="transitions"
    )
    fact = models.ForeignKey(
        "Fact", null=True, blank=True, on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, choices=ReviewStatus.choices)
    to_status = models.CharField(max_length=20, choices=ReviewStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(claim__isnull=False, fact__isnull=True)
                | Q(claim__isnull=True, fact__isnull=False),
                name="transition_of_a_claim_or_a_fact",
            )
        ]

    def __str__(self) -> str:
        subject = f"claim {self.claim_id}" if self.claim_id else f"fact {self.fact_id}"
        return f"{subject}: {self.from_status} → {self.to_status}"


class Comment(models.Model):
    """The review conversation on a claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:80]


class Notification(models.Model):
    """Something a user should hear of (a submission to review, an approval, changes asked).

    It keeps what happened (`verb`) and the words that vary (`params`), and is worded when read,
    in the reader's language (`text()`); `message` is its wording in the site's language when
    it was made (the admin's, and all that rows from before verbs have)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    fact = models.ForeignKey("Fact", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    story = models.ForeignKey("Story", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    verb = models.CharField(max_length=30, blank=True)
    params = models.JSONField(default=dict, blank=True)
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # A failed email is tried again, later each time (claims/notify.py).
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_next_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["emailed_at", "email_next_at"], name="notification_email_due"),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def kind(self) -> str:
        """What it is about: "claim", "fact" or "story"."""
        return "fact" if self.fact_id else "story" if self.story_id else "claim"

    def text(self) -> str:
        """What it says, in the active language."""
        return notification_text(self.verb, self.kind, self.params) or self.message

    @property
    def desk_url(self) -> str:
        if self.fact_id:
            return reverse("claims:fact-detail", args=[self.fact_id])
        if self.story is not None:
            return self.story.get_absolute_url()
        return reverse("claims:claim-detail", args=[self.claim_id])
