from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse

from news.sitemaps import ArticleSitemap, TopicSitemap
from press.sitemaps import PressReleaseSitemap


class SectionSitemap(Sitemap):
    """The home page and each section's landing page that exists."""

    changefreq = "daily"
    url_names = ("home", "news:list", "press:list", "press:office", "accreditations:list")

    def items(self):
        items = []
        for name in self.url_names:
            try:
                items.append(reverse(name))
            except NoReverseMatch:
                continue
        return items

    def location(self, item):
        return item


SITEMAPS = {
    "sections": SectionSitemap,
    "news": ArticleSitemap,
    "news-topics": TopicSitemap,
    "press": PressReleaseSitemap,
}
