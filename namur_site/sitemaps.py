from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse
from taggit.models import Tag

from core.caching.cache import cached_for_generation
from core.legal_pages import legal_pages
from news.models import Article
from news.sitemaps import ArticleSitemap, MonthArchiveSitemap, TopicSitemap
from press.models import PressRelease
from press.sitemaps import PressReleaseSitemap


class PathSitemap(Sitemap):
    """A sitemap whose items are the pages' paths."""

    def location(self, item: str):
        return item


class SectionSitemap(PathSitemap):
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


class TagSitemap(PathSitemap):
    """The tag pages of one kind of content: only the tags that a live item carries."""

    changefreq = "weekly"

    def __init__(self, model, url_name: str):
        self.model = model
        self.url_name = url_name

    def items(self):
        # Kept until content changes, as the sidebars are: the sitemap stays a few queries.
        return cached_for_generation(f"sitemap:{self.url_name}", self.tag_paths)

    def tag_paths(self) -> list[str]:
        live_tags = Tag.objects.filter(pk__in=self.model.objects.live().values("tags"))
        return [
            reverse(self.url_name, kwargs={"slug": slug})
            for slug in live_tags.order_by("slug").values_list("slug", flat=True)
        ]


class LegalPageSitemap(PathSitemap):
    """The legal pages, those the footer of every page links to."""

    changefreq = "monthly"

    def items(self):
        return [page["url"] for page in legal_pages()]


SITEMAPS = {
    "sections": SectionSitemap,
    "news": ArticleSitemap,
    "news-topics": TopicSitemap,
    "news-tags": TagSitemap(Article, "news:tag"),
    "news-months": MonthArchiveSitemap,
    "press": PressReleaseSitemap,
    "press-tags": TagSitemap(PressRelease, "press:tag"),
    "legal": LegalPageSitemap,
}
