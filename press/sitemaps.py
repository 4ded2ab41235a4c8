from django.contrib.sitemaps import Sitemap

from press.models import PressRelease


class PressReleaseSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return PressRelease.objects.live().only("slug", "updated")

    def lastmod(self, item: PressRelease):
        return item.updated
