"""Annotating an article in the reader: claims highlighted on its text, created, edited and
deleted through the desk as a fact-checker does it."""

from pathlib import Path

import pytest
from django.urls import reverse

from articles.services.import_ import import_paths
from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[3] / "seeds"
NBSP = "\u00a0"


@pytest.fixture
def seed_003():
    import_paths(paths=[next(SEEDS.glob("003_*.txt"))])
    from articles.models import Article

    return Article.objects.get()


def _new_claim(client, article, quote, *, htmx=False, **fields):
    start = article.body.index(quote)
    data = {
        "start": start,
        "end": start + len(quote),
        "exact": quote,
        "statement": "S.",
        "claimant": "C",
        **fields,
    }
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("claims:claim-new", args=[article.pk]), data, **headers)


def test_fact_checker_creates_a_claim_after_the_emoji_and_it_is_highlighted(client, fact_checker, seed_003):
    client.force_login(fact_checker)
    response = _new_claim(client, seed_003, "Source ici", htmx=True)
    assert response.status_code == 200
    claim = Claim.objects.get()
    assert seed_003.body[claim.start : claim.end] == "Source ici"
    assert claim.prefix.endswith("👉 ")
    assert (claim.status, claim.author) == ("draft", fact_checker)
    html = response.content.decode()
    assert f'data-claims="{claim.pk}">Source ici</mark>' in html
    assert 'id="claim-' in html


def test_claim_with_nbsp_in_its_quote_keeps_it(client, fact_checker, seed_003):
    client.force_login(fact_checker)
    _new_claim(client, seed_003, f"«{NBSP}Behemoth{NBSP}» Llama 4 : vers un délai")
    assert Claim.objects.get().exact == f"«{NBSP}Behemoth{NBSP}» Llama 4 : vers un délai"


def test_claim_whose_quote_disagrees_with_its_position_is_refused(client, fact_checker, seed_003):
    client.force_login(fact_checker)
    start = seed_003.body.index("Source ici")
    response = client.post(
        reverse("claims:claim-new", args=[seed_003.pk]),
        # UTF-16 offsets, as a browser would count them without converting: one off after the emoji.
        {"start": start + 1, "end": start + 10, "exact": "Source ic", "statement": "S.", "claimant": "C"},
    )
    assert response.status_code == 400
    assert "the quote does not match the article" in response.content.decode()
    assert not Claim.objects.exists()


def test_claim_needs_a_statement_and_a_claimant(client, fact_checker, seed_003):
    client.force_login(fact_checker)
    response = _new_claim(client, seed_003, "Source ici", htmx=True, statement="", claimant="")
    assert response["HX-Retarget"] == "#claim-form-slot"
    assert response.content.decode().count("This field is required.") == 2
    assert not Claim.objects.exists()


def test_author_edits_and_deletes_a_draft(client, fact_checker):
    claim = ClaimFactory(author=fact_checker)
    client.force_login(fact_checker)
    url = reverse("claims:claim-edit", args=[claim.pk])
    response = client.post(
        url,
        {"statement": "Reworded.", "claimant": "Meta", "claim_date": "2025-04-05", "version": claim.version},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.statement, claim.claimant, str(claim.claim_date)) == ("Reworded.", "Meta", "2025-04-05")
    client.post(reverse("claims:claim-delete", args=[claim.pk]))
    assert not Claim.objects.exists()


def test_article_text_is_escaped_in_the_reader(client, fact_checker):
    article = ArticleFactory(
        title="<b>Title</b>", body="Intro <script>alert('x')</script> and 2 trillion parameters."
    )
    ClaimFactory(article=article, quote="<script>alert('x')</script>")
    client.force_login(fact_checker)
    html = client.get(reverse("claims:reader", args=[article.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<b>Title</b>" not in html


def test_overlapping_and_nested_claims_split_the_text_into_marked_segments(client, fact_checker):
    article = ArticleFactory(body="Meta said Behemoth has 2 trillion parameters.")
    outer = ClaimFactory(article=article, quote="Behemoth has 2 trillion parameters")
    inner = ClaimFactory(article=article, quote="2 trillion")
    overlapping = ClaimFactory(article=article, quote="Meta said Behemoth")
    client.force_login(fact_checker)
    html = client.get(reverse("claims:reader", args=[article.pk])).content.decode()
    assert '<mark class="claim-span depth-1 hl-draft hl-verdict-none" title=' in html
    assert f'data-claims="{overlapping.pk}">Meta said </mark>' in html
    assert f'data-claims="{overlapping.pk} {outer.pk}">Behemoth</mark>' in html
    assert '<mark class="claim-span depth-2 hl-draft hl-verdict-none claim-end" title=' in html
    assert f'data-claims="{outer.pk} {inner.pk}">2 trillion</mark>' in html


def test_side_panel_lists_claims_in_text_order(client, fact_checker):
    article = ArticleFactory(body="First 2 trillion parameters. Then Meta said it was delayed.")
    later = ClaimFactory(article=article, quote="Meta said it was delayed", statement="Later claim.")
    earlier = ClaimFactory(article=article, quote="2 trillion parameters", statement="Earlier claim.")
    client.force_login(fact_checker)
    html = client.get(reverse("claims:reader", args=[article.pk])).content.decode()
    assert html.index(f'id="claim-{earlier.pk}"') < html.index(f'id="claim-{later.pk}"')


def test_reader_with_200_claims_renders_in_a_constant_number_of_queries(
    client, fact_checker, django_assert_max_num_queries
):
    article = ArticleFactory(body=" ".join(f"Sentence {n} says 2 trillion parameters." for n in range(200)))
    Claim.objects.bulk_create(
        [
            ClaimFactory.build(article=article, author=fact_checker, quote=f"Sentence {n} says")
            for n in range(200)
        ]
    )
    client.force_login(fact_checker)
    with django_assert_max_num_queries(9):  # 8, and the header's work counts
        response = client.get(reverse("claims:reader", args=[article.pk]))
    assert response.content.decode().count('class="claim"') == 200


def test_second_of_two_simultaneous_edits_is_refused_with_who_and_what(client, fact_checker):
    from claims.reader.services import claim_update

    claim = ClaimFactory(author=fact_checker)
    opened_at = claim.version
    claim_update(
        claim=claim, statement="First editor's wording.", claimant="Meta", by=fact_checker, expected_version=1
    )
    client.force_login(fact_checker)
    response = client.post(
        reverse("claims:claim-edit", args=[claim.pk]),
        {"statement": "Second wording.", "claimant": "Meta", "version": opened_at},
    )
    html = response.content.decode()
    assert "fc1 saved this claim at" in html
    assert "(changed: statement, claimant)" in html or "(changed: claimant, statement)" in html
    claim.refresh_from_db()
    assert claim.statement == "First editor's wording."


def test_the_new_claim_form_comes_by_post_and_creates_nothing(client, fact_checker, seed_003):
    client.force_login(fact_checker)
    quote = "Source ici"
    start = seed_003.body.index(quote)
    response = client.post(
        reverse("claims:claim-new", args=[seed_003.pk]),
        {"start": start, "end": start + len(quote), "exact": quote, "show_form": "1"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "New claim" in html
    assert "This field is required" not in html
    assert not Claim.objects.exists()


def test_heading_lines_of_the_body_read_as_headings(client, fact_checker):
    article = ArticleFactory(body="Dettagli sul progetto\n\nIl progetto ha 2 trilioni di parametri.")
    client.force_login(fact_checker)
    html = client.get(reverse("claims:reader", args=[article.pk])).content.decode()
    assert '<strong class="body-heading">Dettagli sul progetto</strong>' in html
    assert '<strong class="body-heading">Il progetto' not in html
