import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from articles.models import LANGUAGES, Article, ImportBatch, Outlet
from articles.selectors import article_search, with_or_without_claims


class ArticleFilter(django_filters.FilterSet):
    """The article list's filters, the same in the desk and the API."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    language = django_filters.ChoiceFilter(choices=LANGUAGES)
    outlet = django_filters.ModelChoiceFilter(queryset=Outlet.objects.all())
    import_batch = django_filters.ModelChoiceFilter(
        queryset=ImportBatch.objects.all(), label=_("Import batch")
    )
    has_claims = django_filters.ChoiceFilter(
        method="filter_has_claims",
        label=_("Claims"),
        choices=[("true", "With claims"), ("false", "Without claims")],
        empty_label="Any",
    )

    class Meta:
        model = Article
        fields = ["q", "language", "outlet", "import_batch", "has_claims"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return article_search(queryset, value)

    def filter_has_claims(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return with_or_without_claims(queryset, value == "true")
