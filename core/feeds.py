"""What news and press feeds share: plain-text titles and summaries, the city as author."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Model
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from core.caching import http_cache


class TextRssFeed(Rss201rev2Feed):
    """RSS 2.0 whose titles and descriptions are plain text.

    Readers render RSS titles and descriptions as HTML, so text is HTML-escaped before the XML
    writer escapes it again: « <b> » typed by an editor reaches the reader as « <b> », not bold.
    """

    def __init__(self, title, link, description, **kwargs):
        super().__init__(escape(title), link, escape(description), **kwargs)

    def add_item(self, title, link, description, **kwargs):
        if description is not None:
            description = escape(description)
        super().add_item(escape(title), link, description, **kwargs)


class TextAtomFeed(Atom1Feed):
    """Atom whose summaries are plain text (``type="text"``), like its titles by default."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class SiteFeed(Feed):
    """A feed of the site: RSS of plain text by default, authored by the city (RFC 4287 §4.1.1)."""

    feed_type = TextRssFeed
    # The model whose items the feed lists, for the HTTP cache's keys.
    model = None

    def get_feed(self, obj, request):
        http_cache.show(request, self.model, obj if isinstance(obj, Model) else None)
        return super().get_feed(obj, request)

    def get_context_data(self, **kwargs):
        # Called for each item of the feed, with the request.
        http_cache.show(kwargs["request"], kwargs["item"])
        return super().get_context_data(**kwargs)

    def author_name(self):
        return settings.CITY["name"]

    def author_link(self):
        return settings.SITE_URL + "/"
