from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.models import Article
from claims.ratings import Rating
from claims.services.anchor import Selector


class ReviewStatus(models.TextChoices):
    """Where a claim or a fact stands in the review workflow (claims/services/workflow.py)."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


class Claim(models.Model):
    """One assertion in one article, anchored to a span of its body.

    The span is held twice, as W3C Web Annotation selectors: a position (start, end, in code
    points of `Article.body`) and a quote (exact text with up to 32 characters of context),
    so that the claim can be found again when the body is corrected.
    """

    Status = ReviewStatus

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
    fact = models.ForeignKey(
        "Fact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
        help_text="The reconciled fact this claim is about, if an editor attached it to one.",
    )
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
    """Something a user should hear of (a submission to review, an approval, changes asked)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    fact = models.ForeignKey("Fact", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message

    @property
    def desk_url(self) -> str:
        if self.fact_id:
            return reverse("claims:fact-detail", args=[self.fact_id])
        return reverse("claims:claim-detail", args=[self.claim_id])


class Story(models.Model):
    """A story the desk follows (e.g. "Llama 4 Behemoth"): its facts make its public dossier."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True, help_text="Its public address: /dossiers/<slug>/.")
    summary = models.TextField(blank=True)
    lead_editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "stories"
        permissions = [("publish_story", "Can publish a story's dossier")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("claims:story-detail", args=[self.slug])


class Fact(models.Model):
    """What several claims, across articles and languages, are about, reconciled.

    It carries its own verdict; each of its claims keeps its own (an article can overstate a
    fact that is itself true). It goes through the same review workflow as a claim.
    """

    Status = ReviewStatus

    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="facts")
    statement = models.TextField(help_text="The reconciled fact, in neutral words.")
    happened_on = models.DateField(null=True, blank=True, help_text="Its date on the story's timeline.")
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    rationale = models.TextField(blank=True)
    reconciliation = models.TextField(
        blank=True,
        help_text="Where the articles agree, where they contradict each other, and why.",
    )
    position = models.PositiveIntegerField(default=0, help_text="Its place in the dossier.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    retraction_reason = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facts")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["story", "position", "id"]

    def __str__(self) -> str:
        return self.statement[:80]

    def get_absolute_url(self) -> str:
        return reverse("claims:fact-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)

    @property
    def is_deletable(self) -> bool:
        return self.status == self.Status.DRAFT


class FactSource(models.Model):
    """A source as evidence for a fact, with its stance."""

    fact = models.ForeignKey(Fact, on_delete=models.CASCADE, related_name="fact_sources")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="fact_sources")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    quote = models.TextField(blank=True, help_text="The passage of the source that matters.")
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["fact", "source"], name="fact_source_once")]

    def __str__(self) -> str:
        return f"{self.source} ({self.stance})"


class RevisionImmutable(Exception):
    """A published dossier revision is never changed nor deleted."""


class DossierRevisionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise RevisionImmutable("A published dossier revision cannot change.")

    def delete(self):
        raise RevisionImmutable("A published dossier revision cannot be deleted.")


class DossierRevision(models.Model):
    """One publication of a story's dossier, frozen.

    `snapshot` is the content as published (facts, claims with their quotes and anchors,
    verdicts, rationales, sources); the public page fragment (`html`, with its ClaimReview
    JSON-LD) and the JSON export are built from it once, when it is published. Nothing here
    changes afterwards: the model refuses it, and so does the database (a trigger).
    """

    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    html = models.TextField(help_text="The public page's content, rendered from the snapshot.")
    etag = models.CharField(max_length=64, help_text="A hash of the snapshot and the page.")
    change_note = models.TextField(blank=True)
    is_correction = models.BooleanField(
        default=False, help_text="A verdict changed since the previous revision: the note is a correction."
    )
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()

    objects = DossierRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["story", "number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["story", "number"], name="dossier_revision_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.story} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RevisionImmutable("A published dossier revision cannot change.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("dossiers:revision", args=[self.story.slug, self.number])

    def delete(self, *args, **kwargs):
        raise RevisionImmutable("A published dossier revision cannot be deleted.")
