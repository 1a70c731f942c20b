"""An editor corrects an article's details (title, language, date, byline, outlet), never
over a newer save."""

import pytest
from django.urls import reverse

from articles.services.articles import article_update_details
from claims.reader.services import article_correct_body
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_editor_corrects_the_metadata_and_the_language(client, editor):
    article = ArticleFactory(language="und")
    client.force_login(editor)
    response = client.post(
        reverse("articles:edit", args=[article.pk]),
        {
            "title": "Corrected",
            "language": "it",
            "published_on": "2025-05-14",
            "published_precision": "month",
            "byline": "Di Fantasy",
            "url": "",
            "outlet": article.outlet_id,
            "version": article.version,
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.language, article.published_display) == ("Corrected", "it", "2025-05")
    assert article.published_on.day == 1


def test_details_saved_on_a_stale_page_are_refused_and_never_restore_an_old_body(client, editor):
    article = ArticleFactory(body="Meta said Behemoth has 2 trillion parameters.")
    opened_at = article.version
    article_correct_body(
        article=article,
        body="Meta says Behemoth has 2 trillion parameters.",
        by=editor,
        note="n",
        base_version=1,
    )
    client.force_login(editor)
    response = client.post(
        reverse("articles:edit", args=[article.pk]),
        {"title": "Stale", "language": "en", "outlet": article.outlet_id, "version": opened_at},
    )
    assert "after you opened it" in response.content.decode()
    article.refresh_from_db()
    assert article.title != "Stale"
    assert article.body == "Meta says Behemoth has 2 trillion parameters."


def test_metadata_form_refuses_a_precision_without_a_date(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    response = client.post(
        reverse("articles:edit", args=[article.pk]),
        {"title": "T", "language": "en", "published_precision": "day", "outlet": article.outlet_id},
    )
    assert response.status_code == 200
    assert "A precision needs a date." in response.content.decode()


def test_a_details_conflict_names_who_changed_the_details(client, editor, django_user_model):
    other = django_user_model.objects.create_user("giulia")
    article = ArticleFactory(title="First title")
    opened_at = article.version
    article_update_details(article=article, by=other, expected_version=opened_at, title="Their title")
    client.force_login(editor)
    response = client.post(
        reverse("articles:edit", args=[article.pk]),
        {"title": "Mine", "language": "en", "outlet": article.outlet_id, "version": opened_at},
    )
    page = response.content.decode()
    assert "giulia saved this article" in page
    assert "its details" in page
    article.refresh_from_db()
    assert (article.title, article.updated_by) == ("Their title", other)
