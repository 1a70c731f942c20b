from django.urls import path
from rest_framework.routers import SimpleRouter

from claims.api.dossiers import FactViewSet, MatchViewSet, PublicDossierViewSet, StoryViewSet
from claims.api.views import ClaimViewSet, SourceViewSet

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
