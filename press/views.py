from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from accreditations.models import Event
from core.caching import http_cache
from core.caching.cache import cached_for_generation
from core.files.storage import absolute_url
from core.views import LiveOrPreviewMixin, NumberedPaginationMixin
from news.views import news_article_schema
from press.models import Attachment, AttachmentType, PressContact, PressRelease, ReleaseContact
from press.vcard import contact_vcard

LANDING_RELEASES = 3


def section_crumbs() -> list[tuple[str, str]]:
    return [(_("Presse"), reverse("press:list"))]


class PressReleaseListMixin(NumberedPaginationMixin):
    model = PressRelease
    template_name = "press/pressrelease_list.html"

    def get_queryset(self):
        return PressRelease.objects.live_cards()

    def get_heading(self):
        return _("Communiqués de presse")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Computed once per change, not on each page: it reads every live release.
        context.update(
            heading=self.get_heading(), years=cached_for_generation("press-years", release_years)
        )
        return context


def release_years() -> list[int]:
    """Return the years that have live press releases, newest first."""
    return [moment.year for moment in PressRelease.objects.live().periods("year")]


class PressReleaseListView(PressReleaseListMixin, ListView):
    """Every live release, newest first; ``?annee=2026`` keeps those of one year."""

    filter_params = ("annee",)

    def get_year(self) -> int | None:
        value = self.request.GET.get("annee")
        if value is None:
            return None
        if not (value.isascii() and value.isdigit() and len(value) == 4):
            raise Http404(_("Année inconnue."))
        return int(value)

    def get_queryset(self):
        self.year = self.get_year()
        queryset = super().get_queryset()
        if self.year is not None:
            queryset = queryset.filter(publication_date__year=self.year)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.year is not None and self.year not in context["years"]:
            # A year of hidden releases only must not reveal itself either.
            raise Http404(_("Aucun communiqué publié cette année-là."))
        context["year"] = self.year
        context["crumbs"] = section_crumbs() if self.year else []
        return context

    def get_heading(self):
        if self.year is not None:
            return _("Communiqués de presse de %(year)s") % {"year": self.year}
        return super().get_heading()


class TagPressReleaseListView(PressReleaseListMixin, ListView):
    # A tag that only hidden releases carry must not reveal itself.
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_heading(self):
        return _("Communiqués « %(tag)s »") % {"tag": self.tag.name}

    def get_context_data(self, **kwargs):
        http_cache.show(self.request, self.tag)
        return super().get_context_data(tag=self.tag, crumbs=section_crumbs(), **kwargs)


class PressOfficeView(TemplateView):
    """The press office's landing page: who to call, the latest releases, open accreditations."""

    template_name = "press/press_office.html"

    def get_context_data(self, **kwargs):
        open_events = list(Event.objects.accreditation_open().with_counts())
        contacts = list(PressContact.objects.filter(press_office=True))
        releases = list(PressRelease.objects.live_cards()[:LANDING_RELEASES])
        http_cache.show(
            self.request, PressRelease, PressContact, Event, *contacts, *releases, *open_events
        )
        return super().get_context_data(
            contacts=contacts,
            latest_releases=releases,
            open_events=open_events,
            crumbs=section_crumbs(),
            **kwargs,
        )


class PressReleaseDetailView(LiveOrPreviewMixin, DetailView):
    model = PressRelease

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("topic", "image")
            .prefetch_related(
                "tags",
                "corrections",
                Prefetch("attachments", queryset=Attachment.objects.all()),
                Prefetch(
                    "release_contacts",
                    queryset=ReleaseContact.objects.select_related("contact"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        release = self.object
        event = release.accreditation_event()
        http_cache.show(
            self.request,
            event,
            release.topic,
            *release.tags.all(),
            *(link.contact for link in release.release_contacts.all()),
        )
        # The lead image first (link previews take it), then the JPEG attachments.
        lead = release.image.renditions[-1:] if release.image else []
        images = [absolute_url(jpeg) for _width, _webp, jpeg in lead] + [
            absolute_url(attachment.file.url)
            for attachment in release.attachments.all()
            if attachment.media_type == AttachmentType.JPEG
        ]
        return super().get_context_data(
            crumbs=section_crumbs(),
            event=event,
            og_image=images[0] if images else None,
            structured_data=press_release_schema(release, images),
            **kwargs,
        )


def press_release_schema(release: PressRelease, images: list[str]) -> dict:
    """Return the schema.org description of a live release: a NewsArticle with its number."""
    data = news_article_schema(
        release,
        url=settings.SITE_URL + release.get_absolute_url(),
        images=images,
        tags=release.tags.all(),
    )
    data["genre"] = _("Communiqué de presse")
    if release.number:
        data["identifier"] = release.number
    return data


def contact_vcard_view(request, slug):
    """Send the vCard of a contact the public may see, ready for an address book."""
    contact = get_object_or_404(PressContact.objects.public(), slug=slug)
    http_cache.show(request, contact)
    response = HttpResponse(contact_vcard(contact), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{contact.slug}.vcf"'
    return response
