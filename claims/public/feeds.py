"""Atom and RSS feeds of published dossier revisions; a revision that corrects a verdict says so."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models.fields.json import KT
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from claims.models import DossierRevision

FEED_LENGTH = 50


class RevisionsFeed(Feed):
    link = reverse_lazy("dossiers:index")
    description = "New revisions of the published fact-check dossiers, and their corrections."

    def title(self) -> str:
        return f"{settings.PUBLISHER_NAME}: dossiers and corrections"

    def items(self):
        # The story as each revision published it (its live title may differ, unpublished).
        return (
            DossierRevision.objects.select_related("story")
            .only("number", "published_at", "change_note", "is_correction", "story__slug")
            .annotate(title=KT("snapshot__story__title"), summary=KT("snapshot__story__summary"))
            .order_by("-published_at", "-id")[:FEED_LENGTH]
        )

    def item_title(self, item: DossierRevision) -> str:
        kind = "Correction" if item.is_correction else ("New dossier" if item.number == 1 else "Update")
        return f"{kind}: {item.title} (revision {item.number})"  # type: ignore[attr-defined]

    def item_description(self, item: DossierRevision) -> str:
        # Feed readers render a description (RSS) or an html summary (Atom) as HTML: the
        # editors' text goes in escaped, so it reads as the text they wrote.
        return escape(item.change_note or item.summary)  # type: ignore[attr-defined]

    def item_link(self, item: DossierRevision) -> str:
        return reverse_lazy("dossiers:revision", args=[item.story.slug, item.number])

    def item_guid(self, item: DossierRevision) -> str:
        return f"{settings.PUBLIC_URL}{self.item_link(item)}"

    item_guid_is_permalink = True

    def item_pubdate(self, item: DossierRevision):
        return item.published_at

    def item_updateddate(self, item: DossierRevision):
        return item.published_at

    def item_categories(self, item: DossierRevision) -> list[str]:
        return ["correction"] if item.is_correction else []


class RevisionsAtomFeed(RevisionsFeed):
    feed_type = Atom1Feed
    subtitle = RevisionsFeed.description
