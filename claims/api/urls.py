from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from claims.api.claims import ClaimViewSet
from claims.api.dossiers import PublicDossierViewSet
from claims.api.facts import FactViewSet
from claims.api.matches import MatchViewSet
from claims.api.sources import SourceViewSet
from claims.api.stories import StoryViewSet
from factcheck.api import no_such_address

router = SimpleRouter()
router.register("claims", ClaimViewSet, basename="claim")
router.register("sources", SourceViewSet, basename="source")
router.register("stories", StoryViewSet, basename="story")
router.register("facts", FactViewSet, basename="fact")
router.register("dossiers", PublicDossierViewSet, basename="public-dossier")

urlpatterns = [
    path("claims/<int:claim_pk>/matches/", MatchViewSet.as_view({"get": "list"}), name="claim-matches"),
    *router.urls,
    # Last of the API's addresses (factcheck/urls.py includes articles.api.urls, then these): any
    # other address under /api/v1/ is a JSON 404. Only addresses ending in "/", so that one
    # missing its slash is still redirected to it (APPEND_SLASH).
    re_path(r"^(?P<path>(?:.*/)?)$", no_such_address),
]
