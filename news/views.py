from collections.abc import Iterable

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, MonthArchiveView
from taggit.models import Tag

from core import french
from core.caching import http_cache
from core.caching.cache import cached_for_generation
from core.files.storage import absolute_url
from core.views import LiveOrPreviewMixin, NumberedPaginationMixin
from news.models import Article, Topic


class ArticleListMixin(NumberedPaginationMixin):
    """What every list of articles shows: cards, topics, monthly archives and feeds."""

    model = Article
    template_name = "news/article_list.html"
    heading = gettext_lazy("Actualités")
    feed_url_names = ("news:feed-rss", "news:feed-atom")
    is_section_home = False

    def get_queryset(self):
        return Article.objects.live_cards()

    def get_feed_kwargs(self):
        return {}

    def get_heading(self, context):
        return self.heading

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rss, atom = (reverse(name, kwargs=self.get_feed_kwargs()) for name in self.feed_url_names)
        context.update(
            heading=self.get_heading(context),
            crumbs=[] if self.is_section_home else [(_("Actualités"), reverse("news:list"))],
            feed_rss=rss,
            feed_atom=atom,
            # The same on every list page, and costly at 100,000 articles (the months read every
            # live row): kept until content changes or a scheduled time comes.
            **cached_for_generation("news-sidebar", sidebar),
        )
        return context


def sidebar() -> dict:
    """Return the topics and the months that have live articles, with their links ready: the
    archive lists every month since the first article, too many links to build on each page."""
    live = Article.objects.live()
    months = live.periods("month")
    month_links = []
    for month in months:
        local = timezone.localtime(month)
        month_links.append(
            {
                "url": reverse(
                    "news:archive-month", kwargs={"year": local.year, "month": f"{local:%m}"}
                ),
                "label": capfirst(date_format(local, "F Y")),
                "key": f"{local:%Y%m}",
            }
        )
    return {
        "topics": [
            {"url": topic.get_absolute_url(), "name": topic.name, "pk": topic.pk}
            for topic in Topic.objects.filter(pk__in=live.values("topic"))
        ],
        "months": months,
        "month_links": month_links,
    }


class ArticleListView(ArticleListMixin, ListView):
    is_section_home = True


class TopicArticleListView(ArticleListMixin, ListView):
    feed_url_names = ("news:topic-feed-rss", "news:topic-feed-atom")

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return super().get_queryset().filter(topic=self.topic)

    def get_feed_kwargs(self):
        return {"slug": self.topic.slug}

    def get_heading(self, context):
        return self.topic.name

    def get_context_data(self, **kwargs):
        http_cache.show(self.request, self.topic)
        return super().get_context_data(topic=self.topic, **kwargs)


class TagArticleListView(ArticleListMixin, ListView):
    feed_url_names = ("news:tag-feed-rss", "news:tag-feed-atom")
    # A tag that only hidden articles carry must not reveal itself.
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_feed_kwargs(self):
        return {"slug": self.tag.slug}

    def get_heading(self, context):
        return _("Actualités « %(tag)s »") % {"tag": self.tag.name}

    def get_context_data(self, **kwargs):
        http_cache.show(self.request, self.tag)
        return super().get_context_data(tag=self.tag, **kwargs)


class ArticleMonthArchiveView(ArticleListMixin, MonthArchiveView):
    template_name = "news/article_archive_month.html"
    date_field = "publication_date"
    month_format = "%m"

    def get_heading(self, context):
        # « Actualités d’octobre 2026 », « Actualités de mai 2026 ».
        return _("Actualités %(of_month)s") % {
            "of_month": french.of(date_format(context["month"], "F Y"))
        }

    # The sidebar already lists the months that have articles: neighbours come from it,
    # rather than from two more queries, and the per-day list is not shown.
    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        return None

    def get_next_month(self, date):
        return None

    def get_previous_month(self, date):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = [timezone.localtime(m).date().replace(day=1) for m in context["months"]]
        current = context["month"]
        context["current_month_key"] = f"{current:%Y%m}"
        context["next_month"] = next((m for m in reversed(months) if m > current), None)
        context["previous_month"] = next((m for m in months if m < current), None)
        return context


# What a card shows of an article (site_tags.card).
CARD_FIELDS = (
    "title",
    "slug",
    "lead",
    "publication_date",
    "image__file",
    "image__width",
    "image__height",
    "image__alt",
    "image__focal_x",
    "image__focal_y",
    "topic__name",
)


class ArticleDetailView(LiveOrPreviewMixin, DetailView):
    model = Article

    def get_queryset(self):
        return super().get_queryset().select_related("topic", "image")

    def get_context_data(self, **kwargs):
        article = self.object
        # One plain query each: prefetching costs more than it saves for a single article.
        tags = list(article.tags.order_by("pk"))
        related = list(article.related.live_cards().only(*CARD_FIELDS))
        http_cache.show(self.request, article.topic, *tags, *related)
        renditions = article.image.renditions if article.image else []
        images = [absolute_url(jpeg) for _width, _webp, jpeg in renditions]
        url = settings.SITE_URL + article.get_absolute_url()
        return super().get_context_data(
            crumbs=[(_("Actualités"), reverse("news:list"))],
            canonical_url=url,
            tags=tags,
            related=related,
            og_image=images[-1] if images else None,
            structured_data=news_article_schema(article, url=url, images=images, tags=tags),
            **kwargs,
        )


def news_article_schema(
    article: Article, *, url: str, images: list[str], tags: Iterable[Tag]
) -> dict:
    """Return the schema.org NewsArticle description of a live article found at ``url``."""
    city = {
        "@type": "GovernmentOrganization",
        "name": settings.CITY["name"],
        "url": settings.SITE_URL,
    }
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.lead,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "fr-BE",
        "datePublished": article.publication_date,
        "dateModified": article.updated,
        "articleSection": article.topic.name,
        "keywords": [tag.name for tag in tags],
        "image": images,
        "author": city,
        "publisher": {
            **city,
            "logo": {
                "@type": "ImageObject",
                "url": settings.SITE_URL + static("img/logo.png"),
                "width": 512,
                "height": 512,
            },
        },
    }
