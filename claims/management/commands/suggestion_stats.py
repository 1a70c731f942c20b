"""Measure claim suggestions: for each article, its sentences, how many are suggested, and why.

Read-only. With no argument, every article; else the given article ids.
"""

from collections import Counter

from django.core.management.base import BaseCommand

from articles.models import Article
from claims.language.sentences import spans
from claims.reader.suggestions import suggest_claims


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="article ids (default: all)")

    def handle(self, *args, ids: list[int], **options) -> None:
        articles = Article.objects.order_by("id")
        if ids:
            articles = articles.filter(pk__in=ids)
        total, reasons = 0, Counter()
        self.stdout.write(f"{'id':>4} {'lang':4} {'sentences':>9} {'suggested':>9}  title")
        for article in articles:
            suggestions = suggest_claims(article.body, article.language)
            total += len(suggestions)
            reasons.update(reason for s in suggestions for reason in s.reasons)
            sentence_count = sum(1 for _ in spans(article.body))
            self.stdout.write(
                f"{article.pk:>4} {article.language:4} {sentence_count:>9} {len(suggestions):>9}  {article.title[:60]}"
            )
        count = articles.count()
        if count:
            self.stdout.write(f"{total} suggestions over {count} articles: {total / count:.1f} per article")
            self.stdout.write("reasons: " + ", ".join(f"{r} {n}" for r, n in reasons.most_common()))
