from rest_framework.routers import SimpleRouter

from claims.api.views import ClaimViewSet, SourceViewSet

router = SimpleRouter()
router.register("claims", ClaimViewSet, basename="claim")
router.register("sources", SourceViewSet, basename="source")

urlpatterns = router.urls
