import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from articles.models import LANGUAGES, Article, ImportBatch, Outlet
from articles.selectors import article_search, with_or_without_claims


class _ListedChoices(ModelChoiceIterator):
    """A select's options read by one plain query: Django reads them through `iterator()`, a
    server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips for a dozen
    outlets, on every page of the list)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class _ListedChoiceField(ModelChoiceField):
    iterator = _ListedChoices


class ListedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _ListedChoiceField


class ArticleFilter(django_filters.FilterSet):
    """The article list's filters, the same in the desk and the API."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    language = django_filters.ChoiceFilter(choices=LANGUAGES)
    outlet = ListedModelChoiceFilter(queryset=Outlet.objects.all())
    import_batch = ListedModelChoiceFilter(queryset=ImportBatch.objects.all(), label=_("Import batch"))
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
        return queryset  # applied last, in filter_queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The search after the other filters: whether its matches are few enough to rank is
        decided on what they all leave (a frequent word in one outlet may rank)."""
        return article_search(super().filter_queryset(queryset), self.form.cleaned_data.get("q") or "")

    def filter_has_claims(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return with_or_without_claims(queryset, value == "true")
