import datetime

import factory
from django.contrib.auth import get_user_model

from articles.models import Article, Outlet
from articles.services.text import content_hash
from claims.anchoring import selector_for
from claims.models import Claim


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("desk-password-1")


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    outlet = factory.SubFactory(OutletFactory)
    language = "en"
    body = factory.Sequence(
        lambda n: f"Meta delayed Behemoth, number {n}, sources said. It has 2 trillion parameters."
    )
    raw_text = factory.SelfAttribute("body")
    content_hash = factory.LazyAttribute(lambda a: content_hash(a.body))


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim on `quote` (the first occurrence in the article's body)."""

    class Meta:
        model = Claim
        exclude = ("quote",)

    article = factory.SubFactory(ArticleFactory)
    quote = "2 trillion parameters"
    statement = "Behemoth has 2 trillion parameters."
    claimant = "The outlet"
    author = factory.SubFactory(UserFactory)

    @factory.lazy_attribute
    def start(self):
        return self.article.body.index(self.quote)

    @factory.lazy_attribute
    def end(self):
        return self.start + len(self.quote)

    @factory.lazy_attribute
    def exact(self):
        return selector_for(self.article.body, self.start, self.end).exact

    @factory.lazy_attribute
    def prefix(self):
        return selector_for(self.article.body, self.start, self.end).prefix

    @factory.lazy_attribute
    def suffix(self):
        return selector_for(self.article.body, self.start, self.end).suffix


def user_in_role(username: str, role: str | None = None, **extra):
    """A user in one of the desk's role groups (see claims/roles.py)."""
    from django.contrib.auth.models import Group

    user = UserFactory(username=username, email=f"{username}@desk.example", **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def ready_claim(author, **kwargs):
    """A draft claim with what submitting needs: a verdict with rationale and a source."""
    from claims.models import ClaimSource, Source, Verdict

    claim = ClaimFactory(author=author, **kwargs)
    Verdict.objects.create(
        claim=claim, rating="true", rationale="Meta's own announcement says so.", author=author
    )
    source, _ = Source.objects.get_or_create(
        url="https://ai.meta.com/blog/llama-4-multimodal-intelligence/",
        defaults={"title": "The Llama 4 herd"},
    )
    ClaimSource.objects.create(claim=claim, source=source, stance="supports", added_by=author)
    return claim


def approved_claim(author, reviewer, **kwargs):
    """A claim through review: submitted by `author`, approved by `reviewer`."""
    from claims.review.workflow import review_transition

    claim = ready_claim(author, **kwargs)
    review_transition(item=claim, action="submit", by=author)
    return review_transition(item=claim, action="approve", by=reviewer)


def ready_fact(
    story, author, claims=(), *, statement="Behemoth has about 2 trillion parameters.", rating="true"
):
    """A draft fact with what submitting needs: claims, a verdict with rationale, a source."""
    from claims.stories.services import fact_attach_claim, fact_create, fact_source_attach, fact_update

    fact = fact_create(story=story, statement=statement, by=author)
    for claim in claims:
        fact_attach_claim(fact=fact, claim=claim, by=author)
    fact.refresh_from_db()
    fact = fact_update(
        fact=fact,
        by=author,
        statement=statement,
        happened_on=datetime.date(2025, 4, 5),
        rating=rating,
        rationale="Meta's announcement gives the figure.",
        reconciliation="The articles agree.",
    )
    fact_source_attach(
        fact=fact,
        url="https://ai.meta.com/blog/llama-4-multimodal-intelligence/",
        title="The Llama 4 herd",
        stance="supports",
        by=author,
    )
    fact.refresh_from_db()
    return fact


def approved_fact(story, author, reviewer, claims=(), **kwargs):
    from claims.review.workflow import review_transition

    fact = ready_fact(story, author, claims, **kwargs)
    review_transition(item=fact, action="submit", by=author)
    return review_transition(item=fact, action="approve", by=reviewer)
