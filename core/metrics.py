"""Prometheus metrics: the site's own counters, the queue's state, and the server that shows them.

django-prometheus counts requests, database queries and cache hits; this module adds what only the
site knows: purges sent to the caches and e-mails handed to the mail server (each sent or failed),
and, read from the database at each scrape, the tasks waiting in the queue and the age of the
oldest. Nothing is shown on the site's own address: metrics are served by start_server() on the
address the operator gives (METRICS_ADDRESS for the web servers, WORKER_METRICS_ADDRESS for the
worker), 127.0.0.1 unless a host is named.

Under gunicorn each worker process counts for itself; gunicorn's settings (namur_site/gunicorn.py)
put prometheus_client in its multiprocess mode (PROMETHEUS_MULTIPROC_DIR), and the server,
started in gunicorn's master process, adds up every worker's counts. The queue's gauges are read
there, in the server's thread, whose database connection is closed after each scrape; a worker
forked meanwhile never uses it (psycopg does not close a connection of another process).
"""

import logging
import os
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, connections
from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client import REGISTRY, CollectorRegistry, Counter, start_http_server
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

PURGES = Counter(
    "namur_purges",
    "Purges sent to a cache (one per cache and change), by outcome.",
    ["outcome"],
)
EMAILS = Counter(
    "namur_emails",
    "E-mails handed to the mail server, by outcome.",
    ["outcome"],
)
for _outcome in ("sent", "failed"):
    PURGES.labels(outcome=_outcome)
    EMAILS.labels(outcome=_outcome)


def count_purge(*, failed: bool) -> None:
    PURGES.labels(outcome="failed" if failed else "sent").inc()


class CountingEmailBackend(BaseEmailBackend):
    """Count the e-mails that EMAIL_DELIVERY_BACKEND (the real one) sends or fails to send."""

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.inner = get_connection(
            settings.EMAIL_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs
        )

    def open(self):
        return self.inner.open()

    def close(self):
        return self.inner.close()

    def send_messages(self, email_messages):
        email_messages = list(email_messages)
        try:
            sent = self.inner.send_messages(email_messages) or 0
        except Exception:
            EMAILS.labels(outcome="failed").inc(len(email_messages))
            raise
        EMAILS.labels(outcome="sent").inc(sent)
        EMAILS.labels(outcome="failed").inc(len(email_messages) - sent)
        return sent


def queue_state(now=None) -> tuple[int, float]:
    """Return how many tasks are due and waiting, and how long (seconds) the oldest has waited.

    A task waits from when it was queued, or from when it became due if it was queued to run later
    (a retry): a retry an hour ahead is not late.
    """
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    due = DBTaskResult.objects.ready()
    state = due.aggregate(
        waiting=Count("pk"),
        queued=Min("enqueued_at", filter=Q(run_after=get_date_max())),
        became_due=Min("run_after", filter=Q(run_after__lte=now)),
    )
    starts = [moment for moment in (state["queued"], state["became_due"]) if moment]
    age = max((now - min(starts)) / timedelta(seconds=1), 0.0) if starts else 0.0
    return state["waiting"], age


class QueueCollector:
    """The queue's state, read from the database at each scrape (nothing if it does not answer)."""

    def describe(self):
        # Named without reading the database, so that registering reads nothing.
        return [
            GaugeMetricFamily("namur_queue_waiting_tasks", ""),
            GaugeMetricFamily("namur_queue_oldest_waiting_seconds", ""),
        ]

    def collect(self):
        try:
            waiting, age = queue_state()
        except DatabaseError as error:
            logger.warning("Metrics: the queue could not be read: %s", error)
            return
        finally:
            # The scrape's thread keeps no connection open between scrapes (one in a
            # transaction is someone else's: a test's, a management command's).
            for connection in connections.all(initialized_only=True):
                if not connection.in_atomic_block:
                    connection.close()
        yield GaugeMetricFamily(
            "namur_queue_waiting_tasks", "Tasks due and waiting for a worker.", value=waiting
        )
        yield GaugeMetricFamily(
            "namur_queue_oldest_waiting_seconds",
            "How long the oldest due task has waited for a worker (0 when none waits).",
            value=age,
        )


def parse_address(address: str) -> tuple[str, int]:
    """Read "host:port", "[v6]:port" or "port" (then on 127.0.0.1)."""
    host, _, port = address.strip().rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    try:
        number = int(port)
    except ValueError:
        raise ValueError(f"Adresse de métriques illisible : {address!r} (hôte:port).") from None
    return host, number


def registry():
    """The registry to serve: every process's counts in multiprocess mode, else this process's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        collected = CollectorRegistry()
        multiprocess.MultiProcessCollector(collected)
        return collected
    return REGISTRY


_queue_in_default_registry = False


def start_server(address: str, *, with_queue: bool = True):
    """Serve the metrics on ``address``; return the server and its thread."""
    global _queue_in_default_registry
    host, port = parse_address(address)
    served = registry()
    if with_queue and not (served is REGISTRY and _queue_in_default_registry):
        served.register(QueueCollector())
        _queue_in_default_registry = _queue_in_default_registry or served is REGISTRY
    server, thread = start_http_server(port, addr=host, registry=served)
    logger.info("Metrics served on %s:%s", host, server.server_port)
    return server, thread
