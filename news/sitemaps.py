from django.contrib.sitemaps import Sitemap

from news.models import Article, Topic


class ArticleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Article.objects.live().only("slug", "updated")

    def lastmod(self, item: Article):
        return item.updated


class TopicSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Topic.objects.filter(pk__in=Article.objects.live().values("topic"))
