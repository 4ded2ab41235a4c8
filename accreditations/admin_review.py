"""One request on one screen: its documents previewed, the event's places, the decision buttons.

Documents are only ever served by ``document_view``, which checks the permission and forbids
any cache; the page shows images through it and links PDFs to it. The decision buttons post to
``decision_view``, which decides through the same service as the list's bulk actions.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accreditations.models import AccreditationRequest, Event, RequestStatus

REVIEW_PERMISSION = "accreditations.review_accreditationrequest"
DOWNLOAD_PERMISSION = "accreditations.download_documents"
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "webp"}
# The buttons of the request page, by the value they post: the status and the button's text.
DECISIONS = {
    "approve": (RequestStatus.APPROVED, gettext_lazy("Accepter")),
    "waitlist": (RequestStatus.WAITLISTED, gettext_lazy("Liste d’attente")),
    "reject": (RequestStatus.REJECTED, gettext_lazy("Refuser")),
}


def capacity_summary(event: Event) -> str:
    """Say in words how many places the event has left, e.g. « 3 places restantes sur 10 »."""
    places = event.places_left
    if places is None:
        return _("Sans limite de places")
    if places == 0:
        return ngettext(
            "Complet : %(capacity)s place acceptée sur %(capacity)s",
            "Complet : %(capacity)s places acceptées sur %(capacity)s",
            event.capacity,
        ) % {"capacity": event.capacity}
    return ngettext(
        "%(places)s place restante sur %(capacity)s",
        "%(places)s places restantes sur %(capacity)s",
        places,
    ) % {"places": places, "capacity": event.capacity}


def waiting_summary(event: Event) -> str:
    count = event.waitlisted_total
    if not count:
        return _("Liste d’attente : personne")
    return ngettext(
        "Liste d’attente : %(count)s demande",
        "Liste d’attente : %(count)s demandes",
        count,
    ) % {"count": count}


class ReviewScreenMixin:
    change_form_template = "admin/accreditations/accreditationrequest/change_form.html"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/document/<str:field_name>/",
                self.admin_site.admin_view(self.document_view),
                name="accreditations_accreditationrequest_document",
            ),
            path(
                "<path:object_id>/decision/",
                self.admin_site.admin_view(require_POST(self.decision_view)),
                name="accreditations_accreditationrequest_decision",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request, object_id, field_name):
        if not request.user.has_perm(DOWNLOAD_PERMISSION):
            raise PermissionDenied
        if field_name not in AccreditationRequest.DOCUMENT_FIELDS:
            raise Http404
        accreditation = self.get_object(request, unquote(object_id))
        if accreditation is None or not getattr(accreditation, field_name):
            raise Http404
        document = getattr(accreditation, field_name)
        extension = document.name.rsplit(".", 1)[-1]
        response = FileResponse(
            document.open("rb"),
            # An image may be shown in the browser; anything else is only ever downloaded.
            as_attachment=not ("apercu" in request.GET and extension in IMAGE_EXTENSIONS),
            filename=f"{accreditation.reference}-{field_name.replace('_', '-')}.{extension}",
        )
        add_never_cache_headers(response)
        return response

    def documents_for_review(self, request, accreditation) -> list[dict]:
        """Describe each document for the page: its label, address, and whether it is an image."""
        labels = {
            "assignment_letter": _("Lettre de mission"),
            "id_document": _("Pièce d’identité"),
            "photo": _("Photo d’identité"),
        }
        documents = []
        for name, label in labels.items():
            document = getattr(accreditation, name)
            if not document:
                documents.append({"label": label})
                continue
            documents.append(
                {
                    "label": label,
                    # The view checks the permission; the address alone gives nothing away.
                    "url": reverse(
                        "admin:accreditations_accreditationrequest_document",
                        args=[accreditation.pk, name],
                    ),
                    "is_image": document.name.rsplit(".", 1)[-1] in IMAGE_EXTENSIONS,
                }
            )
        return documents

    def change_view(self, request, object_id, form_url="", extra_context=None):
        accreditation = self.get_object(request, unquote(object_id))
        if accreditation is not None:
            event = Event.objects.with_counts().get(pk=accreditation.event_id)
            can_decide = (
                request.user.has_perm(REVIEW_PERMISSION)
                and not accreditation.is_anonymised
                and accreditation.status != RequestStatus.CANCELLED
            )
            extra_context = {
                **(extra_context or {}),
                "review_event": event,
                "capacity_summary": capacity_summary(event),
                "waiting_summary": waiting_summary(event),
                "waiting_position": accreditation.waiting_list_position(),
                "decision_url": reverse(
                    "admin:accreditations_accreditationrequest_decision",
                    args=[accreditation.pk],
                ),
                "decisions": [
                    (value, label)
                    for value, (status, label) in DECISIONS.items()
                    if status != accreditation.status
                ]
                if can_decide
                else [],
                "can_download": request.user.has_perm(DOWNLOAD_PERMISSION),
                "documents": self.documents_for_review(request, accreditation),
                # The documents come right after the outlet, before the remarks.
                "documents_after": 2,
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def decision_view(self, request, object_id):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        accreditation = self.get_object(request, unquote(object_id))
        if accreditation is None:
            raise Http404
        page = reverse("admin:accreditations_accreditationrequest_change", args=[accreditation.pk])
        status, _label = DECISIONS.get(request.POST.get("decision"), (None, ""))
        reason = request.POST.get("reason", "").strip()
        if status is None:
            self.message_user(request, _("Choisissez une décision."), messages.ERROR)
        elif status == RequestStatus.REJECTED and not reason:
            self.message_user(
                request,
                _(
                    "Indiquez le motif du refus : il est envoyé à la personne. La demande n’a "
                    "pas changé."
                ),
                messages.ERROR,
            )
        else:
            self.decide_and_report(request, [accreditation], status, reason=reason)
        return redirect(page)
