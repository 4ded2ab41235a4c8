"""The e-mail of a dispatch: rendered once, then made personal for each subscriber.

The release's part is the same for everyone; only the subscriber's own links differ (the
embargo link, manage, unsubscribe). The templates are rendered once per dispatch with a random
mark in place of each link, then each message replaces the marks: no text a person typed can
contain a mark, and a release goes to thousands of people without rendering it thousands of
times.
"""

import re
import secrets

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.models import format_moment
from core.photos import embed
from core.references import expand_references
from press.presslist import embargo, links
from press.presslist.models import Dispatch, DispatchKind, Subscriber
from press.presslist.plain_text import html_to_text

PERSONAL_LINKS = ("page", "manage", "unsubscribe")
LINE_BREAKS = re.compile(r"[ \t]*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+[ \t]*")


def absolute(url: str) -> str:
    return url if "://" in url else settings.SITE_URL + url


def image_text(image) -> str:
    """Return what the text version says of an image: its description, caption and credit."""
    return " — ".join(part for part in (f"[{image.alt}]", image.caption, image.credit) if part)


def absolute_links(html: str) -> str:
    """Make the site's own links in sanitised HTML absolute: a mail program has no site."""
    return re.sub(r'(href|src)="/(?!/)', rf'\1="{settings.SITE_URL}/', html)


def one_line(text: str) -> str:
    """Return ``text`` on one line: nothing a person typed may start a new mail header.

    No-break spaces stay (« 9 h 00 »); every kind of line break becomes a space.
    """
    return LINE_BREAKS.sub(" ", str(text)).strip()


def subject_of(dispatch: Dispatch) -> str:
    release = dispatch.release
    if dispatch.kind == DispatchKind.EMBARGO:
        mark = embargo_mark(release)
    elif dispatch.kind == DispatchKind.UPDATE:
        mark = update_mark(dispatch)
    else:
        mark = release.number or _("Communiqué de presse")
    return one_line(f"{mark} — {release.title}")


def embargo_mark(release) -> str:
    return _("SOUS EMBARGO jusqu’au %(moment)s") % {"moment": format_moment(release.embargo_until)}


def update_mark(dispatch: Dispatch) -> str:
    day = dispatch.correction.date if dispatch.correction else timezone.localdate(dispatch.created)
    first = "1er" if day.day == 1 else str(day.day)
    return _("Mis à jour le %(day)s") % {"day": f"{first} {dateformat.format(day, 'F Y')}"}


class DispatchEmail:
    """What every message of ``dispatch`` shares; ``message(subscriber)`` adds the rest."""

    def __init__(self, dispatch: Dispatch):
        release = dispatch.release
        self.dispatch = dispatch
        self.marks = {name: f"presslist-{secrets.token_hex(12)}-{name}" for name in PERSONAL_LINKS}
        event = release.accreditation_event()
        # As the page shows them: links to the site's items at their addresses, or unwrapped.
        body, _keys = expand_references(release.body)
        body, _keys = embed.expand_images(body, email=True)
        notes, _keys = expand_references(release.editors_notes)
        context = {
            "release": release,
            # The page's box, read when the dispatch is rendered: places left at sending time.
            "event": event,
            "accreditation_urls": {
                "event": absolute(event.get_absolute_url()),
                "form": absolute(event.get_form_url()),
            }
            if event
            else None,
            "kind": dispatch.kind,
            "embargo_mark": embargo_mark(release) if dispatch.kind == DispatchKind.EMBARGO else "",
            "update_mark": update_mark(dispatch) if dispatch.kind == DispatchKind.UPDATE else "",
            "correction": dispatch.correction,
            # As the page shows it: the lead image, then the body with its library images.
            "lead_image_html": absolute_links(embed.figure(release.image, email=True))
            if release.image
            else "",
            "lead_image_text": image_text(release.image) if release.image else "",
            "body_html": absolute_links(body),
            "notes_html": absolute_links(notes),
            "body_text": html_to_text(body, base_url=settings.SITE_URL),
            "notes_text": html_to_text(notes, base_url=settings.SITE_URL),
            "attachments": [
                (attachment, absolute(attachment.file.url))
                for attachment in release.attachments.all()
            ],
            "contacts": [link.contact for link in release.release_contacts.all()],
            "city": settings.CITY,
            "urls": self.marks,
        }
        self.subject = subject_of(dispatch)
        self.text = render_to_string("emails/presslist/release.txt", context)
        self.html = render_to_string("emails/presslist/release.html", context)

    def personal_links(self, subscriber: Subscriber) -> dict[str, str]:
        release = self.dispatch.release
        if self.dispatch.kind == DispatchKind.EMBARGO:
            page = embargo.personal_url(release, subscriber)
        else:
            page = release.get_absolute_url()
        return {
            "page": absolute(page),
            "manage": absolute(links.manage_url(subscriber)),
            "unsubscribe": absolute(links.unsubscribe_url(subscriber)),
        }

    def message(self, subscriber: Subscriber, *, connection=None) -> EmailMultiAlternatives:
        urls = self.personal_links(subscriber)
        text, html = self.text, self.html
        for name, mark in self.marks.items():
            text = text.replace(mark, urls[name])
            html = html.replace(mark, escape(urls[name]))
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=text,
            from_email=settings.PRESS_LIST_FROM_EMAIL,
            to=[subscriber.email],
            reply_to=[settings.PRESS_LIST_REPLY_TO],
            headers={
                # RFC 8058: mail programs show an "unsubscribe" button that POSTs to this address.
                "List-Unsubscribe": f"<{urls['unsubscribe']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            connection=connection,
        )
        message.attach_alternative(html, "text/html")
        return message
