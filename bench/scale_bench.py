"""Scale benchmark: every desk page and API list at 1/10th and at full newsroom scale, search at
100,000 articles against the bare indexed query, and publishing a 200-fact story.

    make bench-scale                                       # the whole run, about 15-20 minutes
    .venv/bin/python bench/scale_bench.py --scale 0.05     # a quick run at 1/20th of the sizes
    .venv/bin/python bench/scale_bench.py --only search --keep

It builds, in a database of its own (--database, default factcheck_scale, created on the
server of DATABASE_URL and dropped at the end unless --keep), a desk through the app's models
(bulk inserts, history rows included): Italian, French and English articles (bench/synthetic.py),
claims anchored to their sentences in every review state, with verdicts, sources, transitions,
comments, assignments and notifications, background stories with their facts, and a story of
200 facts (3 approved claims each, from different articles) with another of 100. What the desk
derives from claims as they are written (stored matching features) is brought up to date by the
desk's own code after each load, so pages are measured on a desk in its steady state; the
articles' GIN indexes are dropped during a load and built again from their own definitions.

- pages: at 1/10th (2,000 articles, 5,000 claims), then the same desk grown to full scale
  (20,000 articles, 50,000 claims), each desk page and API list/detail as an editor through
  Django's test client: the first request, then the median of --repeat (5) requests, in this
  process (server time, no socket); the query count of a warm request; the ratio full/tenth.
  Flags a ratio above 2x, a query count that changed, and the claim page or the matches
  endpoint above 100 ms at full scale (issue 16's targets).
- search: the desk grown to 100,000 articles; for frequent, rare and absent words in Italian,
  French and English, p50/p95 of the article list view (/articles/?q=...) against a bare SQL
  query on the same GIN index (search_vector @@ websearch_to_tsquery(...) LIMIT 25) in the same
  run. Target: p95 < 50 ms and within 3x of the bare query.
- publish: the 100-fact and the 200-fact stories published (each run rolled back, median of 3):
  their query counts and times, which should not grow with the facts.

--scale multiplies every size (articles, claims, stories' facts: at least 4). Only PostgreSQL
(DATABASE_URL=postgres://...; a SQLite URL is refused). Exit status 1 when a page does not
answer 200; a missed target is a measurement, not a failure.
"""

import argparse
import logging
import math
import os
import random
import re
import statistics
import sys
import time
import urllib.parse
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dossier_bench import (
    _PUBLISHERS,
    _RATIONALE,
    _RECONCILIATION,
    _SOURCE_TITLES,
    bench_users,
    prose,
    quote_spans,
    rating,
    statement,
    synthetic_article,
)
from synthetic import ALL_OUTLETS, VOCABULARIES, Generator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE = "factcheck_scale"
TENTH = {"articles": 2_000, "claims": 5_000}
FULL = {"articles": 20_000, "claims": 50_000}
SEARCH_ARTICLES = 100_000
STORY_FACTS = 200
CLAIMS_PER_FACT = 3
BACKGROUND_FACTS_PER_STORY = 25
RATIO_LIMIT = 2.0
SLOW_MS = 100.0  # the claim page and the matches endpoint, at full scale
SEARCH_P95_MS = 50.0
SEARCH_BARE_RATIO = 3.0
PAGE_SIZE = 25  # the article list's (articles/views.py)
STAGES = ("pages", "search", "publish")

# (kind, language, word): the rare word is an article's own figure, found when searching.
SEARCH_WORDS = (
    ("frequent", "it", "governo"),
    ("frequent", "fr", "usine"),
    ("frequent", "en", "postponed"),
    ("rare", "it", None),
    ("rare", "fr", None),
    ("rare", "en", None),
    ("absent", "it", "ornitorinco"),
    ("absent", "fr", "ornithorynque"),
    ("absent", "en", "platypus"),
)
SEARCH_CONFIGS = {"it": "italian", "fr": "french", "en": "english"}

# A claim's review state, how often, and the moves that brought it there.
CLAIM_STATES = (
    ("draft", 15),
    ("in_review", 15),
    ("changes_requested", 5),
    ("approved", 30),
    ("published", 30),
    ("retracted", 5),
)
FACT_STATES = (("draft", 20), ("in_review", 20), ("approved", 30), ("published", 30))
PATHS = {
    "draft": (),
    "in_review": ("submit",),
    "changes_requested": ("submit", "request_changes"),
    "approved": ("submit", "approve"),
    "published": ("submit", "approve", "publish"),
    "retracted": ("submit", "approve", "publish", "retract"),
}
MOVES = {
    "submit": ("draft", "in_review"),
    "request_changes": ("in_review", "changes_requested"),
    "approve": ("in_review", "approved"),
    "publish": ("approved", "published"),
    "retract": ("published", "retracted"),
}
REVIEW_COMMENTS = (
    "Please add the primary source: the ministry's report, not the agency dispatch.",
    "The quote is cut mid-sentence; anchor the whole assertion.",
    "The verdict needs the date of the figure, which changed in June.",
    "Retracted: the outlet corrected the article and the claim no longer stands.",
)


def scaled(value: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(value * scale))


# -- database and Django --------------------------------------------------------------------


def configure(database: str) -> dict:
    """Point Django at `database` on DATABASE_URL's PostgreSQL server; refuse anything else, and
    the URL's own database (the benchmark drops what it builds)."""
    import environ

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        raise SystemExit("scale_bench: set DATABASE_URL to a PostgreSQL server (postgres://...)")
    config = environ.Env.db_url_config(url)
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise SystemExit(
            f"scale_bench: DATABASE_URL must be a PostgreSQL database (postgres://...), got engine "
            f"{config.get('ENGINE')!r}: the pages are measured as production serves them (search "
            "needs PostgreSQL's full-text index)."
        )
    if database == config["NAME"]:
        raise SystemExit(
            f"scale_bench: refusing to build in {database!r}, DATABASE_URL's own database: the "
            "benchmark creates and drops its database; pick another --database."
        )
    os.environ["DATABASE_URL"] = urllib.parse.urlsplit(url)._replace(path=f"/{database}").geturl()
    os.environ["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
    os.environ["DEBUG"] = "true"  # settings refuse DEBUG off without a real SECRET_KEY
    os.environ["REQUIRE_2FA"] = "false"  # the editor's session is forced, as in the tests
    return {**config, "NAME": database}


def _server(config: dict):
    import psycopg

    params = {
        key: config[setting]
        for key, setting in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))
        if config.get(setting)
    }
    try:
        return psycopg.connect(dbname="postgres", autocommit=True, **params)
    except psycopg.OperationalError as exc:
        raise SystemExit(f"scale_bench: cannot reach PostgreSQL: {exc}") from exc


def create_database(config: dict) -> None:
    """A fresh database (one a previous --keep run left is dropped first)."""
    from psycopg import sql

    with _server(config) as conn:
        name = sql.Identifier(config["NAME"])
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def drop_database(config: dict) -> None:
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    with _server(config) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(config["NAME"]))
        )


def setup_django() -> None:
    import django
    from django.conf import settings

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()
    # DEBUG is on only so that settings load without a secret key; off, Django does not keep
    # the text of every query the build makes, and pages render as production renders them.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    logging.getLogger("axes").setLevel(logging.WARNING)  # a line for each forced login


def analyze() -> None:
    """Fresh planner statistics, as autovacuum would have them after the load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# -- the desk -------------------------------------------------------------------------------


@dataclass
class Desk:
    """What the builder has made so far, and what the next stage adds to."""

    users: dict
    rng: random.Random
    generator: Generator
    outlets: dict = field(default_factory=dict)
    sources: list = field(default_factory=list)
    articles: int = 0  # articles 1..articles exist
    claims: int = 0
    stories: int = 0
    facts: int = 0
    story: object = None  # the STORY_FACTS-fact story whose pages are measured
    half_story: object = None  # the one of half as many facts, for publishing
    story_facts: int = 0
    seconds: float = 0.0

    @property
    def checker(self):
        return self.users["checker"]

    @property
    def writer(self):
        """The editor who writes facts (and some claims)."""
        return self.users["editor"]

    @property
    def editor(self):
        """The editor the pages are measured as: reviews, approves and publishes."""
        return self.users["publisher"]


def new_desk(seed: int) -> Desk:
    from django.utils.text import slugify

    from articles.models import Outlet

    desk = Desk(
        users=bench_users(),
        rng=random.Random(f"scale-bench:{seed}"),
        generator=Generator(seed=seed, duplicate_rate=0),
    )
    desk.outlets = {
        outlet.name: outlet
        for outlet in Outlet.objects.bulk_create(
            Outlet(name=name, slug=slugify(name), domain=f"{slugify(name)}.example") for name in ALL_OUTLETS
        )
    }
    return desk


def new_articles(desk: Desk, first: int, last: int) -> list:
    """Article objects numbered `first` to `last` (not saved): synthetic.py's rows."""
    rows = (desk.generator.row(n) for n in range(first, last + 1))
    return [synthetic_article(row, desk.outlets[row.outlet], bench="scale-bench") for row in rows]


def article_batches(desk: Desk, total: int, batch: int = 2_000) -> Iterator[list]:
    """Articles desk.articles+1 .. total, inserted `batch` at a time; yields each batch saved.
    A thread writes the next batch's text while this one is inserted (the database's time)."""
    from articles.models import Article

    starts = range(desk.articles + 1, total + 1, batch)
    with ThreadPoolExecutor(max_workers=1) as pool:
        upcoming = None
        for index, first in enumerate(starts):
            made = upcoming.result() if upcoming else new_articles(desk, first, min(total, first + batch - 1))
            if index + 1 < len(starts):
                following = starts[index + 1]
                upcoming = pool.submit(new_articles, desk, following, min(total, following + batch - 1))
            yield Article.objects.bulk_create(made)
            desk.articles += len(made)


def english_statement(quote: str, language: str, rng: random.Random) -> str:
    """The claim's neutral rewording in English: the quoted sentence's parts translated through
    synthetic.py's vocabularies, which list the same meanings in the same order in each
    language (so that claims of several articles match across languages, as real ones do)."""
    source, english = VOCABULARIES[language], VOCABULARIES["en"]
    if figure := re.search(r"\d{4,}", quote):
        return english.figure.format(n=figure.group())
    parts = []
    for name in ("subjects", "verbs", "objects", "complements"):
        found = next((i for i, phrase in enumerate(getattr(source, name)) if phrase in quote), None)
        if found is not None:
            parts.append(getattr(english, name)[found])
    if len(parts) < 2:  # half a sentence
        return statement(rng)
    text = " ".join(parts)
    return f"{text[0].upper()}{text[1:]}."


def weighted(rng: random.Random, table: tuple) -> str:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


def create_sources(desk: Desk, count: int) -> None:
    import datetime

    from claims.models import Source

    start = len(desk.sources)
    rng = desk.rng
    desk.sources += Source.objects.bulk_create(
        Source(
            url=f"https://{rng.choice(_PUBLISHERS).lower().replace(' ', '-')}.example.org/documents/{n}",
            title=f"{rng.choice(_SOURCE_TITLES)} ({n})",
            publisher=rng.choice(_PUBLISHERS),
            published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(365)),
            created_by=desk.checker,
        )
        for n in range(start + 1, start + count + 1)
    )


def create_story(desk: Desk, title: str, facts: int, *, state: str | None = None) -> tuple:
    """A story and its facts (every fact in `state`, else drawn from FACT_STATES)."""
    import datetime

    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from claims.models import Fact, Story

    rng = desk.rng
    desk.stories += 1
    story = Story.objects.create(
        title=title,
        slug=f"scale-story-{desk.stories}",
        summary=prose(rng, _RECONCILIATION, 300),
        lead_editor=desk.writer,
        assignee=desk.editor if desk.stories % 4 == 0 else None,
    )
    made = []
    for position in range(facts):
        status = state or weighted(rng, FACT_STATES)
        done = status in ("approved", "published")
        made.append(
            Fact(
                story=story,
                statement=statement(rng, f" (fact {desk.facts + position + 1})"),
                happened_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(700)),
                rating=rating(rng),
                rationale=prose(rng, _RATIONALE, 300),
                reconciliation=prose(rng, _RECONCILIATION, 400),
                position=position,
                status=status,
                author=desk.writer,
                approved_by=desk.editor if done else None,
                approved_at=timezone.now() if done else None,
            )
        )
    desk.facts += facts
    return story, bulk_create_with_history(made, Fact, default_user=desk.writer)


def claim_slots(articles: list, count: int) -> Iterator[tuple]:
    """(article, its number of new claims): `count` spread evenly, two or three an article."""
    for index, article in enumerate(articles):
        share = (index + 1) * count // len(articles) - index * count // len(articles)
        if share:
            yield article, share


def new_claims(desk: Desk, articles: list, count: int, facts: list) -> list:
    """Claim objects on sentences of `articles`: the first 3 per fact of `facts` approved and
    attached to them (claim i to fact i mod len(facts): a fact's claims come from different
    articles); the others in states drawn from CLAIM_STATES."""
    import datetime

    from claims.anchoring import selector_for
    from claims.models import Claim

    rng = desk.rng
    reserved = len(facts) * CLAIMS_PER_FACT
    claims = []
    for article, share in claim_slots(articles, count):
        for start, end in quote_spans(article.body, share, rng):
            index = len(claims)
            status = "approved" if index < reserved else weighted(rng, CLAIM_STATES)
            author = desk.writer if index >= reserved and index % 10 == 0 else desk.checker
            claim = Claim(
                article=article,
                statement=english_statement(article.body[start:end], article.language, rng),
                claimant=rng.choice((article.outlet.name, "A government spokesperson", "Unnamed sources")),
                status=status,
                retraction_reason=REVIEW_COMMENTS[3] if status == "retracted" else "",
                author=author,
                fact=facts[index % len(facts)] if index < reserved else None,
                assignee=desk.editor if index >= reserved and index % 50 == 7 else None,
                due_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=index % 60)
                if index % 50 == 7
                else None,
                requested_reviewer=desk.editor if status == "in_review" and index % 3 == 0 else None,
            )
            claim.set_selector(selector_for(article.body, start, end))
            claims.append(claim)
    return claims


def reviewer_of(desk: Desk, item):
    return desk.editor if item.author_id != desk.editor.pk else desk.writer


def create_evidence(desk: Desk, claims: list) -> None:
    """Verdicts (every claim past draft, and half the drafts), source links, review comments."""
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from claims.models import ClaimSource, Comment, Verdict

    rng, now = desk.rng, timezone.now()
    verdicts, links, comments = [], [], []
    for index, claim in enumerate(claims):
        if claim.status != "draft" or index % 2:
            done = claim.status in ("approved", "published", "retracted")
            verdicts.append(
                Verdict(
                    claim=claim,
                    rating=rating(rng),
                    rationale=prose(rng, _RATIONALE, 300),
                    author=claim.author,
                    approved_by=reviewer_of(desk, claim) if done else None,
                    approved_at=now if done else None,
                )
            )
        for source in rng.sample(desk.sources, rng.randint(1, 2)):
            links.append(
                ClaimSource(
                    claim=claim,
                    source=source,
                    stance=rng.choice(("supports", "refutes", "context")),
                    quote=prose(rng, _RATIONALE, 100),
                    added_by=claim.author,
                )
            )
        if claim.status == "changes_requested":
            comments.append(
                Comment(claim=claim, author=reviewer_of(desk, claim), body=REVIEW_COMMENTS[index % 3])
            )
    bulk_create_with_history(verdicts, Verdict, batch_size=2_000, default_user=desk.checker)
    bulk_create_with_history(links, ClaimSource, batch_size=2_000, default_user=desk.checker)
    Comment.objects.bulk_create(comments, batch_size=2_000)


def create_fact_sources(desk: Desk, facts: list) -> None:
    from simple_history.utils import bulk_create_with_history

    from claims.models import FactSource

    rng = desk.rng
    links = [
        FactSource(
            fact=fact,
            source=source,
            stance=rng.choice(("supports", "refutes", "context")),
            quote=prose(rng, _RATIONALE, 120),
            added_by=desk.writer,
        )
        for fact in facts
        for source in rng.sample(desk.sources, rng.randint(1, 2))
    ]
    bulk_create_with_history(links, FactSource, batch_size=2_000, default_user=desk.writer)


def create_transitions(desk: Desk, items: list) -> None:
    """Each claim's or fact's moves to its state: submitted by its author, the rest by a reviewer."""
    from claims.models import Fact, Transition

    records = []
    for item in items:
        subject = {"fact": item} if isinstance(item, Fact) else {"claim": item}
        for action in PATHS[item.status]:
            from_status, to_status = MOVES[action]
            by = item.author if action == "submit" else reviewer_of(desk, item)
            comment = REVIEW_COMMENTS[0] if action == "request_changes" else ""
            if action == "retract":
                comment = REVIEW_COMMENTS[3]
            records.append(
                Transition(
                    **subject,
                    action=action,
                    from_status=from_status,
                    to_status=to_status,
                    by=by,
                    comment=comment,
                )
            )
    Transition.objects.bulk_create(records, batch_size=5_000)


def create_notifications(desk: Desk, claims: list) -> None:
    """One notification to the measured editor for every 50 claims, half of them read."""
    from django.utils import timezone

    from claims.models import Notification

    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            recipient=desk.editor,
            claim=claim,
            message=f"Claim #{claim.pk} is waiting for your review.",
            read_at=now if index % 2 else None,
            emailed_at=now,
        )
        for index, claim in enumerate(claims[::50])
    )


def grow(desk: Desk, *, articles: int, claims: int, story_facts: int = 0) -> float:
    """Grow the desk to `articles` articles and `claims` claims (with their evidence, moves and
    background stories; with `story_facts`, the measured stories first). Seconds taken."""
    from django.db import transaction
    from simple_history.utils import bulk_create_with_history

    from claims.models import Claim

    started = time.perf_counter()
    with transaction.atomic():
        with gin_indexes_dropped():
            new_articles = [article for batch in article_batches(desk, articles) for article in batch]
        create_sources(desk, max(1, (claims - desk.claims) // 4))
        facts: list = []
        if story_facts:
            desk.story, facts = create_story(
                desk, "Public spending under scrutiny", story_facts, state="approved"
            )
            desk.half_story, half = create_story(
                desk, "Public spending, the short version", max(2, story_facts // 2), state="approved"
            )
            facts += half
        made = new_claims(desk, new_articles, claims - desk.claims, facts)
        background = background_facts(desk, len(made) // 20)
        for index, claim in enumerate(made[len(facts) * CLAIMS_PER_FACT :]):
            if index % 5 == 0 and background:
                claim.fact = background[index // 5 % len(background)]
        made = bulk_create_with_history(made, Claim, batch_size=2_000, default_user=desk.checker)
        desk.claims += len(made)
        create_evidence(desk, made)
        create_fact_sources(desk, facts + background)
        create_transitions(desk, [*made, *facts, *background])
        create_notifications(desk, made)
    analyze()
    refreshed, refresh_seconds = refresh_stored_features()
    if refreshed:
        print(f"  stored matching features of {refreshed:,} claims computed in {refresh_seconds:.1f}s")
    seconds = time.perf_counter() - started
    desk.seconds += seconds
    return seconds


def refresh_stored_features() -> tuple[int, float]:
    """(claims, seconds): the claims' stored matching features brought up to date by the desk's
    own refresh, where the desk stores them (claims/matching/features.py): bulk inserts bypass
    the services that keep them current, and pages are measured on a desk in its steady state,
    not on the first request after an import."""
    try:
        from claims.matching.features import refresh_stale_features
    except ImportError:  # a desk that computes them when it reads them
        return 0, 0.0
    started = time.perf_counter()
    return refresh_stale_features(), time.perf_counter() - started


def background_facts(desk: Desk, count: int) -> list:
    """`count` facts in background stories of BACKGROUND_FACTS_PER_STORY facts each."""
    facts: list = []
    while len(facts) < count:
        size = min(BACKGROUND_FACTS_PER_STORY, count - len(facts))
        facts += create_story(desk, f"Background story {desk.stories + 1}", size)[1]
    return facts


@contextmanager
def gin_indexes_dropped():
    """The article table's GIN indexes dropped while articles are loaded, then built again from
    their own definitions (whatever the migrations made them): building an index once is
    several times faster than updating it row by row."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles_article' AND indexdef LIKE %s",
            ["% USING gin %"],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            # In a transaction, the rows' deferred foreign-key checks must run before the build.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _name, definition in indexes:
                cursor.execute(definition)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def grow_articles(desk: Desk, articles: int) -> float:
    """More articles only (no claims), for search. Seconds taken."""
    started = time.perf_counter()
    with gin_indexes_dropped():
        for _batch in article_batches(desk, articles):
            pass  # each batch is committed on its own: nothing is kept
    analyze()
    seconds = time.perf_counter() - started
    desk.seconds += seconds
    return seconds


# -- measuring ------------------------------------------------------------------------------


@dataclass
class Timing:
    """One page: its status, size, queries (of the first request and of a warm one), times."""

    name: str
    path: str
    status: int
    size: int
    first_queries: int
    queries: int
    first_ms: float
    median_ms: float
    cpu_ms: float  # median CPU time of this process (the database's is not in it)


def editor_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@dataclass(frozen=True)
class Got:
    """One GET through the test client, in this process."""

    status: int
    size: int
    seconds: float
    cpu_seconds: float  # this process's: the database's time is not in it
    queries: int


def timed_get(client, path: str) -> Got:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return Got(response.status_code, len(body), seconds, cpu, len(queries))


def measure(client, name: str, path: str, *, repeat: int = 5) -> Timing:
    """The first request (a warm-up: per-process caches fill), then the median of `repeat`."""
    first = timed_get(client, path)
    warm = [timed_get(client, path) for _ in range(repeat)]
    return Timing(
        name,
        path,
        warm[-1].status,
        warm[-1].size,
        first.queries,
        warm[-1].queries,
        first.seconds * 1000,
        statistics.median(got.seconds for got in warm) * 1000,
        statistics.median(got.cpu_seconds for got in warm) * 1000,
    )


def pages(desk: Desk) -> dict[str, str]:
    """name -> path of every page measured: the same objects at both scales."""
    from claims.models import Claim

    story = desk.story
    claim = Claim.objects.filter(fact__story=story).order_by("fact__position", "pk").first()
    fact_id, article_id = claim.fact_id, claim.article_id
    search = urllib.parse.urlencode({"language": "it", "has_claims": "true", "q": "governo"})
    return {
        "home / work list": "/",
        "article list": "/articles/",
        "article list, filter + search": f"/articles/?{search}",
        "reader": f"/articles/{article_id}/",
        "claim page": f"/claims/{claim.pk}/",
        "fact page": f"/facts/{fact_id}/",
        "story list": "/stories/",
        f"story page ({desk.story_facts} facts)": f"/stories/{story.slug}/",
        "story preview": f"/stories/{story.slug}/preview/",
        "API articles": "/api/v1/articles/",
        "API article": f"/api/v1/articles/{article_id}/",
        "API claims": "/api/v1/claims/",
        "API claim": f"/api/v1/claims/{claim.pk}/",
        "API claim matches": f"/api/v1/claims/{claim.pk}/matches/",
        "API facts": "/api/v1/facts/",
        "API fact": f"/api/v1/facts/{fact_id}/",
    }


def measure_pages(desk: Desk, paths: dict[str, str], *, repeat: int) -> dict[str, Timing]:
    client = editor_client(desk.editor)
    timings = {}
    for name, path in paths.items():
        timing = measure(client, name, path, repeat=repeat)
        timings[name] = timing
        print(
            f"  {name:34} {timing.status} {timing.queries:4} queries  first {timing.first_ms:8.1f} ms  "
            f"median {timing.median_ms:8.1f} ms (CPU {timing.cpu_ms:7.1f})  {timing.size / 1024:8.1f} KB",
            flush=True,
        )
    return timings


def page_flags(name: str, tenth: Timing, full: Timing) -> list[str]:
    flags = []
    if full.median_ms > RATIO_LIMIT * tenth.median_ms:
        flags.append(f"ratio > {RATIO_LIMIT:g}x")
    if full.queries != tenth.queries:
        flags.append("query count changed")
    if name in ("claim page", "API claim matches") and full.median_ms > SLOW_MS:
        flags.append(f"> {SLOW_MS:g} ms")
    if 200 not in (tenth.status, full.status) or tenth.status != full.status:
        flags.append(f"status {tenth.status}/{full.status}")
    return flags


def report_pages(tenth: dict[str, Timing], full: dict[str, Timing], sizes: dict) -> int:
    """The table of both scales; returns the number of flagged pages."""
    print()
    print(
        f"pages as an editor, median of the warm requests (ms); tenth = {sizes['tenth']}, full = {sizes['full']}"
    )
    print(f"{'page':36}{'queries':>12}{'tenth ms':>11}{'full ms':>11}{'ratio':>8}{'full KB':>10}  flags")
    flagged = 0
    for name, small in tenth.items():
        big = full[name]
        ratio = big.median_ms / small.median_ms if small.median_ms else math.inf
        queries = f"{small.queries}" if small.queries == big.queries else f"{small.queries}->{big.queries}"
        flags = page_flags(name, small, big)
        flagged += bool(flags)
        print(
            f"{name:36}{queries:>12}{small.median_ms:>11.1f}{big.median_ms:>11.1f}{ratio:>7.2f}x"
            f"{big.size / 1024:>10.1f}  {', '.join(flags) or 'ok'}"
        )
    return flagged


# -- search ---------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank: the smallest value at or above `fraction` of them."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def rare_word(desk: Desk, language: str) -> str:
    """The figure of one article in `language` from the middle of the desk: one match."""
    number = desk.articles // 2
    while True:
        row = desk.generator.row(number)
        found = re.search(r"\d{4,}", row.body)
        if row.language == language and found:
            return found.group()
        number += 1


def bare_search(config: str, word: str) -> float:
    """Seconds of the bare query on the GIN index: the first page of matches, nothing else."""
    from django.db import connection

    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(
            "SELECT id FROM articles_article WHERE search_vector @@ websearch_to_tsquery(%s::regconfig, %s) LIMIT %s",
            [config, word, PAGE_SIZE],
        )
        cursor.fetchall()
        return time.perf_counter() - started


def bare_plan(config: str, word: str) -> str:
    """How PostgreSQL runs the bare query: "GIN" for a bitmap scan of the GIN index, else the
    plan's first node (a small table is read whole)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id FROM articles_article WHERE search_vector @@ websearch_to_tsquery(%s::regconfig, %s) LIMIT %s",
            [config, word, PAGE_SIZE],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    if "Bitmap Index Scan" in plan:
        return "GIN"
    scan = next((line for line in plan.splitlines() if " Scan " in line), plan)
    return scan.strip(" ->").split(" on ")[0]


@dataclass
class SearchTiming:
    kind: str
    language: str
    word: str
    runs: int
    view: list[float]
    bare: list[float]
    queries: int
    plan: str


def measure_search(desk: Desk, *, repeat: int) -> list[SearchTiming]:
    client = editor_client(desk.editor)
    results = []
    for kind, language, word in SEARCH_WORDS:
        word = word or rare_word(desk, language)
        path = f"/articles/?{urllib.parse.urlencode({'q': word})}"
        first = timed_get(client, path)
        if first.status != 200:
            raise SystemExit(f"scale_bench: {path} answered {first.status}")
        bare_search(SEARCH_CONFIGS[language], word)
        runs = repeat if first.seconds < 1 else min(repeat, 5)  # a slow search is measured fewer times
        view, bare = [], []
        for _ in range(runs):
            view.append(timed_get(client, path).seconds * 1000)
            bare.append(bare_search(SEARCH_CONFIGS[language], word) * 1000)
        plan = bare_plan(SEARCH_CONFIGS[language], word)
        results.append(SearchTiming(kind, language, word, runs, view, bare, first.queries, plan))
    return results


def report_search(results: list[SearchTiming], articles: int) -> int:
    """The search table; returns how many words missed a target."""
    print()
    print(
        f"search at {articles:,} articles: the article list view (/articles/?q=) against the bare "
        f"query on the same GIN index (LIMIT {PAGE_SIZE}); target p95 < {SEARCH_P95_MS:g} ms "
        f"and within {SEARCH_BARE_RATIO:g}x of the bare query"
    )
    print(
        f"{'word':28}{'runs':>5}{'queries':>8}{'view p50':>10}{'view p95':>10}{'bare p50':>10}{'bare p95':>10}{'p95 ratio':>10}  {'bare plan':12}target"
    )
    missed = 0
    for result in results:
        view95, bare95 = percentile(result.view, 0.95), percentile(result.bare, 0.95)
        ratio = view95 / bare95 if bare95 else math.inf
        met = view95 < SEARCH_P95_MS and ratio <= SEARCH_BARE_RATIO
        missed += not met
        label = f"{result.kind} {result.language} “{result.word}”"
        print(
            f"{label:28}{result.runs:>5}{result.queries:>8}{statistics.median(result.view):>10.1f}{view95:>10.1f}"
            f"{statistics.median(result.bare):>10.2f}{bare95:>10.2f}{ratio:>9.1f}x  {result.plan[:11]:12}{'met' if met else 'NOT MET'}"
        )
    return missed


# -- publishing -----------------------------------------------------------------------------


def measure_publish(story, by, *, repeat: int = 3) -> tuple[int, float]:
    """(queries, median ms) of publishing `story`'s first revision; each run is rolled back."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from claims.dossiers.publish import dossier_publish

    counts, times = [], []
    for _ in range(repeat):
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                dossier_publish(story=story, by=by)
                times.append(time.perf_counter() - started)
            counts.append(len(queries))
            transaction.set_rollback(True)
    return counts[-1], statistics.median(times) * 1000


def report_publish(desk: Desk) -> None:
    print()
    print("publishing a story's first revision (each run rolled back, median of 3)")
    for story in (desk.half_story, desk.story):
        facts = story.facts.count()
        queries, ms = measure_publish(story, desk.editor)
        print(
            f"  {facts:4} facts, {facts * CLAIMS_PER_FACT:4} claims: {queries:5} queries, {ms:8.1f} ms",
            flush=True,
        )


# -- the run --------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="a fraction of every size (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--only",
        type=lambda value: [part.strip() for part in value.split(",") if part.strip()],
        default=list(STAGES),
        help=f"some of {', '.join(STAGES)} (comma-separated; default all)",
    )
    parser.add_argument("--database", default=DEFAULT_DATABASE, help=f"its name (default {DEFAULT_DATABASE})")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests of each page (default 5)")
    parser.add_argument(
        "--search-repeat", type=int, default=20, help="timed searches of each word (default 20)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed of the generated desk")
    args = parser.parse_args(argv)
    unknown = set(args.only) - set(STAGES)
    if unknown or not args.only or args.scale <= 0 or min(args.repeat, args.search_repeat) < 1:
        parser.error(f"--only takes {', '.join(STAGES)}; --scale must be positive, --repeat at least 1")
    return args


def run_desk_stages(args: argparse.Namespace, desk: Desk) -> tuple[int, int]:
    """Pages at both scales, then publishing at full scale: (pages flagged, pages not 200)."""
    tenth = {key: scaled(value, args.scale) for key, value in TENTH.items()}
    full = {key: scaled(value, args.scale) for key, value in FULL.items()}
    desk.story_facts = scaled(STORY_FACTS, args.scale, minimum=4)
    seconds = grow(desk, **tenth, story_facts=desk.story_facts)
    print(f"built the desk at 1/10th: {desk_size(desk)} in {seconds:.1f}s", flush=True)
    paths = pages(desk)
    measuring = "pages" in args.only
    small = measure_pages(desk, paths, repeat=args.repeat) if measuring else {}
    seconds = grow(desk, **full)
    print(f"grew it to full scale: {desk_size(desk)} in {seconds:.1f}s", flush=True)
    big = measure_pages(desk, paths, repeat=args.repeat) if measuring else {}
    flagged = (
        report_pages(
            small,
            big,
            {"tenth": f"{tenth['articles']:,} articles, {tenth['claims']:,} claims", "full": desk_size(desk)},
        )
        if measuring
        else 0
    )
    if "publish" in args.only:
        report_publish(desk)
    failed = sum(timing.status != 200 for timing in [*small.values(), *big.values()])
    return flagged, failed


def desk_size(desk: Desk) -> str:
    return (
        f"{desk.articles:,} articles, {desk.claims:,} claims, {desk.facts:,} facts in {desk.stories} stories"
    )


def run(args: argparse.Namespace) -> int:
    """Build and measure what --only asks; exit status 1 when a page did not answer 200."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(
        f"scale benchmark: PostgreSQL {version}, database {connection.settings_dict['NAME']!r}, scale "
        f"{args.scale:g}, load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs",
        flush=True,
    )
    desk = new_desk(args.seed)
    flagged = failed = missed = 0
    if {"pages", "publish"} & set(args.only):
        flagged, failed = run_desk_stages(args, desk)
    if "search" in args.only:
        seconds = grow_articles(desk, scaled(SEARCH_ARTICLES, args.scale))
        print(f"\ngrew it to {desk.articles:,} articles for search in {seconds:.1f}s", flush=True)
        missed = report_search(measure_search(desk, repeat=args.search_repeat), desk.articles)
    print()
    print(
        f"built in {desk.seconds:.1f}s in all; {flagged} page(s) flagged, {missed} search word(s) off "
        f"target, {failed} page(s) not answering 200; load average now {os.getloadavg()[0]:.2f}"
    )
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = configure(args.database)
    create_database(config)
    setup_django()
    try:
        return run(args)
    finally:
        if args.keep:
            print(f"kept database {config['NAME']!r}")
        else:
            drop_database(config)


if __name__ == "__main__":
    sys.exit(main())
