from django.urls import path
from rest_framework.routers import SimpleRouter

from articles.api import views

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")

urlpatterns = [
    *router.urls,
    path("imports/", views.ImportBatchListCreate.as_view(), name="import-list"),
    path("imports/<int:pk>/", views.ImportBatchDetail.as_view(), name="import-detail"),
    path("imports/<int:pk>/items/", views.ImportItemList.as_view(), name="import-items"),
    path("imports/<int:pk>/run-again/", views.ImportBatchRunAgain.as_view(), name="import-run-again"),
]
