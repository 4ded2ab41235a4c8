from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Actualités")

    def ready(self):
        from core.caching import http_cache
        from news.models import Article, TaggedArticle, Topic

        # What the lists of articles filter, order and count on: live() (status and dates), topic
        # and tag pages, the home page's featured articles.
        http_cache.register(
            Article,
            list_fields=("status", "publication_date", "expiry_date", "topic", "tags", "featured"),
        )
        # A topic's name is on the cards of its articles and releases, in every list.
        http_cache.register(
            Topic, lambda topic: {http_cache.item_key(topic), "news.article", "press.pressrelease"}
        )
        http_cache.register(
            TaggedArticle, lambda link: {f"news.article:{link.content_object_id}", "news.article"}
        )
