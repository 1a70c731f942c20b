from django.urls import path

from articles.api import views

urlpatterns = [
    path("imports/", views.ImportBatchListCreate.as_view(), name="import-list"),
    path("imports/<int:pk>/", views.ImportBatchDetail.as_view(), name="import-detail"),
    path("imports/<int:pk>/items/", views.ImportItemList.as_view(), name="import-items"),
]
