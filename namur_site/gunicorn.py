"""Gunicorn settings, from the environment: ``gunicorn -c python:namur_site.gunicorn``."""

import os
import shutil
import tempfile
from pathlib import Path

import environ
from gunicorn.http import wsgi

# As the settings do, so that GUNICORN_* variables may live in .env too (the environment wins).
environ.Env.read_env(Path(__file__).resolve().parent.parent / ".env")

wsgi_app = "namur_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8080")
worker_class = "gthread"
# A single-server SQLite site (SINGLE_SERVER_SQLITE=True, `make serve`) has a memory cache per
# process, where the rate limits and the login lockout count: one process (with its threads).
_single = os.environ.get("SINGLE_SERVER_SQLITE", "").strip().lower() in {"1", "true", "yes", "on"}
workers = int(os.environ.get("GUNICORN_WORKERS", "1" if _single else "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
keepalive = 5
# Import Django once in the master: a recycled worker starts in milliseconds, not seconds.
preload_app = True
# Recycle workers now and then so that a slow leak can never take a process down (not too often:
# a new worker starts with no copies of cached pages).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "200000"))
max_requests_jitter = max_requests // 10
# Above Varnish's URL_MAX_LENGTH (8000), which answers the site's 414 past it: gunicorn's own
# refusal is a bare English 400. 8190 is gunicorn's highest.
limit_request_line = 8190
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# The client as the trusted proxies saw it, the request id, no line for /healthz; JSON lines
# when LOG_FORMAT=json (namur_site/access_log.py).
logger_class = "namur_site.access_log.AccessLogger"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" %({x-request-id}o)s'

# Prometheus metrics on METRICS_ADDRESS (core/metrics.py), never on the site's own address. Each
# worker counts in files of PROMETHEUS_MULTIPROC_DIR (a fresh temporary folder unless set), which
# the master adds up when scraped. Set before the app (and prometheus_client) is imported.
metrics_address = os.environ.get("METRICS_ADDRESS", "")
_own_metrics_folder = None
if metrics_address:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Counts of a previous run would be added to this one's.
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
        os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)
    else:
        _own_metrics_folder = tempfile.mkdtemp(prefix="namur-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = _own_metrics_folder


def when_ready(server):
    # In the master, the site loaded (preload_app), before any worker starts: the workers
    # inherit compiled templates, the URL resolver and the catalogue (namur_site/warmup.py).
    # Only for the site (not another app served with these settings, such as the benchmarks'
    # floor), and never at the cost of starting: the first pages would do the same work.
    if getattr(server.app, "app_uri", wsgi_app) == wsgi_app:
        try:
            from namur_site.warmup import warm_up

            done = warm_up()
        except Exception:
            server.log.exception("Warm-up failed; the workers will build what they need")
        else:
            server.log.info("Warmed up: %(templates)s templates in %(ms)s ms", done)
    if metrics_address:
        from core import metrics

        metrics.start_server(metrics_address)


def child_exit(server, worker):
    if metrics_address:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def _without_server_header(default_headers):
    def headers(self):
        return [line for line in default_headers(self) if not line.startswith("Server:")]

    headers.names_no_software = True
    return headers


# gunicorn names itself in a Server header of every answer, with no setting to stop it: the
# site names no software to the outside (Varnish removes the header too).
if not getattr(wsgi.Response.default_headers, "names_no_software", False):
    wsgi.Response.default_headers = _without_server_header(wsgi.Response.default_headers)


def on_exit(server):
    if _own_metrics_folder:
        shutil.rmtree(_own_metrics_folder, ignore_errors=True)
