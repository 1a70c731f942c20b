"""A story of many approved facts, each with approved claims, verdicts and sources, built in bulk:
large enough that a page or a publication doing one query per fact or claim shows it."""

import datetime

from django.utils import timezone

from claims.models import Claim, ClaimSource, Fact, FactSource, Source, Verdict
from tests.factories import META_BLOG, ArticleFactory

ARTICLES = 4


def big_story(story, *, facts: int, claims_per_fact: int = 2, author, reviewer, checker) -> list[Fact]:
    """`facts` approved facts (by `author`, approved by `reviewer`) in `story`, each holding
    `claims_per_fact` approved claims (by `checker`, approved by `author`) with a verdict and a
    source, spread over a few articles."""
    now = timezone.now()
    articles = [ArticleFactory(language=("en", "it", "fr", "en")[n % 4]) for n in range(ARTICLES)]
    source, _ = Source.objects.get_or_create(url=META_BLOG, defaults={"title": "The Llama 4 herd"})
    made = Fact.objects.bulk_create(
        Fact(
            story=story,
            statement=f"Fact {n}: Behemoth has about 2 trillion parameters.",
            happened_on=datetime.date(2025, 4, 5),
            rating="true",
            rationale="Meta's announcement gives the figure.",
            reconciliation="The articles agree.",
            position=n,
            status="approved",
            author=author,
            approved_by=reviewer,
            approved_at=now,
        )
        for n in range(facts)
    )
    FactSource.objects.bulk_create(
        FactSource(fact=fact, source=source, stance="supports", added_by=author) for fact in made
    )
    claims = Claim.objects.bulk_create(
        _claim(articles[(n + k) % ARTICLES], fact, checker, n)
        for n, fact in enumerate(made)
        for k in range(claims_per_fact)
    )
    Verdict.objects.bulk_create(
        Verdict(
            claim=claim,
            rating="true",
            rationale="Meta's own announcement says so.",
            author=checker,
            approved_by=author,
            approved_at=now,
        )
        for claim in claims
    )
    ClaimSource.objects.bulk_create(
        ClaimSource(claim=claim, source=source, stance="supports", added_by=checker) for claim in claims
    )
    return made


def _claim(article, fact: Fact, checker, n: int) -> Claim:
    quote = "2 trillion parameters"
    start = article.body.index(quote)
    return Claim(
        article=article,
        fact=fact,
        start=start,
        end=start + len(quote),
        exact=quote,
        prefix=article.body[max(0, start - 32) : start],
        suffix=article.body[start + len(quote) : start + len(quote) + 32],
        statement=f"Claim {n}: Behemoth has 2 trillion parameters.",
        claimant="The outlet",
        status="approved",
        author=checker,
    )
