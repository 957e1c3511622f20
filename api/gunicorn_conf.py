"""gunicorn's settings for production: `gunicorn -c python:api.gunicorn_conf` (README, "Production").

A module of the package, so an installed wheel has it too, and not a `gunicorn.conf.py` in the checkout,
which gunicorn would load by itself for every gunicorn started there (the tests' and the bench's own).
Flags on the command line override these (`--bind`, `--workers`, `--threads` ...). Meant to sit behind a
buffering reverse proxy (nginx: it reads a request's whole body before passing it on), with these as the
second line of defence when a slow client reaches gunicorn anyway.
"""

from __future__ import annotations

import os
import sys

wsgi_app = "api.wsgi:app"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # the proxy's upstream, on the same host
workers = int(os.environ.get("WEB_CONCURRENCY", 2))  # gunicorn's own variable; about one per core

# gthread: the worker's main thread accepts and polls connections, and a request is handed to a thread only
# once its first bytes arrived; a client sending its body slowly holds one thread, not the worker, so
# `threads` x `workers` - 1 such clients still leave one thread serving everyone else (sync workers froze
# all requests with two of them). Each thread may hold two PostgreSQL connections (the app's pool and the
# save's autocommit pool): PostgreSQL needs 2 x threads x workers, plus the CLI and maintenance.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))

# After a kill -9 of the master its orphaned workers keep the listening socket for a moment (they notice the
# missing parent within a second and exit): SO_REUSEPORT lets the restarted master bind at once instead of
# failing after five retries. The price: a second gunicorn started by mistake on the same port also binds.
reuse_port = True

timeout = 30  # a worker whose main loop stops answering the master this long is killed and replaced
graceful_timeout = 30  # on SIGTERM, in-flight requests get this long to finish
keepalive = 5  # seconds an idle keep-alive connection is kept (the proxy's upstream connections)


def on_starting(server: object) -> None:
    """Refuse to start, before any worker is forked, on settings the app cannot run with: one clear line."""
    from api.config import ConfigurationError, Settings

    try:
        Settings.from_env()
    except ConfigurationError as exc:
        print(f"assess: {exc}", file=sys.stderr, flush=True)
        sys.exit(2)
