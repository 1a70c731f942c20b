"""Atom and RSS feeds of published dossier revisions; a revision that corrects a verdict says so."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from claims.models import DossierRevision

FEED_LENGTH = 50


class RevisionsFeed(Feed):
    link = reverse_lazy("dossiers:index")
    description = "New revisions of the published fact-check dossiers, and their corrections."

    def title(self) -> str:
        return f"{settings.PUBLISHER_NAME}: dossiers and corrections"

    def items(self):
        return DossierRevision.objects.select_related("story").order_by("-published_at", "-id")[:FEED_LENGTH]

    def item_title(self, item: DossierRevision) -> str:
        kind = "Correction" if item.is_correction else ("New dossier" if item.number == 1 else "Update")
        return f"{kind}: {item.story.title} (revision {item.number})"

    def item_description(self, item: DossierRevision) -> str:
        return item.change_note or item.story.summary

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
