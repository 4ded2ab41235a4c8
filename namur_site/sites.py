"""Keep the sites framework's record in step with SITE_URL.

Feeds and sitemaps build their absolute links from that record; without this, a fresh
production database would publish links to example.com.
"""

from urllib.parse import urlsplit

from django.conf import settings


def sync_current_site(**kwargs):
    from django.contrib.sites.models import Site

    site, _ = Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.CITY["name"]},
    )
    Site.objects.clear_cache()
    return site
