from django.contrib.sitemaps import Sitemap

from core.caching.cache import cached_for_generation
from news.models import Article
from news.views import sidebar


class ArticleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Article.objects.live().only("slug", "updated")

    def lastmod(self, item: Article):
        return item.updated


class SidebarSitemap(Sitemap):
    """Pages the sidebar of the news lists links to, read from it (cached until content changes)."""

    changefreq = "daily"
    links = ""

    def items(self):
        return cached_for_generation("news-sidebar", sidebar)[self.links]

    def location(self, item: dict):
        return item["url"]


class TopicSitemap(SidebarSitemap):
    """The topic pages, of the topics that have live articles."""

    links = "topics"


class MonthArchiveSitemap(SidebarSitemap):
    """The month archive pages, of the months that have live articles."""

    links = "month_links"
