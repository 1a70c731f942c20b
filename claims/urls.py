from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("articles/<int:pk>/", views.reader, name="reader"),
    path("articles/<int:pk>/claims/new/", views.claim_new, name="claim-new"),
    path("articles/<int:pk>/correct/", views.article_correct, name="article-correct"),
    path("articles/<int:pk>/versions/", views.article_versions, name="article-versions"),
    path("articles/<int:pk>/suggestions/accept/", views.suggestion_accept, name="suggestion-accept"),
    path("claims/<int:claim_id>/edit/", views.claim_edit, name="claim-edit"),
    path("claims/<int:claim_id>/delete/", views.claim_remove, name="claim-delete"),
    path("claims/<int:claim_id>/reattach/", views.claim_reattach_view, name="claim-reattach"),
]
