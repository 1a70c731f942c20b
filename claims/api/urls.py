from django.urls import path
from rest_framework.routers import SimpleRouter

from claims.api.claims import ClaimViewSet
from claims.api.dossiers import PublicDossierViewSet
from claims.api.facts import FactViewSet
from claims.api.matches import MatchViewSet
from claims.api.sources import SourceViewSet
from claims.api.stories import StoryViewSet

router = SimpleRouter()
router.register("claims", ClaimViewSet, basename="claim")
router.register("sources", SourceViewSet, basename="source")
router.register("stories", StoryViewSet, basename="story")
router.register("facts", FactViewSet, basename="fact")
router.register("dossiers", PublicDossierViewSet, basename="public-dossier")

urlpatterns = [
    path("claims/<int:claim_pk>/matches/", MatchViewSet.as_view({"get": "list"}), name="claim-matches"),
    *router.urls,
]
