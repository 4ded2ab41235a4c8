"""Background tasks of the site itself (django-tasks): purges Varnish refused or missed."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

PURGE_ATTEMPTS = 6
# 5 s, 10 s, 20 s… : a Varnish restarting is back within a minute.
PURGE_FIRST_WAIT = 5


@task()
def purge_task(urls: list[str], keys: list[str], attempt: int) -> str:
    """Send a purge again to the Varnish servers that missed it; queue one more try if needed."""
    from namur_site.core.http_cache import send_purges

    failed = send_purges(urls, keys)
    if not failed:
        return "purged"
    retry_purge(urls=failed, keys=keys, attempt=attempt + 1)
    return "retry"


def retry_purge(*, urls: list[str], keys: list[str], attempt: int = 1) -> None:
    """Queue the purge of ``keys`` at ``urls`` for later, with a growing wait."""
    if attempt > PURGE_ATTEMPTS or not purge_task.get_backend().supports_defer:
        # Pages then live until their s-maxage at most: stale for a while, never for ever.
        logger.error("Purge of %s keys at %s given up after %s tries", len(keys), urls, attempt)
        return
    wait = timedelta(seconds=PURGE_FIRST_WAIT * 2 ** (attempt - 1))
    try:
        purge_task.using(run_after=timezone.now() + wait).enqueue(
            urls=list(urls), keys=list(keys), attempt=attempt
        )
    except Exception as error:
        logger.error("Purge of %s keys could not be queued again: %s", len(keys), error)
