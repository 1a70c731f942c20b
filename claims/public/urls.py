from django.urls import path

from claims.public import feeds, views

app_name = "dossiers"

urlpatterns = [
    path("", views.dossier_index, name="index"),
    path("feed/atom/", feeds.RevisionsAtomFeed(), name="feed-atom"),
    path("feed/rss/", feeds.RevisionsFeed(), name="feed-rss"),
    path("oembed/", views.oembed, name="oembed"),
    path("<slug:slug>/", views.dossier_latest, name="latest"),
    path("<slug:slug>/revisions/", views.dossier_revisions, name="revisions"),
    path("<slug:slug>/v<int:number>/", views.dossier_revision, name="revision"),
    path("<slug:slug>/v<int:number>/facts/<int:fact_id>/embed/", views.fact_embed, name="fact-embed"),
    path("<slug:slug>/v<int:number>.json", views.dossier_export, name="export"),
    path("<slug:slug>/compare/<int:old>...<int:new>/", views.dossier_compare, name="compare"),
]
