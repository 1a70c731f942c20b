"""Build a story's dossier from a data file and publish it, through the desk's own services.

    python manage.py load_dossier claims/data/behemoth.json

The file (see claims/data/behemoth.json) names the story, its sources, and its facts with the
claims each one reconciles: every claim is a quote found exactly once in an imported article
(named by its file). Claims are written by a fact-checker and approved by an editor; facts are
written by one editor and approved by a second, who publishes revision 1. Every step goes
through the same review workflow as the desk's pages, so the four-eyes rule holds.

All or nothing: an error in the file (a quote not found, an unknown source or rating) stops
it with a message, and nothing is written. A story that exists already is left as it is.
"""

import datetime
import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Article, DatePrecision, Outlet
from articles.services.articles import article_update_details
from claims.dossiers.publish import dossier_publish
from claims.models import Claim, ClaimantType, Fact, Stance, Story
from claims.notify import notifications_muted
from claims.ratings import Rating
from claims.reader.services import claim_create
from claims.review.evidence import source_attach, verdict_set
from claims.review.workflow import review_transition
from claims.stories.services import (
    fact_attach_claim,
    fact_create,
    fact_source_attach,
    fact_update,
    story_create,
)


class DataError(CommandError):
    """The data file says something the desk cannot build."""


def _date(value: str | None, where: str) -> tuple[datetime.date | None, str]:
    """A date as precise as the data gives it: YYYY-MM-DD, YYYY-MM or YYYY (a month or a year is
    stored as its first day, with its precision)."""
    if not value:
        return None, DatePrecision.DAY
    parts = str(value).split("-")
    precision = {1: DatePrecision.YEAR, 2: DatePrecision.MONTH, 3: DatePrecision.DAY}.get(len(parts))
    try:
        numbers = [int(part) for part in parts]
        if precision is None:
            raise ValueError
        return datetime.date(*numbers, *[1] * (3 - len(numbers))), precision
    except (ValueError, TypeError) as exc:
        raise DataError(f"{where}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY).") from exc


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--checker", default="demo-checker", help="Writes the claims.")
        parser.add_argument("--claim-reviewer", default="demo-editor", help="Approves the claims.")
        parser.add_argument("--fact-author", default="demo-editor", help="Writes the facts.")
        parser.add_argument(
            "--publisher", default="demo-editor-2", help="Approves the facts and publishes the dossier."
        )

    def handle(self, *args, path: Path, **options) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            story_data = data["story"]
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DataError(f"{path}: not a dossier data file ({exc}).") from exc
        if Story.objects.filter(slug=story_data.get("slug")).exists():
            self.stdout.write(f"The story {story_data.get('slug')!r} exists already: left as it is.")
            return
        users = {
            role: self._user(options[role])
            for role in ("checker", "claim_reviewer", "fact_author", "publisher")
        }
        try:
            with transaction.atomic(), notifications_muted():
                revision = self._build(data, users)
        except (KeyError, TypeError) as exc:
            raise DataError(f"{path}: a required field is missing or malformed ({exc}).") from exc
        except ValidationError as exc:
            raise DataError(f"{path}: {'; '.join(exc.messages)}") from exc
        except PermissionDenied as exc:
            raise CommandError(
                f"{exc} Give users with the right roles (--checker, --publisher, ...)."
            ) from exc
        facts = revision.snapshot["facts"]
        claims = sum(len(article["claims"]) for fact in facts for article in fact["articles"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Published {revision.story.title!r} revision {revision.number}: {len(facts)} facts, "
                f"{claims} claims, at /dossiers/{revision.story.slug}/"
            )
        )

    def _user(self, username: str):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user {username!r}: run create_demo_desk first, or name another.") from exc

    def _build(self, data: dict[str, Any], users: dict[str, Any]):
        sources = data.get("sources", {})
        articles = self._articles({c["article"] for f in data["facts"] for c in f["claims"]})
        for name, details in data.get("articles", {}).items():
            self._provenance(articles, name, details, users["fact_author"])
        story_data = data["story"]
        story = story_create(
            title=story_data["title"],
            slug=story_data["slug"],
            summary=story_data.get("summary", ""),
            by=users["fact_author"],
        )
        facts = []
        for index, fact_data in enumerate(data["facts"], start=1):
            where = f"fact {index} ({fact_data.get('key', '?')})"
            claims = [
                self._claim(claim_data, articles, sources, users, f"{where}, claim {number}")
                for number, claim_data in enumerate(fact_data["claims"], start=1)
            ]
            facts.append(self._fact(story, fact_data, claims, sources, users, where))
        revision = dossier_publish(story=story, by=users["publisher"])
        for number, revision_data in enumerate(data.get("revisions", []), start=2):
            revision = self._revise(story, facts, revision_data, users, f"revision {number}")
        return revision

    @staticmethod
    def _revise(story, facts: list[Fact], revision_data: dict[str, Any], users, where: str):
        """A later revision, made the way an editor corrects a published dossier: each fact whose
        text changes is sent back by the publisher ("correct"), rewritten by its author, submitted,
        approved, and the story published again with the change note."""
        note = revision_data["change_note"]
        author, publisher = users["fact_author"], users["publisher"]
        changed = 0
        for fact in facts:
            fact.refresh_from_db()
            texts = {field: getattr(fact, field) for field in ("statement", "rationale", "reconciliation")}
            revised = dict(texts)
            for old, new in revision_data.get("replace", []):
                revised = {field: text.replace(old, new) for field, text in revised.items()}
            if revised == texts:
                continue
            changed += 1
            review_transition(item=fact, action="correct", by=publisher, comment=note)
            fact.refresh_from_db()
            fact_update(
                fact=fact,
                by=author,
                happened_on=fact.happened_on,
                happened_precision=fact.happened_precision,
                rating=fact.rating,
                **revised,
            )
            review_transition(item=fact, action="submit", by=author)
            review_transition(item=fact, action="approve", by=publisher)
        if not changed:
            raise DataError(f"{where}: its replacements change no fact.")
        return dossier_publish(story=story, by=publisher, change_note=note)

    def _articles(self, names: set[str]) -> dict[str, Article]:
        """The imported articles the data names by file name (as `import_articles` recorded it)."""
        found: dict[str, Article] = {}
        for article in Article.objects.exclude(source_name=""):
            name = Path(article.source_name).name
            if name in names:
                found[name] = article
        missing = sorted(names - found.keys())
        if missing:
            raise CommandError(
                f"Import the articles first (import_articles seeds/): missing {', '.join(missing)}."
            )
        return found

    @staticmethod
    def _provenance(articles: dict[str, Article], name: str, details: dict[str, Any], by) -> None:
        """Where an article was published, as verified (the data says only what was): its outlet,
        url, byline and date, and what it copies or translates."""
        where = f"article {name}"
        if name not in articles:
            raise DataError(f"{where}: no claim of the dossier is on it.")
        article = articles[name]
        outlet_data = details.get("outlet") or {}
        outlet = None
        if outlet_data:
            outlet = Outlet.for_name(outlet_data["name"])
            changed = {
                k: outlet_data[k] for k in ("domain", "country", "language", "kind") if outlet_data.get(k)
            }
            if changed:
                Outlet.objects.filter(pk=outlet.pk).update(**changed)
        published_on, precision = _date(details.get("published_on"), where)
        articles[name] = article_update_details(
            article=article,
            by=by,
            expected_version=article.version,
            title=details.get("title", article.title),
            outlet=outlet or article.outlet,
            byline=details.get("byline", article.byline),
            url=details.get("url", article.url),
            language=article.language,
            published_on=published_on or article.published_on,
            published_precision=precision if published_on else article.published_precision,
            original_outlet=details.get("original", {}).get("outlet", ""),
            original_url=details.get("original", {}).get("url", ""),
        )

    def _claim(self, claim_data, articles, sources, users, where: str) -> Claim:
        article = articles[claim_data["article"]]
        exact = claim_data["exact"]
        count = article.body.count(exact)
        if count != 1:
            found = "is not in" if not count else f"occurs {count} times in"
            raise DataError(f"{where}: the quote {exact[:60]!r} {found} {claim_data['article']}.")
        start = article.body.index(exact)
        checker, reviewer = users["checker"], users["claim_reviewer"]
        claim = claim_create(
            article=article,
            start=start,
            end=start + len(exact),
            exact=exact,
            statement=claim_data["statement"],
            claimant=claim_data["claimant"],
            claimant_type=claim_data.get("claimant_type", ClaimantType.ORGANIZATION),
            by=checker,
        )
        verdict_set(
            claim=claim, rating=self._rating(claim_data, where), rationale=claim_data["rationale"], by=checker
        )
        for link in claim_data["sources"]:
            source = self._source(link, sources, where)
            source_attach(
                claim=claim,
                stance=self._stance(link, where),
                quote=link.get("quote", ""),
                by=checker,
                **source,
            )
        review_transition(item=claim, action="submit", by=checker)
        return review_transition(item=claim, action="approve", by=reviewer)  # type: ignore[return-value]

    def _fact(self, story, fact_data, claims, sources, users, where: str) -> Fact:
        author, reviewer = users["fact_author"], users["publisher"]
        happened_on, precision = _date(fact_data.get("happened_on"), where)
        fact = fact_create(story=story, statement=fact_data["statement"], happened_on=happened_on, by=author)
        for claim in claims:
            fact_attach_claim(fact=fact, claim=claim, by=author)
        fact.refresh_from_db()
        fact_update(
            fact=fact,
            by=author,
            statement=fact.statement,
            happened_on=fact.happened_on,
            happened_precision=precision,
            rating=self._rating(fact_data, where),
            rationale=fact_data["rationale"],
            reconciliation=fact_data.get("reconciliation", ""),
        )
        for link in fact_data["sources"]:
            source = self._source(link, sources, where)
            fact_source_attach(
                fact=fact, stance=self._stance(link, where), quote=link.get("quote", ""), by=author, **source
            )
        review_transition(item=fact, action="submit", by=author)
        return review_transition(item=fact, action="approve", by=reviewer)  # type: ignore[return-value]

    @staticmethod
    def _rating(item: dict, where: str) -> str:
        if item["rating"] not in Rating.values:
            raise DataError(
                f"{where}: unknown rating {item['rating']!r} (one of {', '.join(Rating.values)})."
            )
        return item["rating"]

    @staticmethod
    def _stance(link: dict, where: str) -> str:
        if link["stance"] not in Stance.values:
            raise DataError(
                f"{where}: unknown stance {link['stance']!r} (one of {', '.join(Stance.values)})."
            )
        return link["stance"]

    @staticmethod
    def _source(link: dict, sources: dict, where: str) -> dict[str, Any]:
        try:
            source = sources[link["source"]]
        except KeyError as exc:
            raise DataError(f"{where}: no source {link['source']!r} in the file's sources.") from exc
        return {
            "url": source["url"],
            "title": source["title"],
            "publisher": source.get("publisher", ""),
            "published_on": _date(source.get("published_on"), f"source {link['source']}")[0],
        }
