from django.urls import path

from claims import feeds, views_public

app_name = "dossiers"

urlpatterns = [
    path("", views_public.dossier_index, name="index"),
    path("feed/atom/", feeds.RevisionsAtomFeed(), name="feed-atom"),
    path("feed/rss/", feeds.RevisionsFeed(), name="feed-rss"),
    path("<slug:slug>/", views_public.dossier_latest, name="latest"),
    path("<slug:slug>/revisions/", views_public.dossier_revisions, name="revisions"),
    path("<slug:slug>/v<int:number>/", views_public.dossier_revision, name="revision"),
    path("<slug:slug>/v<int:number>.json", views_public.dossier_export, name="export"),
    path("<slug:slug>/compare/<int:old>...<int:new>/", views_public.dossier_compare, name="compare"),
]
