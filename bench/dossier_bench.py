"""Dossier page benchmark: the public dossier page against the same bytes as a static file.

    make bench                                   # after the import benchmark
    .venv/bin/python bench/dossier_bench.py --quick          # about a minute
    .venv/bin/python bench/dossier_bench.py --seconds 10 --repeat 3 --pages behemoth

It publishes two dossiers in a benchmark database: the Behemoth dossier the desk ships
(claims/data/behemoth.json, its articles imported from seeds/, revision 1 and its correcting
revision 2: the page `make run` shows) and a large synthetic one (--facts 100 facts, 5 claims
each on 50 articles in Italian, French and English, each claim anchored to a real span of its
article; verdicts, sources). Then it starts one gunicorn (2 sync workers, DEBUG off, collected
static files) serving the desk's WSGI application (bench/wsgi_bench.py) and, for each page:

- renders it as the server will serve it (production settings) plain and gzipped, and writes
  those exact bytes into the server's STATIC_ROOT as bench/<page>.html and bench/<page>.html.gz,
  which the desk's own WhiteNoiseMiddleware serves under /static/ (whitenoise sends the
  precompressed .gz file to clients that accept gzip): the baseline;
- checks that page and file answer with the same bytes, plain and gzipped, and 304 to their
  current ETag;
- loads them in turn for --seconds each, in three modes: plain (no Accept-Encoding), gzip
  (Accept-Encoding: gzip) and conditional (Accept-Encoding: gzip and If-None-Match with the
  current ETag, 304 expected): static file, page, static file, page, ... --repeat rounds of
  each, the best counts; with a small HTTP client (threads, http.client).

It prints requests/s of the page and of the file in each mode, their ratio against the 90%
target, the page's size plain and gzipped, and the SQL queries the page view makes. Only
PostgreSQL: DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/factcheck_bench
(created and migrated if missing). The article, outlet, import and claims tables of that
database are emptied first (TRUNCATE ... CASCADE), so a database whose name lacks "bench" is
refused unless --allow-wipe is given. Exit status 1 when page and file do not serve the same
bytes or a request fails; a missed target is a measurement, not a failure.
"""

import argparse
import cProfile
import datetime
import gzip
import http.client
import json
import os
import pstats
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from synthetic import ALL_OUTLETS, VOCABULARIES, Generator, published_date

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/factcheck_bench"
TARGET_RATIO = 0.90
SLUG = "bench-dossier"
BEHEMOTH_DATA = ROOT / "claims" / "data" / "behemoth.json"
SEEDS = ROOT / "seeds"
# name -> the page's path; the static copy is STATIC_URL + bench/<name>.html
PAGES = {
    "behemoth": f"/dossiers/{json.loads(BEHEMOTH_DATA.read_text(encoding='utf-8'))['story']['slug']}/",
    "large": f"/dossiers/{SLUG}/",
}
HOST = "127.0.0.1"
STATIC_LABEL, PAGE_LABEL = "static file", "dossier page"
MODES = ("plain", "gzip", "conditional")
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
BENCH_USERS = {"checker": "bench-checker", "editor": "bench-editor", "publisher": "bench-editor-2"}


def static_path(name: str) -> str:
    return f"/static/bench/{name}.html"


# -- database and Django --------------------------------------------------------------------


def configure() -> dict:
    """Point Django at PostgreSQL (refusing anything else) and return the parsed DATABASE_URL."""
    import environ

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
    os.environ["DEBUG"] = "true"  # settings refuse DEBUG off without a real SECRET_KEY
    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise SystemExit(
            f"dossier_bench: DATABASE_URL must be a PostgreSQL database (postgres://...), "
            f"got engine {config.get('ENGINE')!r}. The page is measured as production serves it."
        )
    return config


def ensure_database(config: dict) -> bool:
    """Create the database if it does not exist; True when it was created."""
    import psycopg
    from psycopg import sql

    params = {
        key: config[setting]
        for key, setting in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))
        if config.get(setting)
    }
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
            if found:
                return False
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            return True
    except psycopg.OperationalError as exc:
        raise SystemExit(f"dossier_bench: cannot reach PostgreSQL: {exc}") from exc


def setup_django() -> None:
    import django
    from django.conf import settings

    # Whitenoise warns of the missing STATIC_ROOT: this process serves no static file.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()
    # DEBUG is on only so that settings load without a secret key; off, Django does not keep
    # the text of every query the build makes (the server runs with production settings).
    settings.DEBUG = False


def wipe() -> None:
    """Empty the articles and claims tables (history included); users and groups stay."""
    from django.apps import apps
    from django.db import connection

    models = [
        model
        for label in ("articles", "claims")
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy and model._meta.managed
    ]
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        # TRUNCATE passes the dossier revisions' row trigger (it refuses UPDATE and DELETE).
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


# -- the dossier ----------------------------------------------------------------------------

# English prose for the desk's own texts (the articles are in three languages).
_RATIONALE = (
    "The figure matches the annual report the ministry published in March, page 14.",
    "The company's own filing gives a lower amount, and its auditors confirmed it.",
    "No document supports the date; the only source is an anonymous official.",
    "Two independent analysts we asked reached the same estimate with public data.",
    "The quote is accurate, but it was made a year earlier, about another plan.",
    "The statistics office revised the series in June, after the article was written.",
    "The minutes of the meeting show the decision was postponed, not cancelled.",
    "The amount includes costs spread over ten years, which the article does not say.",
    "See the full dataset at https://data.example.org/finance/2025/q1 for the details.",
    "The spokesperson confirmed the figure to us by email, with the same caveats.",
)
_RECONCILIATION = (
    "The Italian and French articles give the same figure, from the same press release.",
    "The English report rounds the amount up and leaves out the ten-year horizon.",
    "One article dates the announcement a day later: it relies on a wire dispatch.",
    "Where the articles disagree, the disagreement comes from two different sources.",
    "Only one outlet quotes the minister directly; the others paraphrase the agency.",
    "The regional paper adds local figures that the national outlets do not mention.",
    "All of them agree on the decision itself; they differ on its cost and timing.",
    "The later articles correct the early estimate without saying that they do so.",
)
_SOURCE_TITLES = (
    "Annual report on public finances",
    "Press release: first-quarter results",
    "Minutes of the board meeting",
    "Statistical bulletin, labour market",
    "Parliamentary question and answer",
    "Regulatory filing, form 10-Q",
    "Court ruling, full text",
    "Audit office review of procurement",
)
_PUBLISHERS = ("Ministry of Finance", "National Statistics Office", "European Commission", "Court of Audit")
_RATINGS = (
    ("true", 30),
    ("mostly_true", 20),
    ("mixed", 15),
    ("mostly_false", 10),
    ("false", 10),
    ("misleading", 8),
    ("unverifiable", 5),
    ("outdated", 2),
)


def prose(rng: random.Random, sentences: tuple[str, ...], length: int) -> str:
    """Sentences drawn from `sentences` until the text is about `length` characters long."""
    chosen: list[str] = []
    pool = list(sentences)
    rng.shuffle(pool)
    while sum(len(s) + 1 for s in chosen) < length:
        chosen.append(pool[len(chosen) % len(pool)])
    return " ".join(chosen)


def statement(rng: random.Random, suffix: str = "") -> str:
    """A neutral rewording, about 100 characters long."""
    words = VOCABULARIES["en"]
    text = " ".join(
        (
            rng.choice(words.subjects),
            rng.choice(words.verbs),
            rng.choice(words.objects),
            rng.choice(words.complements),
        )
    )
    return f"{text}{suffix}."


def rating(rng: random.Random) -> str:
    values, weights = zip(*_RATINGS, strict=True)
    return rng.choices(values, weights)[0]


_SENTENCE = re.compile(r"[^\s.][^.\n]*\.")


def quote_spans(body: str, count: int, rng: random.Random) -> list[tuple[int, int]]:
    """`count` distinct spans of `body` to quote: whole sentences, halved if too few."""
    spans = [(match.start(), match.end()) for match in _SENTENCE.finditer(body)]
    while len(spans) < count:
        start, end = max(spans, key=lambda span: span[1] - span[0])
        middle = body.index(" ", (start + end) // 2, end)
        spans.remove((start, end))
        spans += [(start, middle), (middle + 1, end)]
    return sorted(rng.sample(spans, count))


@dataclass
class Built:
    articles: int
    facts: int
    claims: int
    sources: int
    seconds: float
    publish_seconds: float


def synthetic_article(row, outlet, *, bench: str):
    """An Article (not saved) of synthetic.py's `row` in `outlet`, named after the `bench` that
    made it: the same article whichever benchmark builds it."""
    from django.utils.text import slugify

    from articles.models import Article
    from articles.services.text import content_hash

    published_on, precision = published_date(row.published)
    return Article(
        title=row.title,
        outlet=outlet,
        url=f"https://{outlet.domain}/{published_on[:4]}/{slugify(row.title)}-{row.number}",
        language=row.language,
        published_on=published_on,
        published_precision=precision,
        body=row.body,
        raw_text=row.body,
        content_hash=content_hash(row.body),
        source_name=f"{bench}#{row.number}",
    )


def bench_users() -> dict:
    """A fact-checker and two editors (one writes, the other approves and publishes)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from claims import roles

    user_model = get_user_model()
    users = {}
    for key, role in (("checker", roles.FACT_CHECKER), ("editor", roles.EDITOR), ("publisher", roles.EDITOR)):
        username = BENCH_USERS[key]
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"first_name": "Bench", "last_name": username.split("-", 1)[1]}
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(Group.objects.get(name=role))
        users[key] = user_model.objects.get(pk=user.pk)  # fresh permission cache
    return users


def build_behemoth() -> float:
    """The dossier the desk ships, as `make run` builds it: the seed articles imported, then
    claims/data/behemoth.json loaded (revision 1 and its correcting revisions). Seconds taken."""
    from django.core.management import call_command

    started = time.perf_counter()
    bench_users()
    with open(os.devnull, "w") as quiet:
        call_command("import_articles", str(SEEDS), stdout=quiet)
        call_command(
            "load_dossier",
            str(BEHEMOTH_DATA),
            checker=BENCH_USERS["checker"],
            claim_reviewer=BENCH_USERS["editor"],
            fact_author=BENCH_USERS["editor"],
            publisher=BENCH_USERS["publisher"],
            stdout=quiet,
        )
    return time.perf_counter() - started


def build_dossier(args: argparse.Namespace) -> Built:
    """Articles, claims (approved, with verdicts and sources) and facts; then publish revision 1."""
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from articles.models import Article, Outlet
    from claims.anchoring import selector_for
    from claims.dossiers.publish import dossier_publish
    from claims.models import Claim, ClaimSource, Fact, FactSource, ReviewStatus, Source, Verdict
    from claims.stories.services import story_create

    started = time.perf_counter()
    rng = random.Random(f"dossier-bench:{args.seed}")
    users = bench_users()
    checker, author, publisher = users["checker"], users["editor"], users["publisher"]
    now = timezone.now()
    approved = ReviewStatus.APPROVED

    with transaction.atomic():
        outlets = {
            outlet.name: outlet
            for outlet in Outlet.objects.bulk_create(
                Outlet(name=name, slug=slugify(name), domain=f"{slugify(name)}.example")
                for name in ALL_OUTLETS
            )
        }
        generator = Generator(seed=args.seed, duplicate_rate=0)
        articles = []
        for number in range(1, args.articles + 1):
            row = generator.row(number)
            articles.append(synthetic_article(row, outlets[row.outlet], bench="dossier-bench"))
        articles = Article.objects.bulk_create(articles)

        sources = Source.objects.bulk_create(
            Source(
                url=f"https://{slugify(rng.choice(_PUBLISHERS))}.example.org/documents/{number}",
                title=f"{rng.choice(_SOURCE_TITLES)} ({number})",
                publisher=rng.choice(_PUBLISHERS),
                published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(365)),
                created_by=checker,
            )
            for number in range(1, args.facts * 3 // 2 + 1)
        )

        story = story_create(
            title="Public spending under scrutiny: what the articles said",
            slug=SLUG,
            summary=prose(rng, _RECONCILIATION, 300),
            by=author,
        )
        facts = Fact.objects.bulk_create(
            Fact(
                story=story,
                statement=statement(rng, f" (fact {position + 1})"),
                happened_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(700)),
                rating=rating(rng),
                rationale=prose(rng, _RATIONALE, 300),
                reconciliation=prose(rng, _RECONCILIATION, 400),
                position=position,
                status=approved,
                author=author,
                approved_by=publisher,
                approved_at=now,
            )
            for position in range(args.facts)
        )
        FactSource.objects.bulk_create(
            FactSource(
                fact=fact,
                source=source,
                stance=rng.choice(("supports", "refutes", "context")),
                quote=prose(rng, _RATIONALE, 120),
                added_by=author,
            )
            for fact in facts
            for source in rng.sample(sources, rng.randint(1, 2))
        )

        # Claim k of fact i is on article (i + k * stride): the claims of a fact come from
        # different articles, and every article holds the same number of claims.
        per_fact = args.claims_per_fact
        stride = max(1, len(articles) // per_fact)
        placed: dict[int, list[Fact]] = {}
        for index, fact in enumerate(facts):
            for k in range(per_fact):
                placed.setdefault((index + k * stride) % len(articles), []).append(fact)
        claims = []
        for article_index, article_facts in sorted(placed.items()):
            article = articles[article_index]
            for fact, (start, end) in zip(
                article_facts, quote_spans(article.body, len(article_facts), rng), strict=True
            ):
                claim = Claim(
                    article=article,
                    statement=statement(rng),
                    claimant=rng.choice(
                        (article.outlet.name, "A government spokesperson", "Unnamed sources")
                    ),
                    status=approved,
                    author=checker,
                    fact=fact,
                )
                claim.set_selector(selector_for(article.body, start, end))
                claims.append(claim)
        claims = Claim.objects.bulk_create(claims)
        Verdict.objects.bulk_create(
            Verdict(
                claim=claim,
                rating=rating(rng),
                rationale=prose(rng, _RATIONALE, 300),
                author=checker,
                approved_by=publisher,
                approved_at=now,
            )
            for claim in claims
        )
        ClaimSource.objects.bulk_create(
            ClaimSource(
                claim=claim,
                source=rng.choice(sources),
                stance=rng.choice(("supports", "refutes", "context")),
                quote=prose(rng, _RATIONALE, 100),
                added_by=checker,
            )
            for claim in claims
        )

    publish_started = time.perf_counter()
    revision = dossier_publish(story=story, by=publisher)
    finished = time.perf_counter()
    published_claims = sum(
        len(article["claims"]) for fact in revision.snapshot["facts"] for article in fact["articles"]
    )
    if (len(revision.snapshot["facts"]), published_claims) != (len(facts), len(claims)):
        raise SystemExit(
            f"dossier_bench: revision {revision.number} holds {len(revision.snapshot['facts'])} facts and "
            f"{published_claims} claims, expected {len(facts)} and {len(claims)}"
        )
    return Built(
        articles=len(articles),
        facts=len(facts),
        claims=len(claims),
        sources=len(sources),
        seconds=finished - started,
        publish_seconds=finished - publish_started,
    )


@dataclass
class Variant:
    """A page as the server sends it: its bytes plain and gzipped, and the ETag of each."""

    name: str
    path: str
    plain: bytes
    gzipped: bytes
    etag: str
    gzip_etag: str
    queries: int = 0

    @property
    def static(self) -> str:
        return static_path(self.name)


def count_queries(path: str) -> int:
    """The SQL queries of the page view: the page through the test client, once."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(ALLOWED_HOSTS=["testserver"]), CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    if response.status_code != 200:
        raise SystemExit(f"dossier_bench: the test client got {response.status_code} for {path}")
    return len(queries)


def profile_page(path: str, *, top: int, requests: int = 50) -> None:
    """Where a page request's time goes, in this process (test client, page cached), per mode."""
    from django.test import Client
    from django.test.utils import override_settings

    with override_settings(ALLOWED_HOSTS=["testserver"], DOSSIER_PAGE_CACHE_SECONDS=3600):
        client = Client()
        first = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        for mode in MODES:
            headers = mode_headers(mode, first["ETag"])
            extra = {f"HTTP_{key.upper().replace('-', '_')}": value for key, value in headers.items()}
            client.get(path, **extra)
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            for _ in range(requests):
                client.get(path, **extra)
            profiler.disable()
            elapsed = time.perf_counter() - started
            print(
                f"\nprofile, {mode}: {requests} requests of {path} in this process, {elapsed / requests * 1000:.2f} ms each"
            )
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats("tottime").print_stats(top)


# -- the server -----------------------------------------------------------------------------


def server_environment(args: argparse.Namespace, static_root: Path) -> dict[str, str]:
    """Production settings (DEBUG off) over plain http on the loopback."""
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(static_root),
        CONN_MAX_AGE=str(args.conn_max_age),
        LOG_LEVEL="WARNING",
    )
    return environment


def run_child(command: list[str], environment: dict[str, str], what: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603 (this project's own programs)
        command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"dossier_bench: {what} failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - started


def render_pages(directory: Path) -> None:
    """Child process, with the server's environment: each page of `directory`/pages.json as the
    server will send it, plain and gzipped, with its ETags."""
    import django
    from django.test import Client

    django.setup()
    wanted = json.loads((directory / "pages.json").read_text())
    client = Client(HTTP_HOST=HOST)
    rendered = {}
    for name, path in wanted.items():
        plain = client.get(path)
        zipped = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        for response in (plain, zipped):
            if response.status_code != 200:
                raise SystemExit(f"dossier_bench: {path} answered {response.status_code}")
        # A large page is sent plain from a file (a streaming response).
        content = b"".join(plain.streaming_content) if plain.streaming else plain.content
        if zipped.get("Content-Encoding") != "gzip" or gzip.decompress(zipped.content) != content:
            raise SystemExit(f"dossier_bench: {path} sent no gzip of its page to a gzip client")
        (directory / f"{name}.html").write_bytes(content)
        (directory / f"{name}.html.gz").write_bytes(zipped.content)
        rendered[name] = {"etag": plain["ETag"], "gzip_etag": zipped["ETag"]}
    (directory / "rendered.json").write_text(json.dumps(rendered))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def request(
    connection: http.client.HTTPConnection, path: str, headers: dict[str, str]
) -> http.client.HTTPResponse:
    """GET `path` with exactly `headers` (http.client adds no Accept-Encoding of its own)."""
    connection.putrequest("GET", path, skip_accept_encoding=True)
    for key, value in headers.items():
        connection.putheader(key, value)
    connection.endheaders()
    return connection.getresponse()


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        response = request(connection, path, headers or {})
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def start_server(args: argparse.Namespace, environment: dict[str, str], log: Path) -> subprocess.Popen:
    if not Path(GUNICORN).exists():
        raise SystemExit(f"dossier_bench: no gunicorn beside {sys.executable}: run it with .venv/bin/python")
    command = [
        GUNICORN,
        "bench.wsgi_bench:application",
        "--chdir",
        str(ROOT),
        "--bind",
        f"{HOST}:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
    ]
    with log.open("wb") as stream:
        server = subprocess.Popen(  # noqa: S603 (gunicorn from this project's venv)
            command, cwd=ROOT, env=environment, stdout=stream, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"dossier_bench: gunicorn exited ({server.returncode}):\n{log.read_text()}")
        try:
            if get(args.port, "/healthz")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit(f"dossier_bench: gunicorn did not answer within 60 s:\n{log.read_text()}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# -- the load -------------------------------------------------------------------------------


def mode_headers(mode: str, gzip_etag: str) -> dict[str, str]:
    """The request headers of a mode: none; gzip; gzip and the gzip variant's current ETag."""
    if mode == "plain":
        return {}
    if mode == "gzip":
        return {"Accept-Encoding": "gzip"}
    return {"Accept-Encoding": "gzip", "If-None-Match": gzip_etag}


@dataclass(frozen=True)
class Expected:
    status: int
    size: int
    encoding: str | None


@dataclass
class Round:
    page: str
    mode: str
    label: str
    requests: int
    seconds: float
    latencies: list[float] = field(repr=False)
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def load(
    port: int, path: str, headers: dict[str, str], expected: Expected, *, seconds: float, concurrency: int
) -> tuple[int, float, list[float], list[str]]:
    """`concurrency` threads GET `path` back to back for `seconds`; each keeps its connection
    open while the server allows it (gunicorn's sync workers close it after each response)."""
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors: list[str] = []
    start = threading.Barrier(concurrency + 1)
    stop = threading.Event()

    def client(mine: list[float]) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        start.wait()
        try:
            while not stop.is_set():
                began = time.perf_counter()
                response = request(connection, path, headers)
                body = response.read()
                if (
                    response.status != expected.status
                    or len(body) != expected.size
                    or response.getheader("Content-Encoding") != expected.encoding
                ):
                    errors.append(
                        f"{path} {headers}: status {response.status}, {len(body)} bytes, "
                        f"Content-Encoding {response.getheader('Content-Encoding')}"
                    )
                    return
                mine.append(time.perf_counter() - began)
                if response.will_close:
                    connection.close()
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{path}: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(mine,)) for mine in latencies]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began  # includes the requests under way at the deadline
    every = [latency for mine in latencies for latency in mine]
    return len(every), elapsed, every, errors


def expectations(variant: Variant) -> dict[str, Expected]:
    return {
        "plain": Expected(200, len(variant.plain), None),
        "gzip": Expected(200, len(variant.gzipped), "gzip"),
        "conditional": Expected(304, 0, None),
    }


def static_etag(port: int, variant: Variant) -> str:
    return get(port, variant.static, {"Accept-Encoding": "gzip"})[1].get("etag", "")


def verify(port: int, variant: Variant) -> list[str]:
    """Page and file answer with the same bytes plain and gzipped, and 304 to their ETag."""
    problems = []
    etags = {variant.path: variant.gzip_etag, variant.static: static_etag(port, variant)}
    for path, etag in etags.items():
        status, headers, body = get(port, path)
        if status != 200 or body != variant.plain or "content-encoding" in headers:
            problems.append(
                f"{path} plain: {status}, {len(body):,} bytes, not the page's {len(variant.plain):,}"
            )
        status, headers, body = get(port, path, mode_headers("gzip", etag))
        if status != 200 or body != variant.gzipped or headers.get("content-encoding") != "gzip":
            problems.append(
                f"{path} gzip: {status}, {len(body):,} bytes ({headers.get('content-encoding')}), "
                f"not the page's {len(variant.gzipped):,} gzipped bytes"
            )
        if "Accept-Encoding" not in headers.get("vary", ""):
            problems.append(f"{path} gzip: no Vary: Accept-Encoding")
        status, _, body = get(port, path, mode_headers("conditional", etag))
        if status != 304 or body:
            problems.append(f"{path} If-None-Match {etag}: {status}, not 304")
    return problems


def warm_up(port: int, workers: int, variants: list[Variant]) -> None:
    """Every worker builds each page and opens its connections before timing."""
    for _ in range(4 * workers):
        for variant in variants:
            for path in (variant.static, variant.path):
                get(port, path)
                get(port, path, {"Accept-Encoding": "gzip"})


# -- report ---------------------------------------------------------------------------------


def report(rounds: list[Round], args: argparse.Namespace, variants: list[Variant]) -> list[str]:
    """The table of each page; returns the (page, mode) pairs that missed the target."""
    missed = []
    print()
    print(
        f"best of {args.repeat} round{'s' if args.repeat > 1 else ''} of {args.seconds:g}s each, "
        f"{args.concurrency} client threads, {args.workers} sync gunicorn workers; "
        f"load average before the runs {args.load_before}, after {os.getloadavg()[0]:.2f} (1 min), "
        f"{os.cpu_count()} CPUs"
    )
    for variant in variants:
        print()
        print(
            f"{variant.name} page {variant.path} (static copy {variant.static}): "
            f"{len(variant.plain):,} bytes, gzipped {len(variant.gzipped):,} "
            f"({len(variant.gzipped) / len(variant.plain):.1%}); {variant.queries} SQL "
            f"quer{'y' if variant.queries == 1 else 'ies'} when not cached"
        )
        print(
            f"{'mode':13}{'static req/s':>14}{'page req/s':>12}{'page/static':>13}{'p50 ms s/p':>14}  target >= {TARGET_RATIO:.0%}"
        )
        for mode in MODES:
            best = {}
            for label in (STATIC_LABEL, PAGE_LABEL):
                mine = [r for r in rounds if (r.page, r.mode, r.label) == (variant.name, mode, label)]
                best[label] = max(mine, key=lambda r: r.rate) if mine else None
            static, page = best[STATIC_LABEL], best[PAGE_LABEL]
            if not static or not page or not static.latencies or not page.latencies:
                continue
            ratio = page.rate / static.rate
            verdict = "met" if ratio >= TARGET_RATIO else "NOT MET"
            if ratio < TARGET_RATIO:
                missed.append(f"{variant.name} {mode}")
            print(
                f"{mode:13}{static.rate:>14,.0f}{page.rate:>12,.0f}{ratio:>13.1%}"
                f"{static.percentile(0.5):>7.1f}/{page.percentile(0.5):<6.1f}  {verdict}"
            )
        each = "; ".join(
            f"{mode} "
            + "/".join(
                ",".join(
                    f"{r.rate:,.0f}"
                    for r in rounds
                    if (r.page, r.mode, r.label) == (variant.name, mode, label)
                )
                for label in (STATIC_LABEL, PAGE_LABEL)
            )
            for mode in MODES
        )
        print(f"  each round, static/page req/s: {each}")
    print()
    print("  page and file through the same middleware and workers (whitenoise answers the file")
    print("  before the session, auth and the other middleware); gunicorn's sync workers close the")
    print("  connection after each response, so every request opens one (both alike).")
    return missed


def serve_and_measure(
    args: argparse.Namespace, directory: Path, names: list[str]
) -> tuple[list[Variant], list[Round], list[str]]:
    """Collect static files, render the pages and put them among the static files, start
    gunicorn, check page and file, load them in turn in each mode."""
    static_root, log = directory / "static", directory / "gunicorn.log"
    if args.port == 0:
        args.port = free_port()
    environment = server_environment(args, static_root)
    collect = run_child(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v", "0"],
        environment,
        "collectstatic",
    )
    (directory / "pages.json").write_text(json.dumps({name: PAGES[name] for name in names}))
    run_child(
        [sys.executable, __file__, "--render-pages", str(directory)], environment, "rendering the pages"
    )
    rendered = json.loads((directory / "rendered.json").read_text())
    (static_root / "bench").mkdir()
    variants = []
    for name in names:
        plain = (directory / f"{name}.html").read_bytes()
        zipped = (directory / f"{name}.html.gz").read_bytes()
        # The baseline: the same bytes as a static file with its precompressed variant.
        (static_root / "bench" / f"{name}.html").write_bytes(plain)
        (static_root / "bench" / f"{name}.html.gz").write_bytes(zipped)
        variants.append(
            Variant(name, PAGES[name], plain, zipped, **rendered[name], queries=args.queries[name])
        )
        print(
            f"{name} page with production settings: {len(plain):,} bytes, gzipped {len(zipped):,}; "
            f"written as {static_path(name)} and its .gz"
        )
    print(f"static files collected in {collect:.1f}s")
    rounds: list[Round] = []
    problems: list[str] = []
    server = start_server(args, environment, log)
    try:
        version = subprocess.run(  # noqa: S603 (gunicorn from this project's venv)
            [GUNICORN, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        print(
            f"{version}: {args.workers} sync workers on {HOST}:{args.port}, DEBUG off, "
            f"CONN_MAX_AGE={args.conn_max_age}"
        )
        for variant in variants:
            problems += verify(args.port, variant)
        if problems:
            return variants, rounds, problems
        print(
            "verified: each page and its static file send the same bytes plain and gzipped, and 304 to their ETag"
        )
        warm_up(args.port, args.workers, variants)
        args.load_before = f"{os.getloadavg()[0]:.2f}"
        for variant in variants:
            etags = {STATIC_LABEL: static_etag(args.port, variant), PAGE_LABEL: variant.gzip_etag}
            paths = {STATIC_LABEL: variant.static, PAGE_LABEL: variant.path}
            for mode in MODES:
                expected = expectations(variant)[mode]
                for number in range(1, args.repeat + 1):
                    for label in (STATIC_LABEL, PAGE_LABEL):
                        count, seconds, latencies, errors = load(
                            args.port,
                            paths[label],
                            mode_headers(mode, etags[label]),
                            expected,
                            seconds=args.seconds,
                            concurrency=args.concurrency,
                        )
                        done = Round(variant.name, mode, label, count, seconds, latencies, errors)
                        rounds.append(done)
                        problems += errors
                        median = (
                            f"median {statistics.median(latencies) * 1000:.1f} ms" if latencies else "none"
                        )
                        print(
                            f"{variant.name}, {mode}, round {number}, {label}: {count:,} requests in "
                            f"{seconds:.1f}s, {done.rate:,.0f} req/s ({median})"
                        )
    finally:
        stop_server(server)
        server_log = log.read_text(errors="replace").strip()
        if problems and server_log:
            print(f"gunicorn's log (end):\n{server_log[-4000:]}")
    return variants, rounds, problems


def build(args: argparse.Namespace, names: list[str]) -> None:
    """An empty database, then the dossiers of the pages measured."""
    wipe()
    if "large" in names:
        built = build_dossier(args)
        print(
            f"built the large dossier: {built.facts} facts, {built.claims} claims on {built.articles} "
            f"articles, {built.sources} sources, in {built.seconds:.1f}s (publishing revision 1: "
            f"{built.publish_seconds:.1f}s)"
        )
    if "behemoth" in names:
        seconds = build_behemoth()
        print(f"built the Behemoth dossier (seeds/ imported, {BEHEMOTH_DATA.name} loaded) in {seconds:.1f}s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5, help="duration of each round (default 5)")
    parser.add_argument(
        "--repeat", type=int, default=2, help="rounds of each URL and mode, the best counts (2)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="rounds of 2 s, one of each (--seconds 2 --repeat 1)"
    )
    parser.add_argument(
        "--pages",
        choices=("both", *PAGES),
        default="both",
        help="the Behemoth dossier, the large synthetic one, or both (default)",
    )
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=int(os.environ.get("CONN_MAX_AGE", "0")),
        help="CONN_MAX_AGE of the server (default: $CONN_MAX_AGE, else the desk's default, 0)",
    )
    parser.add_argument("--facts", type=int, default=100, help="facts in the large dossier (default 100)")
    parser.add_argument("--claims-per-fact", type=int, default=5, help="claims of each fact (default 5)")
    parser.add_argument("--articles", type=int, default=50, help="articles the claims quote (default 50)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the generated dossier")
    parser.add_argument(
        "--allow-wipe", action="store_true", help="wipe a database without 'bench' in its name"
    )
    parser.add_argument(
        "--profile",
        type=int,
        metavar="TOP",
        help="also profile page requests in-process in each mode, print TOP",
    )
    parser.add_argument("--render-pages", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.render_pages:
        render_pages(args.render_pages)
        return 0
    if args.quick:
        args.seconds, args.repeat = 2, 1
    if (
        args.seconds <= 0
        or min(args.repeat, args.concurrency, args.workers, args.facts, args.claims_per_fact) < 1
        or args.articles < args.claims_per_fact
    ):
        parser.error(
            "--seconds must be positive, --repeat, --concurrency, --workers, --facts and "
            "--claims-per-fact at least 1, and --articles at least --claims-per-fact"
        )
    names = list(PAGES) if args.pages == "both" else [args.pages]

    config = configure()
    if "bench" not in config["NAME"] and not args.allow_wipe:
        raise SystemExit(
            f"dossier_bench: refusing to wipe the articles and claims of database {config['NAME']!r}: its "
            "name does not contain 'bench'. Use a benchmark database, or pass --allow-wipe."
        )
    created = ensure_database(config)
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    print(
        f"dossier benchmark: PostgreSQL {server_version}, database {config['NAME']!r}"
        f"{' (created)' if created else ''} on {config['HOST']}:{config['PORT']}"
    )

    build(args, names)
    args.queries = {name: count_queries(PAGES[name]) for name in names}
    if args.profile:
        for name in names:
            profile_page(PAGES[name], top=args.profile)
    connection.close()  # the bench's own connection stays closed while the server is measured

    with tempfile.TemporaryDirectory(prefix="dossier-bench-") as directory:
        variants, rounds, problems = serve_and_measure(args, Path(directory), names)

    missed = report(rounds, args, variants) if rounds else []
    if missed:
        print(f"target missed: {', '.join(missed)}")
    if problems:
        print()
        for problem in dict.fromkeys(problems):
            print(f"FAILED: {problem}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
