import datetime

import factory
from django.contrib.auth import get_user_model

from articles.models import Article, Outlet
from articles.services.text import content_hash
from claims.anchoring import selector_for
from claims.models import Claim, ClaimSource, Fact, FactSource, Source, Story, Verdict

PASSWORD = "desk-password-1"  # every factory-made account's, for the tests that log in with it
META_BLOG = "https://ai.meta.com/blog/llama-4-multimodal-intelligence/"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


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


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    title = factory.Sequence(lambda n: f"Story {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    summary = "What the desk follows."
    lead_editor = factory.SubFactory(UserFactory)


class FactSourceFactory(factory.django.DjangoModelFactory):
    """Meta's announcement, supporting the fact."""

    class Meta:
        model = FactSource

    source = factory.LazyFunction(
        lambda: Source.objects.get_or_create(url=META_BLOG, defaults={"title": "The Llama 4 herd"})[0]
    )
    stance = "supports"
    added_by = factory.SelfAttribute("fact.author")


def _next_position(fact) -> int:
    """After the story's last fact, as `fact_create` places a new one."""
    last = fact.story.facts.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


class FactFactory(factory.django.DjangoModelFactory):
    """A draft fact at the end of its story, written by its lead editor unless told otherwise.

    `claims=[...]` puts claims under it; `ready=True` gives it what submitting needs besides
    its claims: a date, a verdict with rationale, a reconciliation note and a source.
    """

    class Meta:
        model = Fact
        skip_postgeneration_save = True

    class Params:
        ready = factory.Trait(
            happened_on=datetime.date(2025, 4, 5),
            rating="true",
            rationale="Meta's announcement gives the figure.",
            reconciliation="The articles agree.",
            source=factory.RelatedFactory(FactSourceFactory, factory_related_name="fact"),
        )

    story = factory.SubFactory(StoryFactory)
    statement = "Behemoth has about 2 trillion parameters."
    author = factory.SelfAttribute("story.lead_editor")
    position = factory.LazyAttribute(_next_position)

    @factory.post_generation
    def claims(self, create, extracted, **kwargs):
        if create and extracted:
            Claim.objects.filter(pk__in=[claim.pk for claim in extracted]).update(fact=self)


def user_in_role(username: str, role: str | None = None, **extra):
    """A user in one of the desk's role groups (see claims/roles.py)."""
    from django.contrib.auth.models import Group

    user = UserFactory(username=username, email=f"{username}@desk.example", **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def ready_claim(author, **kwargs):
    """A draft claim with what submitting needs: a verdict with rationale and a source."""
    claim = ClaimFactory(author=author, **kwargs)
    Verdict.objects.create(
        claim=claim, rating="true", rationale="Meta's own announcement says so.", author=author
    )
    source, _ = Source.objects.get_or_create(url=META_BLOG, defaults={"title": "The Llama 4 herd"})
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
    fact = FactFactory(
        story=story, author=author, claims=claims, statement=statement, rating=rating, ready=True
    )
    fact.refresh_from_db()
    return fact


def approved_fact(story, author, reviewer, claims=(), **kwargs):
    from claims.review.workflow import review_transition

    fact = ready_fact(story, author, claims, **kwargs)
    review_transition(item=fact, action="submit", by=author)
    return review_transition(item=fact, action="approve", by=reviewer)


def corrected_fact(fact, author, reviewer, *, rating: str):
    """A published fact's verdict corrected through review: sent back by `reviewer`, changed by
    its `author`, submitted and approved again."""
    from claims.review.workflow import review_transition
    from claims.stories.services import fact_update

    review_transition(item=fact, action="correct", by=reviewer, comment="Meta says nearly 2T.")
    fact.refresh_from_db()
    fact_update(
        fact=fact,
        by=author,
        statement=fact.statement,
        happened_on=fact.happened_on,
        rating=rating,
        rationale="Meta says “nearly two trillion”.",
        reconciliation=fact.reconciliation,
    )
    review_transition(item=fact, action="submit", by=author)
    return review_transition(item=fact, action="approve", by=reviewer)
