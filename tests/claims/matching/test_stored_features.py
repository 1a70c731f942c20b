"""Match suggestions read stored features through the feature-key index: the same suggestions as
a reading of every claim's text, features refreshed when a claim changes, and pages whose query
count does not grow with the desk."""

import pytest
from django.urls import reverse

from claims.matching.features import read_features, refresh_stale_features, stale_claims
from claims.matching.selectors import claim_features, match_suggestions, rank
from claims.models import Claim, ClaimFeatureKey, ClaimFeatures
from claims.models.features import EVERY_CLAIM
from claims.reader.services import claim_update
from tests.factories import ArticleFactory, FactFactory, StoryFactory

pytestmark = pytest.mark.django_db


def _from_scratch(claim: Claim, *, with_statements: bool, limit: int = 8) -> list[tuple[int, float, list]]:
    """The claim suggestions of a reading of every claim's text, as the desk did before storing."""
    others = Claim.objects.exclude(status=Claim.Status.RETRACTED).exclude(article=claim.article_id)
    candidates = {
        c.pk: claim_features(c, with_statement=with_statements) for c in others.select_related("article")
    }
    ranked = rank(claim_features(claim, with_statement=with_statements), candidates)
    return [(pk, score, result.reasons, result.contradictions) for score, pk, result in ranked[:limit]]


@pytest.mark.parametrize("with_statements", [True, False])
def test_suggestions_from_stored_features_equal_those_computed_from_scratch(
    behemoth_dossier, with_statements
):
    claims = list(Claim.objects.select_related("article"))
    assert len(claims) >= 29
    for claim in claims:
        stored = [
            (s.claim.pk, s.score, s.reasons, s.contradictions)
            for s in match_suggestions(claim, with_statements=with_statements)
            if s.claim
        ]
        assert stored == _from_scratch(claim, with_statements=with_statements), claim.exact
    assert ClaimFeatures.objects.count() == len(claims)


def test_stored_features_equal_the_texts_features(behemoth_dossier):
    claims = list(Claim.objects.select_related("article", "features"))
    refresh_stale_features()
    for claim in claims:
        stored = read_features([claim])[claim.pk]
        assert stored.select(with_statement=True) == claim_features(claim)
        assert stored.select(with_statement=False) == claim_features(claim, with_statement=False)
        keys = set(ClaimFeatureKey.objects.filter(claim=claim).values_list("key", flat=True))
        assert keys == {*claim_features(claim).keys, EVERY_CLAIM}


def _claim(article, exact: str, statement: str, author) -> Claim:
    return Claim(
        article=article,
        start=0,
        end=len(exact),
        exact=exact,
        statement=statement,
        claimant="The outlet",
        author=author,
    )


def test_features_are_refreshed_when_a_claim_statement_changes(fact_checker):
    article, other = ArticleFactory(), ArticleFactory()
    claim = _claim(article, "Meta delayed Behemoth.", "Meta delayed Behemoth.", fact_checker)
    claim.save()
    Claim.objects.bulk_create(
        [_claim(other, "Zuckerberg praised the tokenizer.", "Zuckerberg praised it.", fact_checker)]
    )
    assert match_suggestions(claim) == []
    assert not stale_claims().exists()

    claim_update(
        claim=claim, statement="Zuckerberg praised the tokenizer.", claimant="The outlet", by=fact_checker
    )
    assert list(stale_claims()) == [claim]
    [found] = match_suggestions(Claim.objects.get(pk=claim.pk))
    assert found.claim.exact == "Zuckerberg praised the tokenizer."
    assert ClaimFeatureKey.objects.filter(claim=claim, key="word:en:tokenizer", in_quote=False).exists()
    assert not stale_claims().exists()


def test_a_stored_row_whose_texts_changed_is_never_used(fact_checker):
    article, other = ArticleFactory(), ArticleFactory()
    claim = _claim(article, "Meta delayed Behemoth.", "Meta delayed Behemoth.", fact_checker)
    claim.save()
    Claim.objects.bulk_create(
        [_claim(other, "The tokenizer was praised.", "The tokenizer was praised.", fact_checker)]
    )
    assert match_suggestions(claim) == []
    Claim.objects.filter(pk=claim.pk).update(statement="The tokenizer was praised.")  # version not bumped
    claim.refresh_from_db()
    assert [s.claim.exact for s in match_suggestions(claim) if s.claim] == ["The tokenizer was praised."]


def test_retracted_claims_are_neither_suggested_nor_counted(fact_checker):
    article, other = ArticleFactory(), ArticleFactory()
    claim = _claim(article, "Meta delayed Behemoth.", "Meta delayed Behemoth.", fact_checker)
    claim.save()
    twin = _claim(other, "Meta delayed Behemoth again.", "Meta delayed Behemoth.", fact_checker)
    twin.save()
    assert [s.claim for s in match_suggestions(claim)] == [twin]
    Claim.objects.filter(pk=twin.pk).update(status=Claim.Status.RETRACTED)
    assert match_suggestions(claim) == []


TEXTS = [
    ("Meta delayed Behemoth to {month}, sources said.", "Meta delayed Behemoth."),
    ("Behemoth has {n} billion active parameters.", "Behemoth has {n} billion active parameters."),
    ("Zuckerberg said the {n} researchers left the lab.", "Researchers left Meta's lab."),
    ("The training cost {n} million dollars in {month}.", "Training cost {n} million dollars."),
    ("OpenAI released a model with {n} trillion parameters.", "OpenAI released a large model."),
]
MONTHS = ["April", "May", "June", "July", "August"]


def _grow_desk(count: int, author) -> None:
    """`count` more claims over ten articles, with texts that share names, concepts and figures."""
    articles = [ArticleFactory() for _ in range(10)]
    claims = []
    for n in range(count):
        exact, statement = TEXTS[n % len(TEXTS)]
        values = {"n": 100 + n, "month": MONTHS[n % len(MONTHS)]}
        claims.append(_claim(articles[n % 10], exact.format(**values), statement.format(**values), author))
    Claim.objects.bulk_create(claims)


def _queries(django_assert_max_num_queries, get) -> int:
    get()  # features stored on the first reading
    with django_assert_max_num_queries(40) as captured:
        response = get()
    assert response.status_code == 200
    return len(captured)


def test_claim_page_matches_endpoint_and_fact_page_keep_their_query_count(
    client, editor, fact_checker, django_assert_max_num_queries
):
    _grow_desk(50, fact_checker)
    claim = Claim.objects.order_by("pk").first()
    fact = FactFactory(story=StoryFactory(lead_editor=editor), claims=list(Claim.objects.order_by("pk")[:3]))
    client.force_login(editor)
    pages = {
        "claim": lambda: client.get(reverse("claims:claim-detail", args=[claim.pk])),
        "matches": lambda: client.get(f"/api/v1/claims/{claim.pk}/matches/"),
        "fact": lambda: client.get(fact.get_absolute_url()),
    }
    at_50 = {name: _queries(django_assert_max_num_queries, get) for name, get in pages.items()}
    assert client.get(f"/api/v1/claims/{claim.pk}/matches/").json()  # it has suggestions
    _grow_desk(200, fact_checker)
    at_250 = {name: _queries(django_assert_max_num_queries, get) for name, get in pages.items()}
    assert Claim.objects.count() == 250
    assert at_250 == at_50
    assert ClaimFeatures.objects.count() == 250


def test_the_command_backfills_missing_features(fact_checker):
    from io import StringIO

    from django.core.management import call_command

    _grow_desk(12, fact_checker)
    out = StringIO()
    call_command("refresh_claim_features", "--dry-run", stdout=out)
    assert "stale features: 12." in out.getvalue()
    assert not ClaimFeatures.objects.exists()
    call_command("refresh_claim_features", stdout=out)
    assert "refreshed: 12." in out.getvalue()
    assert ClaimFeatures.objects.count() == 12
    assert not stale_claims().exists()
