"""What the press list adds to a release's admin page: its dispatches, resending, updates.

The release's admin page is press's, with the press list's parts: registered here (loaded by
``presslist/admin.py``), press's own module registering none.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.models import Status, format_moment
from core.publishing import workflow
from press.admin import PressReleaseAdmin
from press.models import CorrectionNote, PressRelease
from press.presslist.dispatch import UpdateRefused, resend_failed, send_update
from press.presslist.models import DeliveryStatus, Dispatch, DispatchKind, Subscriber


def _counted(queryset):
    return queryset.annotate(
        **{
            status: Count("deliveries", filter=Q(deliveries__status=status))
            for status in DeliveryStatus.values
        }
    )


class DispatchInline(admin.TabularInline):
    model = Dispatch
    verbose_name_plural = gettext_lazy("Envois à la liste de presse")
    fields = ["kind", "created", "counts", "resend"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return _counted(super().get_queryset(request).select_related("correction"))

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("press.view_pressrelease") or request.user.has_perm(
            "press.change_pressrelease"
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("remises"))
    def counts(self, dispatch):
        return _(
            "%(queued)s en attente, %(sending)s en cours, %(sent)s envoyé(s), %(failed)s échec(s)"
        ) % {status: getattr(dispatch, status) for status in DeliveryStatus.values}

    @admin.display(description=gettext_lazy("échecs"))
    def resend(self, dispatch):
        if not dispatch.failed:
            return "—"
        url = reverse(
            "admin:press_pressrelease_presslist_resend", args=[dispatch.release_id, dispatch.pk]
        )
        return format_html(
            '<a href="{}">{}</a>',
            url,
            ngettext(
                "Renvoyer à l’abonné en échec",
                "Renvoyer aux %(count)d abonnés en échec",
                dispatch.failed,
            )
            % {"count": dispatch.failed},
        )


@admin.register(PressRelease)
class PressListReleaseAdmin(PressReleaseAdmin):
    change_form_template = "admin/presslist/pressrelease_change_form.html"

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        if obj is not None and obj.dispatches.exists():
            inlines = [*inlines, DispatchInline]
        return inlines

    def get_urls(self):
        return [
            path(
                "<path:object_id>/liste-de-presse/renvoyer/<int:dispatch_id>/",
                self.admin_site.admin_view(self.resend_view),
                name="press_pressrelease_presslist_resend",
            ),
            path(
                "<path:object_id>/liste-de-presse/mise-a-jour/",
                self.admin_site.admin_view(self.update_view),
                name="press_pressrelease_presslist_update",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.embargo_until is not None:
            context["embargo_plan"] = embargo_plan(obj)
        if (
            obj is not None
            and obj.is_live()
            and self._may_send(request)
            and unsent_notes(obj).exists()
        ):
            context["presslist_update_url"] = reverse(
                "admin:press_pressrelease_presslist_update", args=[obj.pk]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _may_send(self, request) -> bool:
        # Sending to the press list is publishing: the same right.
        return workflow.can_publish(request.user, PressRelease)

    def _release(self, request, object_id) -> PressRelease:
        release = self._item_or_404(request, object_id)
        if not self._may_send(request):
            raise PermissionDenied
        return release

    def _confirm(self, request, release, *, title: str, text: str, notes=None):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "original": release,
            "text": text,
            "notes": notes,
        }
        return TemplateResponse(request, "admin/presslist/confirm_send.html", context)

    def _back(self, release):
        return HttpResponseRedirect(reverse("admin:press_pressrelease_change", args=[release.pk]))

    def resend_view(self, request, object_id, dispatch_id):
        release = self._release(request, object_id)
        dispatch = get_object_or_404(_counted(release.dispatches.all()), pk=dispatch_id)
        if request.method != "POST":
            return self._confirm(
                request,
                release,
                title=_("Renvoyer aux abonnés en échec"),
                text=ngettext(
                    "L’envoi « %(dispatch)s » a échoué pour %(count)d abonné : il lui sera "
                    "renvoyé. Vérifiez d’abord les échecs « interrompu » : l’e-mail est peut-être "
                    "déjà parti.",
                    "L’envoi « %(dispatch)s » a échoué pour %(count)d abonnés : il leur sera "
                    "renvoyé. Vérifiez d’abord les échecs « interrompu » : l’e-mail est peut-être "
                    "déjà parti.",
                    dispatch.failed,
                )
                % {"dispatch": dispatch.get_kind_display(), "count": dispatch.failed},
            )
        count = resend_failed(dispatch=dispatch)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail remis en file d’envoi.",
                "%(count)d e-mails remis en file d’envoi.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        return self._back(release)

    def update_view(self, request, object_id):
        release = self._release(request, object_id)
        notes = unsent_notes(release)
        if request.method != "POST":
            return self._confirm(
                request,
                release,
                title=_("Envoyer une mise à jour à la liste de presse"),
                text=_(
                    "Les abonnés qui suivent ce communiqué recevront le communiqué corrigé, "
                    "marqué « Mis à jour le … » avec la note choisie."
                ),
                notes=notes,
            )
        note = notes.filter(pk=request.POST.get("correction") or 0).first()
        if note is None:
            self.message_user(
                request, _("Choisissez une note de mise à jour pas encore envoyée."), messages.ERROR
            )
            return self._back(release)
        try:
            send_update(correction=note)
        except UpdateRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
        else:
            self.message_user(
                request,
                _("La mise à jour est en file d’envoi vers la liste de presse."),
                messages.SUCCESS,
            )
        return self._back(release)


def embargo_plan(release: PressRelease, *, now=None) -> dict:
    """Say, in French, who reads ``release`` under embargo, how and when, and when the public does.

    Read from what the press list does (``presslist.dispatch``): the trusted journalists of the
    release's topic are e-mailed, with a personal signed link, as soon as it is published or
    scheduled before the end of the embargo; the public sees it at its publication date.
    """
    now = now or timezone.now()
    end = format_moment(release.embargo_until, now)
    under_embargo = release.is_under_embargo(at=now)
    trusted = Subscriber.objects.for_release(release).filter(embargo_trusted=True).count()
    sent = (
        Dispatch.objects.filter(release=release, kind=DispatchKind.EMBARGO)
        .annotate(count=Count("deliveries"))
        .first()
    )
    published = release.status == Status.PUBLISHED
    if sent is not None:
        journalists = ngettext(
            "Envoyé sous embargo le %(moment)s à %(count)d journaliste de confiance : le "
            "communiqué par e-mail, marqué « SOUS EMBARGO », avec un lien personnel signé "
            "valable jusqu’à la fin de l’embargo.",
            "Envoyé sous embargo le %(moment)s à %(count)d journalistes de confiance : chacun "
            "a reçu le communiqué par e-mail, marqué « SOUS EMBARGO », avec un lien personnel "
            "signé valable jusqu’à la fin de l’embargo.",
            sent.count,
        ) % {"moment": format_moment(sent.created, now), "count": sent.count}
    elif not under_embargo:
        journalists = _("L’embargo est terminé : aucun envoi sous embargo n’aura plus lieu.")
    elif trusted == 0:
        journalists = _(
            "Aucun journaliste de confiance de la liste de presse ne suit ce thème : personne "
            "ne recevra ce communiqué avant le public. La confiance se donne dans « Abonnés à "
            "la liste de presse »."
        )
    else:
        when = (
            _("en ce moment (envoi en file)")
            if published
            else _("dès que vous le publiez ou le planifiez")
        )
        journalists = ngettext(
            "%(count)d journaliste de confiance de la liste de presse (qui suit ce thème) le "
            "reçoit %(when)s : le communiqué par e-mail, marqué « SOUS EMBARGO », avec un lien "
            "personnel signé valable jusqu’à la fin de l’embargo.",
            "%(count)d journalistes de confiance de la liste de presse (qui suivent ce thème) "
            "le reçoivent %(when)s : le communiqué par e-mail, marqué « SOUS EMBARGO », avec "
            "un lien personnel signé valable jusqu’à la fin de l’embargo.",
            trusted,
        ) % {"count": trusted, "when": when}
    if release.is_live(at=now):
        public = _("Le public le voit depuis le %(moment)s.") % {
            "moment": format_moment(release.publication_date, now)
        }
    elif published:
        public = _(
            "Le public le verra le %(moment)s, sur le site et dans l’e-mail aux autres abonnés."
        ) % {"moment": format_moment(release.publication_date, now)}
    elif release.status == Status.UNPUBLISHED:
        public = _("Le communiqué est dépublié : le public ne le voit pas.")
    else:
        public = _(
            "Le public ne le voit pas encore : une fois publié, il apparaît au plus tôt le "
            "%(moment)s, à la fin de l’embargo."
        ) % {"moment": end}
    if under_embargo:
        title = _("Sous embargo jusqu’au %(moment)s") % {"moment": end}
    else:
        title = _("Embargo terminé le %(moment)s") % {"moment": end}
    return {"title": title, "journalists": journalists, "public": public}


def unsent_notes(release: PressRelease):
    """Return the release's change notes no update was sent with yet."""
    sent = Dispatch.objects.filter(
        release=release, kind=DispatchKind.UPDATE, correction__isnull=False
    ).values("correction")
    return CorrectionNote.objects.filter(release=release).exclude(pk__in=sent)
