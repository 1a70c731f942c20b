from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("articles/", views.article_list, name="list"),
    path("articles/<int:pk>/edit/", views.article_edit, name="edit"),
]
