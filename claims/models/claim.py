"""A claim: one assertion in one article, anchored to a span of its body."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.models import Article
from claims.anchoring import Selector


class ReviewStatus(models.TextChoices):
    """Where a claim or a fact stands in the review workflow (claims/review/workflow.py)."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    RETRACTED = "retracted", _("Retracted")


# Where a claim or a fact's work is over: no longer assigned work, never overdue.
CLOSED_STATES = (ReviewStatus.PUBLISHED, ReviewStatus.RETRACTED)


class Assignable(models.Model):
    """Who works on a claim, a fact or a story next, and by when (claims/review/assignment.py).

    `due_notified_on` is the due date whose "due" notification was sent: the periodic sweep
    sends it once, and a new due date (assignment_set resets it) gets its own.
    """

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assignee"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    due_notified_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return getattr(self, "status", None) not in CLOSED_STATES

    @property
    def is_overdue(self) -> bool:
        """Its due date has passed and the work is not done."""
        return bool(self.due_on and self.due_on < timezone.localdate() and self.is_open)

    @property
    def is_due_today(self) -> bool:
        return bool(self.due_on and self.due_on == timezone.localdate() and self.is_open)


class ClaimantType(models.TextChoices):
    """Who a claimant is, for schema.org: a Person or an Organization."""

    ORGANIZATION = "organization", "An organization (the outlet, a company, an agency)"
    PERSON = "person", "A person"


class Claim(Assignable):
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
    claimant_type = models.CharField(
        max_length=12, choices=ClaimantType.choices, default=ClaimantType.ORGANIZATION
    )
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
    # The reviewer the author asked for when submitting (any reviewer may still review it).
    requested_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested reviewer"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "start", "end", "id"]
        permissions = [
            ("review_claim", "Can review claims (approve or request changes)"),
            ("publish_claim", "Can publish and retract claims"),
        ]
        indexes = [
            models.Index(fields=["article", "start"]),
            # The desk's claim list, newest first, read from an index (claims migration 0012).
            models.Index(fields=["-created_at", "-id"], name="claim_newest_first"),
            # The work list's sections and counts, latest activity first, and the claims changed
            # since stored matching features were last checked (claims migration 0015).
            models.Index(fields=["status", "-updated_at", "-id"], name="claim_status_activity"),
            models.Index(fields=["author", "status", "-updated_at", "-id"], name="claim_author_activity"),
            models.Index(fields=["-updated_at", "-id"], name="claim_latest_activity"),
        ]
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
