"""Import benchmark: N synthetic multilingual articles through the pipeline, against PostgreSQL COPY.

    make bench                                   # 10,000 articles
    .venv/bin/python bench/import_bench.py --n 50000 --duplicates 0.05

It generates N deterministic (seeded) articles in Italian, French and English into a CSV file
(title, body, outlet, published: no language column, so detection runs), then in one run:

1. writes the unique rows into `articles_article` with PostgreSQL `COPY` (the baseline: raw
   storage speed, content hash and language precomputed);
2. imports the CSV with `import_paths()` (decoding, normalization, hints, language detection,
   duplicate look-up, chunked inserts, one ImportItem per row) and checks what it stored;
3. imports the first N/10 rows and all N rows again, each in a fresh process under tracemalloc,
   to show that peak memory does not grow with N.

Steps 1 and 2 run --repeat times (default 2) on emptied tables; the best time of each counts.

It prints articles/s for both, their ratio against the 25% target, and peak memory at each
scale. Only PostgreSQL: DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/factcheck_bench
(created and migrated if missing). The article, outlet and import tables of that database are
emptied first (TRUNCATE ... CASCADE), so a database whose name lacks "bench" is refused unless
--allow-wipe is given. Exit status 1 when the pipeline stored something else than expected;
a missed target is a measurement, not a failure.
"""

import argparse
import cProfile
import csv
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from synthetic import ALL_OUTLETS, Dataset, Generator, write_dataset

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/factcheck_bench"
TARGET_RATIO = 0.25
# Peak memory at N over peak at N/10 above this is reported as growing with N.
FLAT_MEMORY_RATIO = 1.5
EXPECTED_TABLE = "bench_expected"
# The generated texts are unambiguous: more disagreement than this means detection broke.
MAX_LANGUAGE_MISMATCH = 0.01


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
            f"import_bench: DATABASE_URL must be a PostgreSQL database (postgres://...), "
            f"got engine {config.get('ENGINE')!r}. The benchmark compares against PostgreSQL COPY."
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
        raise SystemExit(f"import_bench: cannot reach PostgreSQL: {exc}") from exc


def setup_django() -> None:
    import django
    from django.conf import settings

    django.setup()
    # DEBUG is on only so that settings load without a secret key. With DEBUG on, Django keeps
    # the text of every query in connection.queries (each chunk's INSERT is over a megabyte),
    # which would be measured as the pipeline's memory; a production worker runs with it off.
    settings.DEBUG = False


def wipe() -> None:
    from django.db import connection

    from articles.models import Article, ImportBatch, ImportItem, ImportUpload, Outlet

    tables = ", ".join(
        connection.ops.quote_name(model._meta.db_table)
        for model in (ImportItem, ImportUpload, Article, ImportBatch, Outlet)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def warm_up() -> float:
    """Load lingua's language models (lazily loaded on first use) so timings measure throughput."""
    from articles.services.language import detect_language

    generator = Generator(seed=0, duplicate_rate=0)
    started = time.perf_counter()
    for number in range(1, 40):
        detect_language(generator.body_of(number)[1])
    return time.perf_counter() - started


def maxrss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


# -- the two ways of storing the rows -------------------------------------------------------


def copy_baseline(dataset: Dataset) -> float:
    """Store the unique rows with COPY in one transaction; the wall-clock seconds it took."""
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from articles.models import Article, Outlet

    columns = (
        "title",
        "outlet_id",
        "byline",
        "url",
        "language",
        "published_on",
        "published_precision",
        "body",
        "raw_text",
        "content_hash",
        "source_name",
        "import_batch_id",
        "created_at",
        "updated_at",
        "version",
    )
    statement = f"COPY {Article._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    started = time.perf_counter()
    with transaction.atomic():
        outlets = Outlet.objects.bulk_create(Outlet(name=name, slug=slugify(name)) for name in ALL_OUTLETS)
        outlet_ids = {outlet.name: outlet.pk for outlet in outlets}
        now = timezone.now()
        with (
            dataset.baseline_path.open(encoding="utf-8", newline="") as stream,
            connection.cursor() as cursor,
            cursor.cursor.copy(statement) as copy,
        ):
            for content, language, title, body, outlet, published_on, precision, name in csv.reader(stream):
                copy.write_row(
                    (
                        title,
                        outlet_ids[outlet],
                        "",
                        "",
                        language,
                        published_on,
                        precision,
                        body,
                        body,  # raw_text: for a CSV row the pipeline keeps the cell's text too
                        content,
                        name,
                        None,
                        now,
                        now,
                        1,
                    )
                )
    return time.perf_counter() - started


def keep_expected() -> None:
    """Save what COPY stored (hash and true language per article) to check the pipeline against."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {EXPECTED_TABLE}")
        cursor.execute(
            f"CREATE UNLOGGED TABLE {EXPECTED_TABLE} AS SELECT content_hash, language FROM articles_article"
        )
        cursor.execute(f"ALTER TABLE {EXPECTED_TABLE} ADD PRIMARY KEY (content_hash)")


def drop_expected() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {EXPECTED_TABLE}")


def run_pipeline(csv_path: Path) -> tuple[int, float]:
    """Import `csv_path` through the pipeline; the batch id and the wall-clock seconds."""
    from articles.services.import_ import import_paths

    started = time.perf_counter()
    batch = import_paths(paths=[csv_path])
    return batch.pk, time.perf_counter() - started


@dataclass
class Check:
    problems: list[str]
    languages: dict[str, int]
    mismatched_languages: int


def check_import(batch_id: int, *, rows: int, unique: int) -> Check:
    """Compare what the pipeline stored with what was generated (all in SQL: flat memory)."""
    from django.db import connection
    from django.db.models import Count

    from articles.models import Article, ImportBatch

    problems = []
    batch = ImportBatch.objects.get(pk=batch_id)
    expected = {
        "status": ImportBatch.Status.DONE,
        "created_count": unique,
        "duplicate_count": rows - unique,
        "rejected_count": 0,
    }
    for field, value in expected.items():
        if getattr(batch, field) != value:
            problems.append(f"batch {field} is {getattr(batch, field)!r}, expected {value!r}")
    if batch.error:
        problems.append(f"batch error: {batch.error}")
    stored = Article.objects.count()
    if stored != unique:
        problems.append(f"{stored} articles stored, expected {unique}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE a.language <> e.language) "
            f"FROM articles_article a JOIN {EXPECTED_TABLE} e USING (content_hash)"
        )
        matched, mismatched = cursor.fetchone()
    if matched != unique:
        problems.append(f"only {matched} of {unique} stored bodies hash to a generated body")
    if mismatched > unique * MAX_LANGUAGE_MISMATCH:
        problems.append(f"detected language differs from the generated one on {mismatched} articles")
    languages = {
        row["language"]: row["n"]
        for row in Article.objects.values("language").annotate(n=Count("id")).order_by("-n", "language")
    }
    return Check(problems, languages, mismatched)


# -- the memory probe (a fresh process per scale) -------------------------------------------


def probe(csv_path: Path) -> None:
    """Child process: import `csv_path` under tracemalloc and print the measures as JSON."""
    configure()
    setup_django()
    warm_up()
    rss_before = maxrss_bytes()
    tracemalloc.start()
    batch_id, seconds = run_pipeline(csv_path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {"batch_id": batch_id, "seconds": seconds, "traced_peak": peak, "rss_before": rss_before}
            | {"rss_peak": maxrss_bytes()}
        )
    )


def run_probe(csv_path: Path) -> dict:
    result = subprocess.run(  # noqa: S603 (this very script, with a path it created)
        [sys.executable, __file__, "--probe", str(csv_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"import_bench: memory probe failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def profile_pipeline(csv_path: Path, *, top: int) -> None:
    from articles.services.import_ import import_paths

    profiler = cProfile.Profile()
    profiler.runcall(import_paths, paths=[csv_path])
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


# -- report ---------------------------------------------------------------------------------


def megabytes(size: float) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


@dataclass
class Measures:
    copy_seconds: list[float]
    pipeline_seconds: list[float]
    check: Check
    memory: list[tuple[int, dict]]


def measure(dataset: Dataset, args: argparse.Namespace) -> Measures:
    """COPY, then the pipeline, each `repeat` times on emptied tables; then the memory runs."""
    copy_seconds, pipeline_seconds = [], []
    for attempt in range(args.repeat):
        wipe()
        copy_seconds.append(copy_baseline(dataset))
        if attempt == 0:
            keep_expected()
        print(f"COPY baseline: {dataset.unique:,} articles in {copy_seconds[-1]:.2f}s")
    check = None
    for _ in range(args.repeat):
        wipe()
        batch_id, seconds = run_pipeline(dataset.csv_path)
        pipeline_seconds.append(seconds)
        run_check = check_import(batch_id, rows=dataset.rows, unique=dataset.unique)
        if check is None:
            check = run_check
        else:
            check.problems += [problem for problem in run_check.problems if problem not in check.problems]
        print(f"pipeline: {dataset.rows:,} rows in {seconds:.2f}s")

    memory = []
    if not args.no_memory:
        for path, rows, unique in (
            (dataset.small_csv_path, dataset.small_rows, dataset.small_unique),
            (dataset.csv_path, dataset.rows, dataset.unique),
        ):
            wipe()
            probed = run_probe(path)
            problems = check_import(probed["batch_id"], rows=rows, unique=unique).problems
            check.problems += [f"memory run of {rows:,} rows: {problem}" for problem in problems]
            memory.append((rows, probed))
            print(f"memory run: {rows:,} rows in {probed['seconds']:.2f}s (under tracemalloc)")

    if args.profile:
        wipe()
        profile_pipeline(dataset.csv_path, top=args.profile)
    return Measures(copy_seconds, pipeline_seconds, check, memory)


def report(dataset: Dataset, measures: Measures) -> None:
    from articles.services.import_ import CHUNK_SIZE

    copy_seconds = min(measures.copy_seconds)
    pipeline_seconds = min(measures.pipeline_seconds)
    copy_rate = dataset.unique / copy_seconds
    pipeline_rate = dataset.unique / pipeline_seconds
    ratio = pipeline_rate / copy_rate
    duplicates = dataset.rows - dataset.unique
    runs = len(measures.copy_seconds)
    print()
    print(f"best of {runs} run{'s' if runs > 1 else ''}, N = {dataset.rows:,}")
    print(f"{'':20}{'rows':>10}{'stored':>10}{'seconds':>10}{'articles/s':>12}")
    for label, rows, seconds, rate in (
        ("PostgreSQL COPY", dataset.unique, copy_seconds, copy_rate),
        ("import pipeline", dataset.rows, pipeline_seconds, pipeline_rate),
    ):
        print(f"{label:20}{rows:>10,}{dataset.unique:>10,}{seconds:>10.2f}{rate:>12,.0f}")
    verdict = "met" if ratio >= TARGET_RATIO else "NOT MET"
    print(f"pipeline / COPY: {ratio:.1%}   target >= {TARGET_RATIO:.0%}: {verdict}")
    print("  articles/s = articles stored per wall-clock second; the pipeline also reads, checks and")
    print(
        f"  records the {duplicates:,} duplicate rows ({dataset.rows / pipeline_seconds:,.0f} input rows/s)."
    )
    detected = ", ".join(f"{code} {count:,}" for code, count in measures.check.languages.items())
    accuracy = 1 - measures.check.mismatched_languages / dataset.unique
    print(f"languages detected: {detected} ({accuracy:.1%} agree with the generator)")

    if not measures.memory:
        return
    print()
    print("peak memory of the import, each scale in a fresh process")
    print(f"{'rows':>10}{'tracemalloc peak':>18}{'ru_maxrss before':>18}{'ru_maxrss peak':>16}")
    for rows, probed in measures.memory:
        print(
            f"{rows:>10,}{megabytes(probed['traced_peak']):>18}"
            f"{megabytes(probed['rss_before']):>18}{megabytes(probed['rss_peak']):>16}"
        )
    (small, low), (large, high) = measures.memory
    growth = high["traced_peak"] / low["traced_peak"]
    flat = "flat" if growth <= FLAT_MEMORY_RATIO else "GROWS with N"
    print(
        f"x{large / small:.0f} rows: tracemalloc peak x{growth:.2f} ({flat}); ru_maxrss rose by "
        f"{megabytes(low['rss_peak'] - low['rss_before'])} and "
        f"{megabytes(high['rss_peak'] - high['rss_before'])} during the two imports"
    )
    print("  tracemalloc counts Python allocations; ru_maxrss is the whole process (Django, lingua's")
    print("  language models, libpq buffers), measured before the import and at its peak.")
    if small < 2 * CHUNK_SIZE:
        print(f"  note: {small:,} rows is under two chunks of {CHUNK_SIZE}; use a larger --n to compare.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=10_000, help="articles to generate (default 10000)")
    parser.add_argument("--small", type=int, help="rows of the smaller memory run (default N/10)")
    parser.add_argument("--duplicates", type=float, default=0.02, help="fraction of duplicate rows (0.02)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the generated articles")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs of each, the best counts (2)")
    parser.add_argument("--no-memory", action="store_true", help="skip the two memory runs")
    parser.add_argument("--profile", type=int, metavar="TOP", help="also profile a pipeline run, print TOP")
    parser.add_argument(
        "--allow-wipe", action="store_true", help="wipe a database without 'bench' in its name"
    )
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        probe(args.probe)
        return 0
    if args.n < 10 or not 0 <= args.duplicates < 1 or args.repeat < 1:
        parser.error("--n must be at least 10, --duplicates a fraction below 1 and --repeat at least 1")
    small_rows = min(args.n, args.small or max(1, args.n // 10))

    config = configure()
    if "bench" not in config["NAME"] and not args.allow_wipe:
        raise SystemExit(
            f"import_bench: refusing to wipe the articles of database {config['NAME']!r}: its name does "
            "not contain 'bench'. Use a benchmark database, or pass --allow-wipe."
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
        f"import benchmark: PostgreSQL {server_version}, database {config['NAME']!r}"
        f"{' (created)' if created else ''} on {config['HOST']}:{config['PORT']}"
    )

    with tempfile.TemporaryDirectory(prefix="import-bench-") as directory:
        started = time.perf_counter()
        dataset = write_dataset(
            Path(directory),
            rows=args.n,
            small_rows=small_rows,
            generator=Generator(seed=args.seed, duplicate_rate=args.duplicates),
        )
        duplicates = dataset.rows - dataset.unique
        print(
            f"generated {dataset.rows:,} articles ({megabytes(dataset.size_bytes)} of CSV, "
            f"{', '.join(f'{code} {count:,}' for code, count in dataset.languages.items())}; "
            f"{duplicates:,} deliberate duplicates = {duplicates / dataset.rows:.1%}) "
            f"in {time.perf_counter() - started:.1f}s"
        )
        print(f"lingua models loaded before timing in {warm_up():.1f}s (a cold worker pays this once)")
        try:
            measures = measure(dataset, args)
        finally:
            drop_expected()

    report(dataset, measures)
    if measures.check.problems:
        print()
        for problem in measures.check.problems:
            print(f"FAILED: {problem}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
