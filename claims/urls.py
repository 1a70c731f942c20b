from django.urls import path

from claims.dossiers import views as dossiers
from claims.reader import views as reader
from claims.review import views as review
from claims.stories import views as stories

app_name = "claims"

urlpatterns = [
    # The desk home: the review queues.
    path("", review.home, name="home"),
    # Reader: highlight claims in an article, correct its body.
    path("articles/<int:pk>/", reader.reader, name="reader"),
    path("articles/<int:pk>/claims/new/", reader.claim_new, name="claim-new"),
    path("articles/<int:pk>/correct/", reader.article_correct, name="article-correct"),
    path("articles/<int:pk>/versions/", reader.article_versions, name="article-versions"),
    path("articles/<int:pk>/suggestions/accept/", reader.suggestion_accept, name="suggestion-accept"),
    path("claims/<int:claim_id>/edit/", reader.claim_edit, name="claim-edit"),
    path("claims/<int:claim_id>/delete/", reader.claim_delete, name="claim-delete"),
    path("claims/<int:claim_id>/reattach/", reader.claim_reattach, name="claim-reattach"),
    # Review: the claim page, its evidence and its moves; queues and notifications.
    path("claims/", review.claim_list, name="claim-list"),
    path("claims/<int:claim_id>/", review.claim_detail, name="claim-detail"),
    path("claims/<int:claim_id>/verdict/", review.verdict_set, name="verdict-set"),
    path("claims/<int:claim_id>/sources/", review.source_add, name="source-add"),
    path("claims/<int:claim_id>/sources/<int:link_id>/delete/", review.source_remove, name="source-remove"),
    path("claims/<int:claim_id>/move/", review.claim_move, name="claim-move"),
    path("claims/<int:claim_id>/comments/", review.comment_post, name="comment-post"),
    path("sources/lookup/", review.source_lookup, name="source-lookup"),
    path("queues/<slug:name>/", review.queue, name="queue"),
    path("assign/<slug:kind>/<int:pk>/", review.assign, name="assign"),
    path("notifications/", review.notifications, name="notifications"),
    path("notifications/read/", review.notifications_read, name="notifications-read"),
    # Stories: facts reconciled from claims.
    path("claims/<int:claim_id>/fact/", stories.fact_from_claim, name="fact-from-claim"),
    path("stories/", stories.story_list, name="story-list"),
    path("stories/<slug:slug>/", dossiers.story_detail, name="story-detail"),
    path("stories/<slug:slug>/edit/", stories.story_edit, name="story-edit"),
    path("facts/<int:fact_id>/", stories.fact_detail, name="fact-detail"),
    path("facts/<int:fact_id>/claims/", stories.fact_attach, name="fact-attach"),
    path("facts/<int:fact_id>/claims/<int:claim_id>/detach/", stories.fact_detach, name="fact-detach"),
    path("facts/<int:fact_id>/sources/", stories.fact_source_add, name="fact-source-add"),
    path(
        "facts/<int:fact_id>/sources/<int:link_id>/delete/",
        stories.fact_source_remove,
        name="fact-source-remove",
    ),
    path("facts/<int:fact_id>/move/", stories.fact_move, name="fact-move"),
    path("facts/<int:fact_id>/review/", stories.fact_review, name="fact-review"),
    path("facts/<int:fact_id>/delete/", stories.fact_delete, name="fact-delete"),
    # Dossiers: preview and publish a story's next revision.
    path("stories/<slug:slug>/preview/", dossiers.story_preview, name="story-preview"),
    path("stories/<slug:slug>/publish/", dossiers.story_publish, name="story-publish"),
]
