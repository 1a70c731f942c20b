from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.models import Article
from claims.ratings import Rating
from claims.services.anchor import Selector


class Claim(models.Model):
    """One assertion in one article, anchored to a span of its body.

    The span is held twice, as W3C Web Annotation selectors: a position (start, end, in code
    points of `Article.body`) and a quote (exact text with up to 32 characters of context),
    so that the claim can be found again when the body is corrected.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        RETRACTED = "retracted", "Retracted"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    exact = models.TextField()
    prefix = models.CharField(max_length=32, blank=True)
    suffix = models.CharField(max_length=32, blank=True)
    is_orphaned = models.BooleanField(
        default=False, help_text="The quote was not found in the corrected body: re-attach it."
    )
    statement = models.TextField(help_text="A neutral rewording of what the article asserts.")
    claimant = models.CharField(max_length=300, help_text="Who asserts it: the outlet, or a source it cites.")
    claim_date = models.DateField(null=True, blank=True, help_text="When it differs from the article's date.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    retraction_reason = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by every write: a save based on an older version is refused, never overwrites.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "start", "end", "id"]
        permissions = [
            ("review_claim", "Can review claims (approve or request changes)"),
            ("publish_claim", "Can publish and retract claims"),
        ]
        indexes = [models.Index(fields=["article", "start"])]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="claim_span_not_empty"),
        ]

    def __str__(self) -> str:
        return self.statement[:80]

    def get_absolute_url(self) -> str:
        return f"{reverse('claims:reader', args=[self.article_id])}#claim-{self.pk}"

    @property
    def selector(self) -> Selector:
        return Selector(
            start=self.start, end=self.end, exact=self.exact, prefix=self.prefix, suffix=self.suffix
        )

    def set_selector(self, selector: Selector) -> None:
        self.start, self.end = selector.start, selector.end
        self.exact, self.prefix, self.suffix = selector.exact, selector.prefix, selector.suffix

    @property
    def is_deletable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_editable(self) -> bool:
        """The author edits the claim while it is theirs: a draft, or sent back to them."""
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)


class Verdict(models.Model):
    """The rating of a claim with its rationale; approved by someone other than its author."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="verdict")
    rating = models.CharField(max_length=20, choices=Rating.choices)
    rationale = models.TextField(help_text="Plain text; links are shown as links.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.get_rating_display()}: {self.claim}"


class Source(models.Model):
    """A piece of evidence. The same (normalized) url is one source, serving many claims."""

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    archived_url = models.URLField(max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"


class ClaimSource(models.Model):
    """A source as evidence for one claim: its stance, the passage quoted from it, a note."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="claim_sources")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claim_sources")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    quote = models.TextField(blank=True, help_text="The passage of the source that matters.")
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["claim", "source"], name="claim_source_once")]

    def __str__(self) -> str:
        return f"{self.source} ({self.stance})"


class Transition(models.Model):
    """One move of a claim through the review workflow: who, when, from, to, and why."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, choices=Claim.Status.choices)
    to_status = models.CharField(max_length=20, choices=Claim.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.from_status} → {self.to_status}"


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
    """Something a user should hear of (a submission to review, an approval, changes asked)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message
