"""What the HTTP cache purges when news's models change (core.caching.http_cache)."""

from taggit.models import Tag

from core.caching import http_cache
from news.models import Article, TaggedArticle, Topic


def connect() -> None:
    # What the lists of articles filter, order and count on: live() (status and dates), topic
    # and tag pages, the home page's featured articles.
    http_cache.register(
        Article,
        list_fields=("status", "publication_date", "expiry_date", "topic", "tags", "featured"),
    )
    # A topic's name, a tag's, is on the cards of its articles (and others'), in every list.
    for model in (Topic, Tag):
        http_cache.register(model, lambda label: {http_cache.item_key(label), "news.article"})
    http_cache.register(
        TaggedArticle, lambda link: {f"news.article:{link.content_object_id}", "news.article"}
    )
