from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from core.feeds import SiteFeed, TextAtomFeed
from core.files.images import rendition_name
from core.files.storage import STORE_ERRORS, absolute_url
from news.models import Article, Topic

FEED_LENGTH = 20
ENCLOSURE_WIDTH = 800


class ArticleFeed(SiteFeed):
    """RSS 2.0 of the latest live articles, each with its lead and its image."""

    description = _("Les dernières actualités publiées par la Ville de Namur.")
    model = Article

    def title(self, obj=None):
        return _("Actualités — %(city)s") % {"city": settings.CITY["name"]}

    def link(self, obj=None):
        return reverse("news:list")

    def items(self, obj=None):
        return Article.objects.live_cards().prefetch_related("tags")[:FEED_LENGTH]

    def item_title(self, item: Article):
        return item.title

    def item_description(self, item: Article):
        return item.lead

    def item_pubdate(self, item: Article):
        return item.publication_date

    def item_updateddate(self, item: Article):
        return item.updated

    def item_categories(self, item: Article):
        return [item.topic.name, *(tag.name for tag in item.tags.all())]

    def item_enclosures(self, item: Article):
        renditions = item.image.renditions if item.image else []
        if not renditions:
            return []
        width, _webp, url = next((r for r in renditions if r[0] >= ENCLOSURE_WIDTH), renditions[-1])
        stored = item.image.file
        try:
            length = stored.storage.size(rendition_name(stored.name, width, "jpg"))
        except STORE_ERRORS:
            return []
        return [Enclosure(absolute_url(url), str(length), "image/jpeg")]


class ArticleAtomFeed(ArticleFeed):
    feed_type = TextAtomFeed
    subtitle = ArticleFeed.description


class TopicFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return _("%(topic)s — Actualités de la %(city)s") % {
            "topic": obj.name,
            "city": settings.CITY["name"],
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return Article.objects.live_cards().filter(topic=obj).prefetch_related("tags")[:FEED_LENGTH]


class TopicAtomFeed(TopicFeed):
    feed_type = TextAtomFeed
    subtitle = ArticleFeed.description


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        if not Article.objects.live().filter(tags=tag).exists():
            raise Article.DoesNotExist
        return tag

    def title(self, obj):
        return _("« %(tag)s » — Actualités de la %(city)s") % {
            "tag": obj.name,
            "city": settings.CITY["name"],
        }

    def link(self, obj):
        return reverse("news:tag", kwargs={"slug": obj.slug})

    def items(self, obj):
        return Article.objects.live_cards().filter(tags=obj).prefetch_related("tags")[:FEED_LENGTH]


class TagAtomFeed(TagFeed):
    feed_type = TextAtomFeed
    subtitle = ArticleFeed.description
