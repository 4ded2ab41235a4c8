"""Every kind of public page, for tests that must see them all (escaping, outages)."""

from django.urls import reverse
from django.utils import timezone

from accreditations import links


def every_public_page(*, article, release, event, tag, search: str, accreditation) -> list[str]:
    """Return one address of each kind of public page showing these items."""
    month = article.publication_date.astimezone(timezone.get_current_timezone())
    return [
        reverse("home"),
        reverse("news:list"),
        article.get_absolute_url(),
        reverse("news:topic", kwargs={"slug": article.topic.slug}),
        reverse("news:tag", kwargs={"slug": tag.slug}),
        reverse("news:archive-month", kwargs={"year": month.year, "month": f"{month:%m}"}),
        reverse("news:feed-rss"),
        reverse("news:topic-feed-atom", kwargs={"slug": article.topic.slug}),
        reverse("press:list"),
        release.get_absolute_url(),
        reverse("press:office"),
        reverse("press:presslist:subscribe"),
        reverse("press:presslist:subscribed"),
        reverse("press:tag", kwargs={"slug": tag.slug}),
        reverse("press:feed-atom"),
        reverse("search") + "?q=" + search,
        reverse("accreditations:list"),
        event.get_absolute_url(),
        reverse("accreditations:form", kwargs={"slug": event.slug}),
        links.cancel_path(accreditation),
        "/pages/mentions-legales/",
        reverse("sitemap"),
    ]
