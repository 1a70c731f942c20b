"""The shipped gunicorn settings: `gunicorn -c factcheck/gunicorn.conf.py factcheck.wsgi`.

Every web thread may hold one database connection: each process gets a connection pool of
exactly its thread count (DATABASE_POOL_SIZE), so a host opens at most WEB_CONCURRENCY x
WEB_THREADS connections. With DATABASE_CONNECTIONS_PER_HOST set (its share of PostgreSQL's
max_connections, see docs/operations.md), a configuration that could exceed it refuses to start.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
bind = os.environ.get("BIND", "0.0.0.0:8000")
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
accesslog = "-"

os.environ["DATABASE_POOL_SIZE"] = str(threads)
_budget = os.environ.get("DATABASE_CONNECTIONS_PER_HOST")
if _budget and workers * threads > int(_budget):
    raise SystemExit(
        f"gunicorn: {workers} workers x {threads} threads may open {workers * threads} database "
        f"connections, over DATABASE_CONNECTIONS_PER_HOST={_budget}: lower WEB_CONCURRENCY or WEB_THREADS."
    )
