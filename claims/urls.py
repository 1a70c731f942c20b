from django.urls import path

from claims import views, views_review

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
    path("claims/<int:claim_id>/", views_review.claim_detail, name="claim-detail"),
    path("claims/<int:claim_id>/verdict/", views_review.verdict_save, name="verdict-save"),
    path("claims/<int:claim_id>/sources/", views_review.source_add, name="source-add"),
    path(
        "claims/<int:claim_id>/sources/<int:link_id>/delete/",
        views_review.source_remove,
        name="source-remove",
    ),
    path("claims/<int:claim_id>/move/", views_review.claim_move, name="claim-move"),
    path("claims/<int:claim_id>/comments/", views_review.comment_post, name="comment-post"),
    path("sources/lookup/", views_review.source_lookup, name="source-lookup"),
    path("queues/<slug:name>/", views_review.queue, name="queue"),
    path("notifications/", views_review.notifications, name="notifications"),
]
