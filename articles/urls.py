from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("articles/", views.article_list, name="list"),
    path("articles/<int:pk>/edit/", views.article_edit, name="edit"),
    path("outlets/", views.outlet_list, name="outlet-list"),
    path("outlets/new/", views.outlet_create, name="outlet-new"),
    path("outlets/<int:pk>/edit/", views.outlet_edit, name="outlet-edit"),
]
