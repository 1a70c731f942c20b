from pathlib import Path

import pytest
from django.urls import reverse

from articles.models import Article
from articles.services.import_ import import_paths
from claims.language.sentences import spans
from claims.models import Claim
from claims.reader.suggestions import score_sentence, suggest_claims
from tests.factories import ArticleFactory, ClaimFactory

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


@pytest.fixture
def seeds(db):
    import_paths(paths=[SEEDS])
    return {a.source_name.rsplit("/", 1)[-1][:3]: a for a in Article.objects.all()}


def test_every_seed_article_gets_suggestions_in_text_order(seeds):
    assert len(seeds) == 5
    for article in seeds.values():
        suggestions = suggest_claims(article.body, article.language)
        assert 3 <= len(suggestions) <= sum(1 for _ in spans(article.body)), article.source_name
        assert [s.start for s in suggestions] == sorted(s.start for s in suggestions)
        for s in suggestions:
            assert article.body[s.start : s.end] == s.text
            assert s.reasons


def test_headings_and_bylines_are_never_suggested(seeds):
    headings = {
        "001": ["Dettagli sul progetto", "Analisi delle prestazioni", "Prospettive per Llama 4 Behemoth"],
        "002": ["Il team di Llama è partito per la competizione"],
        "003": ["Un événement LlamaCon sous attentes et un retard notable"],
    }
    for key, lines in headings.items():
        texts = [s.text for s in suggest_claims(seeds[key].body, seeds[key].language)]
        for line in lines:
            assert line in seeds[key].body
            assert not any(line in text for text in texts), line
    body = "By Jane Doe\nMeta spent 72 billion dollars in 2025, according to Reuters."
    assert [s.text for s in suggest_claims(body, "en")] == [
        "Meta spent 72 billion dollars in 2025, according to Reuters."
    ]


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Il modello ha 2 trilioni di parametri, secondo il New York Times.", "quantity"),
        ("Selon le Wall Street Journal, les ingénieurs rencontrent des difficultés.", "attribution"),
        ("Joelle Pineau ha rivelato il mese scorso che si sarebbe fatta da parte.", "date"),
        ("It should outperform GPT-4.5 on science benchmarks, Meta said.", "comparison"),
    ],
)
def test_each_signal_is_a_reason(sentence, reason):
    score, reasons = score_sentence(sentence, "")
    assert reason in reasons
    assert score >= 0.45


def test_a_model_version_number_is_not_a_quantity():
    assert "quantity" not in score_sentence("Meta presented Llama 4 to developers.")[1]


@pytest.mark.django_db
def test_sentences_already_claimed_are_not_suggested():
    article = ArticleFactory(
        body="Meta spent 72 billion in 2025, Reuters reported. Meta has 2 trillion parameters, it said."
    )
    claim = ClaimFactory(article=article, quote="72 billion")
    texts = [s.text for s in suggest_claims(article.body, "en", existing=[claim])]
    assert texts == ["Meta has 2 trillion parameters, it said."]


@pytest.mark.django_db
def test_one_click_turns_a_suggestion_into_a_draft_claim(client, fact_checker, seeds):
    article = seeds["003"]
    suggestion = suggest_claims(article.body, article.language)[0]
    client.force_login(fact_checker)
    response = client.post(
        reverse("claims:suggestion-accept", args=[article.pk]),
        {"start": suggestion.start, "end": suggestion.end, "exact": suggestion.text},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    claim = Claim.objects.get()
    assert (claim.exact, claim.statement, claim.author, claim.status) == (
        suggestion.text,
        suggestion.text,
        fact_checker,
        "draft",
    )
    assert f'data-claims="{claim.pk}"' in response.content.decode()


@pytest.mark.parametrize(
    ("sentence", "language", "absent"),
    [
        ("The model was delayed due to weak results.", "en", "quantity"),
        ("Meta released Llama in 2023.", "en", "quantity"),
        ("Meta defends its open source strategy.", "en", "attribution"),
    ],
)
def test_words_that_only_look_like_signals_are_not(sentence, language, absent):
    assert absent not in score_sentence(sentence, language)[1]


def test_italian_number_words_count_in_italian():
    assert "quantity" in score_sentence("Restano solo due ricercatori del gruppo.", "it")[1]


@pytest.mark.django_db
def test_a_long_body_lists_its_best_suggestions_and_says_how_many_there_are(client, fact_checker):
    from django.urls import reverse

    from claims.reader.suggestions import SHOWN
    from tests.factories import ArticleFactory

    sentence = "Meta said on {n} July 2025 that Behemoth, with {n} trillion parameters, was delayed. "
    body = "".join(sentence.format(n=n) for n in range(1, 200))
    article = ArticleFactory(body=body, raw_text=body, language="en")
    client.force_login(fact_checker)
    page = client.get(reverse("claims:reader", args=[article.pk])).content.decode()
    assert f"Suggested claims ({SHOWN} best of 199)" in page
    assert page.count("Make it a claim</button>") == SHOWN


def test_the_reader_reuses_its_suggestions_until_the_body_changes(db, client, fact_checker, monkeypatch):
    from claims.reader import suggestions

    article = ArticleFactory(
        body="Meta said on 2 July 2025 that Behemoth, with 2 trillion parameters, was delayed."
    )
    calls = []
    real = suggestions.suggest_claims
    monkeypatch.setattr(suggestions, "suggest_claims", lambda *a, **k: calls.append(a) or real(*a, **k))
    client.force_login(fact_checker)
    first = client.get(reverse("claims:reader", args=[article.pk])).content.decode()
    second = client.get(reverse("claims:reader", args=[article.pk])).content.decode()
    assert len(calls) == 1  # the second load is a cache hit
    assert "Make it a claim</button>" in first
    assert "Make it a claim</button>" in second
    Article.objects.filter(pk=article.pk).update(body="Meta said Behemoth has 288 billion active parameters.")
    client.get(reverse("claims:reader", args=[article.pk]))
    assert len(calls) == 2  # a new body is scored again
