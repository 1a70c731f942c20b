from django.urls import path

from claims import views, views_review, views_stories

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
    path("claims/<int:claim_id>/fact/", views_stories.fact_from_claim, name="fact-from-claim"),
    path("stories/", views_stories.story_list, name="story-list"),
    path("stories/<slug:slug>/", views_stories.story_detail, name="story-detail"),
    path("stories/<slug:slug>/edit/", views_stories.story_edit, name="story-edit"),
    path("stories/<slug:slug>/preview/", views_stories.story_preview, name="story-preview"),
    path("stories/<slug:slug>/publish/", views_stories.story_publish, name="story-publish"),
    path("facts/<int:fact_id>/", views_stories.fact_detail, name="fact-detail"),
    path("facts/<int:fact_id>/claims/", views_stories.fact_attach, name="fact-attach"),
    path("facts/<int:fact_id>/claims/<int:claim_id>/detach/", views_stories.fact_detach, name="fact-detach"),
    path("facts/<int:fact_id>/sources/", views_stories.fact_source_add, name="fact-source-add"),
    path(
        "facts/<int:fact_id>/sources/<int:link_id>/delete/",
        views_stories.fact_source_remove,
        name="fact-source-remove",
    ),
    path("facts/<int:fact_id>/move/", views_stories.fact_move_view, name="fact-move"),
    path("facts/<int:fact_id>/review/", views_stories.fact_transition, name="fact-review"),
    path("facts/<int:fact_id>/delete/", views_stories.fact_remove, name="fact-delete"),
]
