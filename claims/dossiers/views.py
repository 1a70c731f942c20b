"""The desk's side of publishing: preview a story's dossier, publish it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims.access import access_story
from claims.dossiers.markup import ORIGIN
from claims.dossiers.preview import cached_dossier_preview
from claims.dossiers.publish import BLOCKER_ITEMS_SHOWN, dossier_publish, publish_blockers
from claims.dossiers.render import page_frame
from claims.dossiers.snapshot import PUBLISHABLE
from claims.stories.forms import PublishForm
from claims.stories.views import story_page
from factcheck.desk import refusals

PREVIEW_NOTICE = (
    '<p class="notice" role="status">Preview: not published. Only approved facts and claims show.</p>'
)


@login_required
def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The story page, with what blocks publishing its next revision (from the same checks that
    refuse the publication) at the top, next to Publish."""
    story = access_story(request.user, slug)
    not_ready = story.facts.exclude(status__in=PUBLISHABLE).order_by("position", "id")
    return story_page(
        request,
        story,
        publish_blockers=publish_blockers(story, request.user),
        not_ready=not_ready[:BLOCKER_ITEMS_SHOWN],
        not_ready_more=max(0, not_ready.count() - BLOCKER_ITEMS_SHOWN),
    )


@login_required
def story_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page as it would be published now: kept by the server while the story does not
    change (claims/dossiers/preview.py), never by browsers or proxies, never indexed."""
    story = access_story(request.user, slug)
    head, middle, tail, _ = page_frame()
    page = head + "Preview" + middle + PREVIEW_NOTICE + cached_dossier_preview(story, request.user) + tail
    page = page.replace(ORIGIN, settings.PUBLIC_URL)
    response = HttpResponse(page)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def story_publish(request: HttpRequest, slug: str) -> HttpResponse:
    story = access_story(request.user, slug)
    form = PublishForm(request.POST)
    if form.is_valid():
        with refusals(request) as refused:
            revision = dossier_publish(
                story=story, by=request.user, change_note=form.cleaned_data["change_note"]
            )
        if not refused:
            messages.success(request, _("Published revision %(number)d.") % {"number": revision.number})
    return redirect(story)
