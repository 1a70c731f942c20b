"""Atom and RSS feeds of published dossier revisions; a revision that corrects a verdict says so.
The feed's own words follow the reader's language (Django's Feed declares the active one as the
feed's `language`); the editors' titles and notes stay as written."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models.fields.json import KT
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy
from django.utils.cache import patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.models import DossierRevision

FEED_LENGTH = 50


class RevisionsFeed(Feed):
    link = reverse_lazy("dossiers:index")
    description = gettext_lazy("New revisions of the published fact-check dossiers, and their corrections.")

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        # Its words are in the reader's language (Accept-Language, or the language cookie).
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response

    def title(self) -> str:
        return _("%(publisher)s: dossiers and corrections") % {"publisher": settings.PUBLISHER_NAME}

    def items(self):
        # The story as each revision published it (its live title may differ, unpublished).
        return (
            DossierRevision.objects.select_related("story")
            .only("number", "published_at", "change_note", "is_correction", "story__slug")
            .annotate(title=KT("snapshot__story__title"), summary=KT("snapshot__story__summary"))
            .order_by("-published_at", "-id")[:FEED_LENGTH]
        )

    def item_title(self, item: DossierRevision) -> str:
        if item.is_correction:
            title = _("Correction: %(title)s (revision %(number)s)")
        elif item.number == 1:
            title = _("New dossier: %(title)s (revision %(number)s)")
        else:
            title = _("Update: %(title)s (revision %(number)s)")
        return title % {"title": item.title, "number": item.number}  # type: ignore[attr-defined]

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
        # A category is for machines (feed filters): the same word in every language.
        return ["correction"] if item.is_correction else []


class RevisionsAtomFeed(RevisionsFeed):
    feed_type = Atom1Feed
    subtitle = RevisionsFeed.description
