"""Duplicate claims (issue 14): a new claim whose span overlaps a claim of the same article, or
whose statement restates one, is shown the existing claims before it is saved; the fact-checker
saves it anyway, or cancels."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from claims.models import Claim
from claims.reader.services import DuplicateClaim, claim_create, find_duplicates, normalize_statement
from tests.factories import ArticleFactory, ClaimFactory

BODY = "Meta said Behemoth has 2 trillion parameters. Its release was delayed to the autumn."
STATEMENT = "Behemoth has 2 trillion parameters."


@pytest.fixture
def article():
    return ArticleFactory(body=BODY)


@pytest.fixture
def existing(article, fact_checker):
    """A draft claim on "2 trillion parameters"."""
    return ClaimFactory(
        article=article, quote="2 trillion parameters", statement=STATEMENT, author=fact_checker
    )


def _span(quote: str) -> dict:
    start = BODY.index(quote)
    return {"start": start, "end": start + len(quote)}


def _duplicates(article, quote: str, statement: str = "Something else entirely.") -> list[Claim]:
    return find_duplicates(article=article, statement=statement, **_span(quote))


# -- the rule: find_duplicates ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "quote",
    [
        "2 trillion parameters",  # the same span
        "has 2 trillion",  # overlapping its start
        "parameters. Its release",  # overlapping its end
        "trillion",  # inside it
        "Behemoth has 2 trillion parameters.",  # around it
    ],
)
def test_a_span_overlapping_a_claim_duplicates_it(article, existing, quote):
    assert _duplicates(article, quote) == [existing]


@pytest.mark.django_db
@pytest.mark.parametrize("quote", ["Behemoth has ", ". Its release"])
def test_a_span_that_only_touches_a_claim_does_not_duplicate_it(article, existing, quote):
    start, end = _span(quote).values()
    assert end == existing.start or start == existing.end
    assert _duplicates(article, quote) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        STATEMENT,
        "behemoth has 2 trillion parameters",
        "  BEHEMOTH has 2 trillion\n parameters !",
        STATEMENT + "..",
    ],
)
def test_a_statement_restating_a_claim_of_the_article_duplicates_it(article, existing, statement):
    assert _duplicates(article, "Its release was delayed", statement) == [existing]


@pytest.mark.django_db
def test_a_different_statement_elsewhere_is_no_duplicate(article, existing):
    assert _duplicates(article, "Its release was delayed", "Behemoth has 2 billion parameters.") == []


@pytest.mark.django_db
@pytest.mark.parametrize("change", [{"status": Claim.Status.RETRACTED}, {"is_orphaned": True}])
def test_retracted_and_orphaned_claims_are_not_counted(article, existing, change):
    Claim.objects.filter(pk=existing.pk).update(**change)
    assert _duplicates(article, "2 trillion parameters", STATEMENT) == []


@pytest.mark.django_db
def test_claims_of_another_article_are_not_counted(existing):
    other = ArticleFactory(body=f"{BODY} It was later confirmed.")  # the same offsets, another article
    assert _duplicates(other, "2 trillion parameters", STATEMENT) == []


@pytest.mark.django_db
def test_every_claim_it_duplicates_is_named_in_text_order(article, existing, fact_checker):
    later = ClaimFactory(article=article, quote="Its release was delayed", author=fact_checker)
    earlier = ClaimFactory(article=article, quote="Meta said", statement="Meta says so.")
    found = _duplicates(article, "parameters. Its release", "Meta says so")
    assert found == [earlier, existing, later]


def test_statements_are_compared_casefolded_with_white_space_collapsed_and_no_final_punctuation():
    assert normalize_statement("  Straße  ist\u00a0lang!?» ") == "strasse ist lang"
    assert normalize_statement("Meta (2025) said so.") == "meta (2025) said so"
    assert normalize_statement("...") == ""


@given(st.text())
def test_normalizing_a_statement_twice_changes_nothing(text):
    assert normalize_statement(normalize_statement(text)) == normalize_statement(text)


# -- the service: claim_create --------------------------------------------------------------


def _create(article, by, quote: str, statement: str = "Another statement.", **kwargs) -> Claim:
    return claim_create(
        article=article,
        by=by,
        exact=quote,
        statement=statement,
        claimant="The outlet",
        **_span(quote),
        **kwargs,
    )


@pytest.mark.django_db
def test_creating_a_duplicate_is_refused_naming_the_claims(article, existing, editor):
    with pytest.raises(DuplicateClaim) as refused:
        _create(article, editor, "has 2 trillion")
    assert refused.value.duplicates == [existing]
    assert str(refused.value).startswith("This passage overlaps an existing claim of the article")
    assert Claim.objects.count() == 1


@pytest.mark.django_db
def test_a_restated_statement_is_refused_saying_so(article, existing, editor):
    with pytest.raises(DuplicateClaim, match=r"^This statement restates an existing claim"):
        _create(article, editor, "Its release was delayed", statement=STATEMENT.upper())


@pytest.mark.django_db
def test_a_duplicate_is_created_when_saved_anyway(article, existing, editor):
    claim = _create(article, editor, "2 trillion parameters", statement=STATEMENT, save_anyway=True)
    assert (claim.start, claim.end, claim.statement) == (existing.start, existing.end, existing.statement)
    assert Claim.objects.count() == 2


@pytest.mark.django_db
def test_a_claim_beside_another_is_created_without_asking(article, existing, editor):
    claim = _create(article, editor, ". Its release")
    assert claim.start == existing.end


# -- the desk: the new-claim form -------------------------------------------------------------


def _post_new_claim(client, article, quote: str, *, htmx=False, **fields):
    data = {**_span(quote), "exact": quote, "statement": "A new statement.", "claimant": "Meta", **fields}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("claims:claim-new", args=[article.pk]), data, **headers)


@pytest.mark.django_db
def test_the_desk_shows_the_claim_a_new_one_overlaps_and_saves_nothing(client, article, existing, editor):
    client.force_login(editor)
    response = _post_new_claim(client, article, "has 2 trillion", htmx=True)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#claim-form-slot"
    html = response.content.decode()
    assert "This passage overlaps an existing claim" in html
    assert (
        f'<a href="{reverse("claims:claim-detail", args=[existing.pk])}">«2 trillion parameters»</a>' in html
    )
    assert '<span class="status status-draft">Draft</span>' in html
    assert '<input type="hidden" name="confirm_duplicate" value="1">' in html
    assert '<button type="submit" class="btn-primary">Save anyway</button>' in html
    assert '<button type="button" class="cancel btn-quiet">Cancel</button>' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert html.count("This passage overlaps") == 1, "the refusal is said once"
    assert list(Claim.objects.all()) == [existing]


@pytest.mark.django_db
def test_the_desk_page_without_htmx_answers_409_and_keeps_what_was_typed(client, article, existing, editor):
    client.force_login(editor)
    response = _post_new_claim(client, article, "2 trillion parameters", statement="My wording.")
    assert response.status_code == 409
    html = response.content.decode()
    assert "This passage overlaps an existing claim" in html
    assert "My wording.</textarea>" in html
    assert Claim.objects.count() == 1


@pytest.mark.django_db
def test_saving_anyway_creates_the_claim(client, article, existing, editor):
    client.force_login(editor)
    response = _post_new_claim(client, article, "2 trillion parameters", confirm_duplicate="1")
    assert response.status_code == 302
    claim = Claim.objects.exclude(pk=existing.pk).get()
    assert response["Location"] == claim.get_absolute_url()
    assert (claim.start, claim.end, claim.author) == (existing.start, existing.end, editor)


@pytest.mark.django_db
def test_a_statement_restated_elsewhere_in_the_article_is_shown_too(client, article, existing, editor):
    client.force_login(editor)
    response = _post_new_claim(
        client, article, "Its release", htmx=True, statement="behemoth has 2 TRILLION parameters"
    )
    html = response.content.decode()
    assert "This statement restates an existing claim" in html
    assert f'href="{reverse("claims:claim-detail", args=[existing.pk])}"' in html
    assert Claim.objects.count() == 1


@pytest.mark.django_db
def test_the_existing_claims_quote_and_statement_are_escaped(client, fact_checker):
    article = ArticleFactory(body="Intro <script>alert('x')</script> and 2 trillion parameters.")
    ClaimFactory(article=article, quote="<script>alert('x')</script>", statement="<b>bold</b>")
    client.force_login(fact_checker)
    quote = "<script>alert('x')</script>"
    start = article.body.index(quote)
    response = client.post(
        reverse("claims:claim-new", args=[article.pk]),
        {"start": start, "end": start + len(quote), "exact": quote, "statement": "S.", "claimant": "C"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "This passage overlaps an existing claim" in html
    assert "<script>alert" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.django_db
def test_a_reader_who_may_not_create_claims_cannot_save_anyway(client, article, existing, read_only_account):
    client.force_login(read_only_account)
    response = _post_new_claim(client, article, "2 trillion parameters", confirm_duplicate="1")
    assert response.status_code == 403
    assert Claim.objects.count() == 1


@pytest.mark.django_db
def test_a_retracted_claim_on_the_passage_does_not_stop_a_new_one(client, article, existing, editor):
    Claim.objects.filter(pk=existing.pk).update(status=Claim.Status.RETRACTED)
    client.force_login(editor)
    response = _post_new_claim(client, article, "2 trillion parameters")
    assert response.status_code == 302
    assert Claim.objects.count() == 2


@pytest.mark.django_db
def test_a_suggestion_restating_a_claim_is_not_made_a_claim_and_says_why(client, editor):
    sentence = "Meta said Behemoth has 2 trillion parameters."
    article = ArticleFactory(body=f"{sentence} Later on: {sentence}")
    existing = ClaimFactory(article=article, quote=sentence, statement=sentence)
    start = article.body.rindex(sentence)  # the second time: no claim covers it
    client.force_login(editor)
    response = client.post(
        reverse("claims:suggestion-accept", args=[article.pk]),
        {"start": start, "end": start + len(sentence), "exact": sentence},
        HTTP_HX_REQUEST="true",
    )
    assert "This statement restates an existing claim of the article" in response.content.decode()
    assert list(Claim.objects.all()) == [existing]
