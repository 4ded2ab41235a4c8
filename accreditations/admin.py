from django.contrib import admin, messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accreditations import personal_data, services
from accreditations.admin_review import REVIEW_PERMISSION, ReviewScreenMixin
from accreditations.models import AccreditationRequest, Event, MailState, RequestStatus
from core.people import full_name
from core.phones import AdminPhoneInput, PhoneNumberField

ERASE_PERMISSION = "accreditations.delete_accreditationrequest"

# What staff are told once requests have changed, by their new status.
DONE_MESSAGES = {
    RequestStatus.APPROVED: lambda n: ngettext(
        "%(count)s demande acceptée ; la personne est prévenue par e-mail.",
        "%(count)s demandes acceptées ; les personnes sont prévenues par e-mail.",
        n,
    ),
    RequestStatus.WAITLISTED: lambda n: ngettext(
        "%(count)s demande placée en liste d’attente ; la personne est prévenue par e-mail.",
        "%(count)s demandes placées en liste d’attente ; les personnes sont prévenues par e-mail.",
        n,
    ),
    RequestStatus.REJECTED: lambda n: ngettext(
        "%(count)s demande refusée ; la personne reçoit le motif par e-mail.",
        "%(count)s demandes refusées ; les personnes reçoivent le motif par e-mail.",
        n,
    ),
}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "starts",
        "accreditation_closes",
        "pending_column",
        "approved_column",
        "rejected_column",
        "waitlisted_column",
        "places_left_column",
    ]
    search_fields = ["title", "venue"]
    date_hierarchy = "starts"
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "description", "venue", ("starts", "ends")]}),
        (
            gettext_lazy("Accréditations"),
            {
                "fields": [
                    ("accreditation_opens", "accreditation_closes"),
                    ("capacity", "per_outlet_cap"),
                    "requires_identity_details",
                    "requires_id_document",
                    "requires_photo",
                ]
            },
        ),
    ]

    # What the model leaves unsaid, for the press office filling the form.
    help_texts = {
        "title": gettext_lazy("Nom de l’événement tel que les journalistes le verront."),
        "description": gettext_lazy(
            "Quelques phrases affichées au-dessus du formulaire : ce qui se passe, pour qui."
        ),
        "venue": gettext_lazy(
            "Adresse ou lieu précis, par exemple : Citadelle de Namur, Terra Nova."
        ),
        "starts": gettext_lazy(
            "Début de l’événement ; les données personnelles sont effacées "
            "un certain nombre de jours après sa fin."
        ),
        "ends": gettext_lazy("Fin de l’événement, après le début."),
        "accreditation_opens": gettext_lazy(
            "Avant ce moment, le formulaire n’accepte pas encore de demandes."
        ),
        "requires_id_document": gettext_lazy(
            "Demande une copie de la carte d’identité (PDF ou image)."
        ),
        "requires_photo": gettext_lazy("Demande une photo d’identité récente pour le badge."),
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and not db_field.help_text and db_field.name in self.help_texts:
            field.help_text = self.help_texts[db_field.name]
        return field

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # More places: the waiting list gets them, first come first served.
        promoted = services.fill_freed_places(event=obj)
        if promoted:
            self.message_user(
                request,
                ngettext(
                    "%(count)s demande de la liste d’attente acceptée, dans l’ordre d’arrivée ; "
                    "la personne est prévenue par e-mail : %(references)s.",
                    "%(count)s demandes de la liste d’attente acceptées, dans l’ordre "
                    "d’arrivée ; les personnes sont prévenues par e-mail : %(references)s.",
                    len(promoted),
                )
                % {
                    "count": len(promoted),
                    "references": ", ".join(r.reference for r in promoted),
                },
                messages.SUCCESS,
            )

    def _requests_link(self, event, status, count):
        url = reverse("admin:accreditations_accreditationrequest_changelist")
        return format_html(
            '<a href="{}?event__id__exact={}&amp;status__exact={}">{}</a>',
            url,
            event.pk,
            status,
            count,
        )

    @admin.display(description=gettext_lazy("en attente"), ordering="pending_count")
    def pending_column(self, event):
        return self._requests_link(event, RequestStatus.PENDING, event.pending_count)

    @admin.display(description=gettext_lazy("acceptées"), ordering="approved_count")
    def approved_column(self, event):
        return self._requests_link(event, RequestStatus.APPROVED, event.approved_count)

    @admin.display(description=gettext_lazy("refusées"), ordering="rejected_count")
    def rejected_column(self, event):
        return self._requests_link(event, RequestStatus.REJECTED, event.rejected_count)

    @admin.display(description=gettext_lazy("liste d’attente"), ordering="waitlisted_count")
    def waitlisted_column(self, event):
        return self._requests_link(event, RequestStatus.WAITLISTED, event.waitlisted_count)

    @admin.display(description=gettext_lazy("places restantes"))
    def places_left_column(self, event):
        places = event.places_left
        return _("sans limite") if places is None else places


class AnonymisedFilter(admin.SimpleListFilter):
    title = gettext_lazy("données personnelles")
    parameter_name = "donnees"

    def lookups(self, request, model_admin):
        return [("presentes", _("présentes")), ("effacees", _("effacées"))]

    def queryset(self, request, queryset):
        if self.value() == "presentes":
            return queryset.filter(anonymised_at__isnull=True)
        if self.value() == "effacees":
            return queryset.filter(anonymised_at__isnull=False)
        return queryset


class WaitlistFilter(admin.SimpleListFilter):
    title = gettext_lazy("liste d’attente")
    parameter_name = "attente"

    def lookups(self, request, model_admin):
        return [
            ("complet", _("événement complet : acceptée à son tour")),
            ("service-presse", _("placée par le service presse")),
        ]

    def queryset(self, request, queryset):
        waiting = queryset.filter(status=RequestStatus.WAITLISTED)
        if self.value() == "complet":
            return waiting.filter(waitlisted_by_staff=False)
        if self.value() == "service-presse":
            return waiting.filter(waitlisted_by_staff=True)
        return queryset


@admin.register(AccreditationRequest)
class AccreditationRequestAdmin(ReviewScreenMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "last_name",
        "first_name",
        "outlet",
        "media_type",
        "role",
        "event",
        "status_column",
        "mail_column",
        "created",
    ]
    list_display_links = ["reference"]
    list_filter = [
        "event",
        "status",
        WaitlistFilter,
        "media_type",
        "role",
        "mail_state",
        AnonymisedFilter,
    ]
    list_select_related = ["event"]
    search_fields = ["reference", "last_name", "first_name", "email", "outlet"]
    date_hierarchy = "created"
    actions = [
        "approve",
        "waitlist",
        "reject",
        "resend_email",
        "export_csv",
        "anonymise",
    ]
    # Staff may fix a mistyped address before resending; the rest is what the journalist sent.
    editable_fields = ["email", "phone"]
    formfield_overrides = {PhoneNumberField: {"widget": AdminPhoneInput}}
    fieldsets = [
        (
            gettext_lazy("Demande"),
            {
                "fields": [
                    "reference",
                    "event",
                    "status",
                    "created",
                    ("mail_state", "mail_attempts", "mail_error"),
                    "consent_at",
                ]
            },
        ),
        (
            gettext_lazy("Identité et coordonnées"),
            {
                "fields": [
                    ("first_name", "last_name"),
                    ("date_of_birth", "nationality"),
                    ("email", "phone"),
                ]
            },
        ),
        (
            gettext_lazy("Média"),
            {"fields": ["outlet", ("media_type", "role"), "press_card_number", "equipment"]},
        ),
        (gettext_lazy("Remarques"), {"fields": ["remarks"]}),
        (
            gettext_lazy("Décision enregistrée"),
            {
                "fields": [
                    "waitlist_reason",
                    "decision_reason",
                    "decided_at",
                    "decided_by_name",
                    "anonymised_at",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        names = [name for fieldset in self.fieldsets for name in fieldset[1]["fields"]]
        flat = [n for name in names for n in (name if isinstance(name, tuple) else (name,))]
        if obj is not None and obj.is_anonymised:
            return flat
        return [name for name in flat if name not in self.editable_fields]

    @admin.display(description=gettext_lazy("décision par"))
    def decided_by_name(self, obj):
        return full_name(obj.decided_by, nobody="—")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Requests are anonymised, not deleted: counts stay and the files go with the data.
        return False

    def has_review_permission(self, request):
        return request.user.has_perm(REVIEW_PERMISSION)

    def has_erase_permission(self, request):
        return request.user.has_perm(ERASE_PERMISSION)

    @admin.display(description=gettext_lazy("état"), ordering="status")
    def status_column(self, accreditation):
        state = accreditation.get_status_display()
        if accreditation.status != RequestStatus.WAITLISTED:
            return state
        if accreditation.waitlisted_by_staff:
            return _("%(state)s (service presse)") % {"state": state}
        return _("%(state)s (événement complet)") % {"state": state}

    @admin.display(description=gettext_lazy("liste d’attente"))
    def waitlist_reason(self, accreditation):
        if accreditation.status != RequestStatus.WAITLISTED:
            return _("pas en liste d’attente")
        if accreditation.waitlisted_by_staff:
            return _(
                "placée par le service presse : elle ne reçoit aucune place libérée sans "
                "nouvelle décision"
            )
        return _(
            "événement complet à son arrivée : elle reçoit automatiquement une place libérée, "
            "à son tour"
        )

    @admin.display(description=gettext_lazy("dernier e-mail"), ordering="mail_state")
    def mail_column(self, accreditation):
        state = accreditation.get_mail_state_display()
        attempts, error = accreditation.mail_attempts, accreditation.mail_error
        if accreditation.mail_state == MailState.QUEUED and attempts:
            return ngettext(
                "%(state)s : %(count)s essai échoué (%(error)s), nouvel essai prévu",
                "%(state)s : %(count)s essais échoués (%(error)s), nouvel essai prévu",
                attempts,
            ) % {"state": state, "count": attempts, "error": error}
        if accreditation.mail_state == MailState.FAILED and error and not attempts:
            return _("%(state)s : pas mis en file d’envoi (%(error)s)") % {
                "state": state,
                "error": error,
            }
        if accreditation.mail_state == MailState.FAILED and error:
            return ngettext(
                "%(state)s après %(count)s essai (%(error)s)",
                "%(state)s après %(count)s essais (%(error)s)",
                attempts,
            ) % {"state": state, "count": attempts, "error": error}
        return state

    # Decisions.

    def _report(self, request, outcome, done_message):
        if outcome.changed:
            self.message_user(
                request,
                done_message(len(outcome.changed)) % {"count": len(outcome.changed)},
                messages.SUCCESS,
            )
        if outcome.over_capacity:
            references = ", ".join(r.reference for r in outcome.over_capacity)
            self.message_user(
                request,
                ngettext(
                    "%(count)s demande n’a pas été acceptée, faute de place : %(references)s. "
                    "Placez-la en liste d’attente ou libérez une place.",
                    "%(count)s demandes n’ont pas été acceptées, faute de place : "
                    "%(references)s. Placez-les en liste d’attente ou libérez des places.",
                    len(outcome.over_capacity),
                )
                % {"count": len(outcome.over_capacity), "references": references},
                messages.ERROR,
            )
        if outcome.unchanged:
            self.message_user(
                request,
                ngettext(
                    "%(count)s demande était déjà dans cet état ou anonymisée : inchangée.",
                    "%(count)s demandes étaient déjà dans cet état ou anonymisées : inchangées.",
                    len(outcome.unchanged),
                )
                % {"count": len(outcome.unchanged)},
                messages.WARNING,
            )
        if outcome.promoted:
            self.message_user(
                request,
                ngettext(
                    "La place libérée est donnée à la première demande arrivée en liste "
                    "d’attente quand l’événement était complet, acceptée et prévenue par "
                    "e-mail : %(references)s.",
                    "Les places libérées sont données aux premières demandes arrivées en liste "
                    "d’attente quand l’événement était complet, acceptées et prévenues par "
                    "e-mail : %(references)s.",
                    len(outcome.promoted),
                )
                % {"references": ", ".join(r.reference for r in outcome.promoted)},
                messages.SUCCESS,
            )
        for row in [*outcome.changed, *outcome.promoted]:
            self.log_change(request, row, row.get_status_display())

    def decide_and_report(self, request, requests, status, *, reason=""):
        """Decide through the service, as the bulk actions and the request page both do."""
        outcome = services.decide(requests=requests, status=status, by=request.user, reason=reason)
        self._report(request, outcome, DONE_MESSAGES[status])

    @admin.action(
        description=gettext_lazy("Accepter les demandes sélectionnées (e-mail envoyé)"),
        permissions=["review"],
    )
    def approve(self, request, queryset):
        self.decide_and_report(request, queryset, RequestStatus.APPROVED)

    @admin.action(
        description=gettext_lazy("Placer en liste d’attente (e-mail envoyé)"),
        permissions=["review"],
    )
    def waitlist(self, request, queryset):
        self.decide_and_report(request, queryset, RequestStatus.WAITLISTED)

    @admin.action(
        description=gettext_lazy("Refuser avec un motif (e-mail envoyé)…"),
        permissions=["review"],
    )
    def reject(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if "apply" in request.POST and reason:
            self.decide_and_report(request, queryset, RequestStatus.REJECTED, reason=reason)
            return None
        error = _("Indiquez le motif du refus : il est envoyé à la personne.")
        return self._intermediate(
            request,
            queryset,
            action="reject",
            title=_("Refuser des demandes d’accréditation"),
            template="admin/accreditations/accreditationrequest/reject.html",
            extra={"reason": reason, "error": error if "apply" in request.POST else ""},
        )

    @admin.action(
        description=gettext_lazy("Renvoyer le dernier e-mail"),
        permissions=["review"],
    )
    def resend_email(self, request, queryset):
        count = 0
        for accreditation in queryset.filter(anonymised_at__isnull=True):
            count += services.resend_status_email(accreditation=accreditation)
        self.message_user(
            request,
            ngettext(
                "%(count)s e-mail remis en file d’envoi ; la colonne « dernier e-mail » indique "
                "le résultat.",
                "%(count)s e-mails remis en file d’envoi ; la colonne « dernier e-mail » indique "
                "le résultat.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Exporter la sélection en CSV (Excel)"),
        permissions=["view"],
    )
    def export_csv(self, request, queryset):
        rows = queryset.select_related("event").order_by("event__starts", "last_name", "pk")
        response = HttpResponse(
            personal_data.export_csv(requests=rows), content_type="text/csv; charset=utf-8"
        )
        filename = f"accreditations-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.action(
        description=gettext_lazy("Anonymiser maintenant (effacement sur demande)…"),
        permissions=["erase"],
    )
    def anonymise(self, request, queryset):
        if "apply" in request.POST:
            files = 0
            rows = list(queryset.filter(anonymised_at__isnull=True))
            for accreditation in rows:
                files += personal_data.anonymise(accreditation=accreditation)
            self.message_user(
                request,
                ngettext(
                    "%(count)s demande anonymisée (%(files)s fichier(s) effacé(s)).",
                    "%(count)s demandes anonymisées (%(files)s fichier(s) effacé(s)).",
                    len(rows),
                )
                % {"count": len(rows), "files": files},
                messages.SUCCESS,
            )
            return None
        return self._intermediate(
            request,
            queryset,
            action="anonymise",
            title=_("Anonymiser des demandes d’accréditation"),
            template="admin/accreditations/accreditationrequest/anonymise.html",
        )

    def _intermediate(self, request, queryset, *, action, title, template, extra=None):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "queryset": queryset.select_related("event"),
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            **(extra or {}),
        }
        return TemplateResponse(request, template, context)
