import factory
from django.contrib.auth import get_user_model

from articles.models import Article, Outlet
from articles.services.text import content_hash
from claims.models import Claim
from claims.services.anchor import selector_for


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
