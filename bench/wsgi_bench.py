"""The WSGI application of the dossier benchmark: the desk's own, unchanged.

    gunicorn bench.wsgi_bench:application     (started by bench/dossier_bench.py)

The desk's application, settings, URLs and middleware as production runs them. The
benchmark's baseline needs no URL of its own: bench/dossier_bench.py writes the dossier page's
exact bytes (and the gzip of them the desk sends) into the server's STATIC_ROOT as
bench/<page>.html and bench/<page>.html.gz before the server starts, and the desk's
WhiteNoiseMiddleware serves them under /static/ in the same workers, as it serves every
static file (the .gz to clients that accept gzip, 304 to a matching If-None-Match).
"""

from factcheck.wsgi import application

__all__ = ["application"]
