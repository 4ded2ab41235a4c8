from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.translation import gettext_lazy as _

from core.feeds import SiteFeed, TextAtomFeed
from core.files.storage import absolute_url
from press.models import Attachment, PressRelease

FEED_LENGTH = 20


class PressReleaseFeed(SiteFeed):
    """RSS 2.0 of the latest live press releases, each with its lead and first attachment."""

    description = _("Les derniers communiqués de presse de la Ville de Namur.")
    model = PressRelease

    def title(self, obj=None):
        return _("Communiqués de presse — %(city)s") % {"city": settings.CITY["name"]}

    def link(self, obj=None):
        return reverse("press:list")

    def items(self, obj=None):
        return PressRelease.objects.live_cards().prefetch_related(
            "tags", Prefetch("attachments", queryset=Attachment.objects.all())
        )[:FEED_LENGTH]

    def item_title(self, item: PressRelease):
        if item.number:
            return f"{item.title} ({item.number})"
        return item.title

    def item_description(self, item: PressRelease):
        return item.lead

    def item_pubdate(self, item: PressRelease):
        return item.publication_date

    def item_updateddate(self, item: PressRelease):
        return item.updated

    def item_categories(self, item: PressRelease):
        return [item.topic.name, *(tag.name for tag in item.tags.all())]

    def item_enclosures(self, item: PressRelease):
        # RSS allows one enclosure per item: the first attachment, usually the press kit.
        first = next(iter(item.attachments.all()), None)
        if first is None:
            return []
        return [Enclosure(absolute_url(first.file.url), str(first.size), first.media_type)]


class PressReleaseAtomFeed(PressReleaseFeed):
    feed_type = TextAtomFeed
    subtitle = PressReleaseFeed.description
