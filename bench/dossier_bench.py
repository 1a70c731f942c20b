"""Dossier page benchmark: the public dossier page against the same bytes as a static string.

    make bench                                   # after the import benchmark
    .venv/bin/python bench/dossier_bench.py --seconds 20 --repeat 3

It builds a story of 100 facts and 500 claims (5 per fact, 10 per article on 50 synthetic
articles in Italian, French and English, each claim anchored to a real span of its article;
verdicts, sources) and publishes it as dossier revision 1, then starts one gunicorn (2 sync
workers, DEBUG off, collected static files) serving the desk's WSGI application with one extra
URL, /bench/static-dossier/, that answers with the page's exact bytes held in memory
(bench/wsgi_bench.py). After checking that both URLs answer 200 with identical bodies, it loads
them in turn for --seconds each (static, page, static, page, ...; --repeat rounds of each,
the best counts) with a small HTTP client (threads, http.client).

It prints requests/s for both, the ratio page/static against the 70% target, the page size and
the number of SQL queries the page view makes. Only PostgreSQL: DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/factcheck_bench (created and migrated if missing). The
article, outlet, import and claims tables of that database are emptied first (TRUNCATE ...
CASCADE), so a database whose name lacks "bench" is refused unless --allow-wipe is given.
Exit status 1 when the two URLs do not serve the same bytes or a request fails; a missed
target is a measurement, not a failure.
"""

import argparse
import cProfile
import datetime
import http.client
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
TARGET_RATIO = 0.70
SLUG = "bench-dossier"
PAGE_PATH = f"/dossiers/{SLUG}/"
STATIC_PATH = "/bench/static-dossier/"  # bench/wsgi_bench.py
HOST = "127.0.0.1"
STATIC_LABEL, PAGE_LABEL = "static string", "dossier page"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


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


def build_dossier(args: argparse.Namespace) -> Built:
    """Articles, claims (approved, with verdicts and sources) and facts; then publish revision 1."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from articles.models import Article, Outlet
    from articles.services.text import content_hash
    from claims import roles
    from claims.anchoring import selector_for
    from claims.dossiers.publish import dossier_publish
    from claims.models import Claim, ClaimSource, Fact, FactSource, ReviewStatus, Source, Verdict
    from claims.stories.services import story_create

    started = time.perf_counter()
    rng = random.Random(f"dossier-bench:{args.seed}")
    user_model = get_user_model()
    users = {}
    for username, role in (
        ("bench-checker", roles.FACT_CHECKER),
        ("bench-editor", roles.EDITOR),
        ("bench-editor-2", roles.EDITOR),
    ):
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"first_name": "Bench", "last_name": username.split("-", 1)[1]}
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(Group.objects.get(name=role))
        users[username] = user_model.objects.get(pk=user.pk)  # fresh permission cache
    checker, author, publisher = users["bench-checker"], users["bench-editor"], users["bench-editor-2"]
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
            published_on, precision = published_date(row.published)
            outlet = outlets[row.outlet]
            articles.append(
                Article(
                    title=row.title,
                    outlet=outlet,
                    url=f"https://{outlet.domain}/{published_on[:4]}/{slugify(row.title)}-{number}",
                    language=row.language,
                    published_on=published_on,
                    published_precision=precision,
                    body=row.body,
                    raw_text=row.body,
                    content_hash=content_hash(row.body),
                    source_name=f"dossier-bench#{number}",
                )
            )
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


def count_queries() -> int:
    """The SQL queries of the page view: the page through the test client, once."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(ALLOWED_HOSTS=["testserver"]), CaptureQueriesContext(connection) as queries:
        response = Client().get(PAGE_PATH)
    if response.status_code != 200:
        raise SystemExit(f"dossier_bench: the test client got {response.status_code} for {PAGE_PATH}")
    return len(queries)


def profile_page(*, top: int, requests: int = 50) -> None:
    """Where a page request's time goes, in this process (test client, frame cached)."""
    from django.test import Client
    from django.test.utils import override_settings

    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.get(PAGE_PATH)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(requests):
            client.get(PAGE_PATH)
        profiler.disable()
        elapsed = time.perf_counter() - started
    print(f"profile: {requests} page requests in this process, {elapsed / requests * 1000:.1f} ms each")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(top)


# -- the server -----------------------------------------------------------------------------


def server_environment(args: argparse.Namespace, static_root: Path, page_file: Path) -> dict[str, str]:
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
        DOSSIER_BENCH_PAGE=str(page_file),
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


def render_page(out: Path) -> None:
    """Child process, with the server's environment: the page as the server will serve it."""
    import django
    from django.test import Client

    django.setup()
    response = Client(HTTP_HOST=HOST).get(PAGE_PATH)
    if response.status_code != 200:
        raise SystemExit(f"dossier_bench: {PAGE_PATH} answered {response.status_code}")
    out.write_bytes(response.content)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
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


@dataclass
class Round:
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


def load(port: int, path: str, *, label: str, seconds: float, concurrency: int, size: int) -> Round:
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
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                if response.status != 200 or len(body) != size:
                    errors.append(f"{path}: status {response.status}, {len(body)} bytes")
                    return
                mine.append(time.perf_counter() - began)
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
    return Round(label, len(every), elapsed, every, errors)


def verify(port: int, page: bytes) -> list[str]:
    """Both URLs answer 200 with the page's bytes, byte for byte."""
    problems = []
    for path in (PAGE_PATH, STATIC_PATH):
        status, body = get(port, path)
        if status != 200:
            problems.append(f"{path} answered {status}")
        elif body != page:
            problems.append(f"{path} served {len(body):,} bytes that differ from the page ({len(page):,})")
    return problems


def warm_up(port: int, workers: int) -> None:
    """Every worker renders the page's frame and opens its connections before timing."""
    for _ in range(4 * workers):
        for path in (STATIC_PATH, PAGE_PATH):
            get(port, path)


# -- report ---------------------------------------------------------------------------------


def report(rounds: list[Round], args: argparse.Namespace, size: int) -> None:
    best = {
        label: max((r for r in rounds if r.label == label), key=lambda r: r.rate)
        for label in (STATIC_LABEL, PAGE_LABEL)
    }
    static, page = best[STATIC_LABEL], best[PAGE_LABEL]
    ratio = page.rate / static.rate
    print()
    print(
        f"best of {args.repeat} round{'s' if args.repeat > 1 else ''} of {args.seconds:g}s each, "
        f"{args.concurrency} client threads, {args.workers} sync gunicorn workers, {size:,}-byte page"
    )
    print(f"{'':16}{'requests':>10}{'req/s':>10}{'MB/s':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for r in (static, page):
        print(
            f"{r.label:16}{r.requests:>10,}{r.rate:>10,.0f}{r.rate * size / 1e6:>8,.0f}"
            f"{r.percentile(0.50):>9.1f}{r.percentile(0.95):>9.1f}"
        )
    verdict = "met" if ratio >= TARGET_RATIO else "NOT MET"
    print(f"page / static: {ratio:.1%}   target >= {TARGET_RATIO:.0%}: {verdict}")
    every = {label: ", ".join(f"{r.rate:,.0f}" for r in rounds if r.label == label) for label in best}
    print(f"  each round (req/s): static {every[STATIC_LABEL]}; page {every[PAGE_LABEL]}")
    print("  both through the same middleware and workers; gunicorn's sync workers close the")
    print("  connection after each response, so every request opens one (both alike).")


def serve_and_measure(args: argparse.Namespace, directory: Path) -> tuple[bytes, list[Round], list[str]]:
    """Collect static files, save the page, start gunicorn, check both URLs, load them in turn."""
    page_file, log = directory / "page.html", directory / "gunicorn.log"
    if args.port == 0:
        args.port = free_port()
    environment = server_environment(args, directory / "static", page_file)
    collect = run_child(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v", "0"],
        environment,
        "collectstatic",
    )
    run_child([sys.executable, __file__, "--render-page", str(page_file)], environment, "rendering the page")
    page = page_file.read_bytes()
    print(f"static files collected in {collect:.1f}s; the page with production settings: {len(page):,} bytes")
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
        problems += verify(args.port, page)
        if problems:
            return page, rounds, problems
        print(f"verified: {PAGE_PATH} and {STATIC_PATH} both answer 200 with the same {len(page):,} bytes")
        warm_up(args.port, args.workers)
        for number in range(1, args.repeat + 1):
            for label, path in ((STATIC_LABEL, STATIC_PATH), (PAGE_LABEL, PAGE_PATH)):
                done = load(
                    args.port,
                    path,
                    label=label,
                    seconds=args.seconds,
                    concurrency=args.concurrency,
                    size=len(page),
                )
                rounds.append(done)
                problems += done.errors
                median = (
                    f"median {statistics.median(done.latencies) * 1000:.1f} ms" if done.latencies else "none"
                )
                print(
                    f"round {number}, {label}: {done.requests:,} requests in {done.seconds:.1f}s, "
                    f"{done.rate:,.0f} req/s ({median})"
                )
    finally:
        stop_server(server)
        server_log = log.read_text(errors="replace").strip()
        if problems and server_log:
            print(f"gunicorn's log (end):\n{server_log[-4000:]}")
    return page, rounds, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10, help="duration of each round (default 10)")
    parser.add_argument("--repeat", type=int, default=2, help="rounds of each URL, the best counts (2)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=int(os.environ.get("CONN_MAX_AGE", "0")),
        help="CONN_MAX_AGE of the server (default: $CONN_MAX_AGE, else the desk's default, 0)",
    )
    parser.add_argument("--facts", type=int, default=100, help="facts in the dossier (default 100)")
    parser.add_argument("--claims-per-fact", type=int, default=5, help="claims of each fact (default 5)")
    parser.add_argument("--articles", type=int, default=50, help="articles the claims quote (default 50)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the generated dossier")
    parser.add_argument(
        "--allow-wipe", action="store_true", help="wipe a database without 'bench' in its name"
    )
    parser.add_argument(
        "--profile", type=int, metavar="TOP", help="also profile page requests in-process, print TOP"
    )
    parser.add_argument("--render-page", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.render_page:
        render_page(args.render_page)
        return 0
    if (
        args.seconds <= 0
        or min(args.repeat, args.concurrency, args.workers, args.facts, args.claims_per_fact) < 1
        or args.articles < args.claims_per_fact
    ):
        parser.error(
            "--seconds must be positive, --repeat, --concurrency, --workers, --facts and "
            "--claims-per-fact at least 1, and --articles at least --claims-per-fact"
        )

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

    wipe()
    built = build_dossier(args)
    print(
        f"built the dossier: {built.facts} facts, {built.claims} claims on {built.articles} articles, "
        f"{built.sources} sources, in {built.seconds:.1f}s (publishing revision 1: {built.publish_seconds:.1f}s)"
    )
    queries = count_queries()
    print(f"page {PAGE_PATH}: {queries} SQL quer{'y' if queries == 1 else 'ies'} (test client, once)")
    if args.profile:
        profile_page(top=args.profile)
    connection.close()  # the bench's own connection stays closed while the server is measured

    with tempfile.TemporaryDirectory(prefix="dossier-bench-") as directory:
        page, rounds, problems = serve_and_measure(args, Path(directory))

    if rounds and all(r.latencies for r in rounds):
        report(rounds, args, len(page))
    if problems:
        print()
        for problem in dict.fromkeys(problems):
            print(f"FAILED: {problem}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
