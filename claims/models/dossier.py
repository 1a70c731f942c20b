"""A published dossier revision: frozen, never changed nor deleted."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from claims.models.story import Story


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
