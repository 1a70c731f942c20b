"""Stories and their facts: what several claims are about, reconciled."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.models import DatePrecision
from claims.models.claim import Assignable, ReviewStatus
from claims.models.evidence import Source, Stance
from claims.ratings import Rating


class Story(Assignable):
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


class Fact(Assignable):
    """What several claims, across articles and languages, are about, reconciled.

    It carries its own verdict; each of its claims keeps its own (an article can overstate a
    fact that is itself true). It goes through the same review workflow as a claim.
    """

    Status = ReviewStatus

    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="facts")
    statement = models.TextField(help_text="The reconciled fact, in neutral words.")
    happened_on = models.DateField(null=True, blank=True, help_text="Its date on the story's timeline.")
    happened_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How precisely the date is known (a month: stored as its first day, shown as 2025-05).",
    )
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
    # The reviewer the author asked for when submitting (any reviewer may still review it).
    requested_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested reviewer"),
    )
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
