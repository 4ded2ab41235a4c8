from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.personal_data import spreadsheet_csv
from news.models import Topic
from press.presslist import release_admin, services  # noqa: F401 (registers it)
from press.presslist.models import Subscriber


def _datetime(value) -> str:
    return date_format(timezone.localtime(value), "d/m/Y H:i") if value else ""


def topics_text(subscriber: Subscriber) -> str:
    if subscriber.all_topics:
        return _("tous les communiqués")
    return ", ".join(topic.name for topic in subscriber.topics.all())


CSV_COLUMNS = [
    (gettext_lazy("Nom"), lambda s: s.name),
    (gettext_lazy("Média"), lambda s: s.outlet),
    (gettext_lazy("E-mail"), lambda s: s.email),
    (gettext_lazy("Thèmes"), topics_text),
    (gettext_lazy("Embargos"), lambda s: _("oui") if s.embargo_trusted else ""),
    (gettext_lazy("Inscrit le"), lambda s: _datetime(s.created)),
    (gettext_lazy("Confirmé le"), lambda s: _datetime(s.confirmed_at)),
]


class ConfirmedFilter(admin.SimpleListFilter):
    title = gettext_lazy("confirmation")
    parameter_name = "confirme"

    def lookups(self, request, model_admin):
        return [("oui", _("confirmés")), ("non", _("en attente de confirmation"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "non":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "outlet",
        "email",
        "topics_column",
        "confirmed_column",
        "embargo_trusted",
        "created",
    ]
    list_filter = [ConfirmedFilter, "all_topics", "topics", "embargo_trusted"]
    search_fields = ["name", "email", "outlet"]
    date_hierarchy = "created"
    actions = ["trust_embargo", "withdraw_embargo", "revoke_links", "export_csv"]
    fields = [
        "email",
        "name",
        "outlet",
        "all_topics",
        "topics",
        "embargo_trusted",
        "created",
        "confirmed_at",
    ]
    # The address is the one its owner confirmed: staff never change it, nor add anyone.
    readonly_fields = ["email", "created", "confirmed_at"]
    filter_horizontal = ["topics"]

    def get_queryset(self, request):
        topics = Prefetch("topics", queryset=Topic.objects.order_by("name"))
        return super().get_queryset(request).prefetch_related(topics)

    def has_add_permission(self, request):
        return False

    # Removing a subscriber erases them: the deletion, and what the admin history says of them.

    def delete_model(self, request, obj):
        services.erase(subscribers=[obj])

    def delete_queryset(self, request, queryset):
        services.erase(subscribers=queryset)

    @admin.display(description=gettext_lazy("thèmes"))
    def topics_column(self, subscriber):
        return topics_text(subscriber)

    @admin.display(description=gettext_lazy("confirmé"), boolean=True, ordering="confirmed_at")
    def confirmed_column(self, subscriber):
        return subscriber.is_confirmed

    @admin.action(
        description=gettext_lazy("Faire confiance pour les embargos"), permissions=["change"]
    )
    def trust_embargo(self, request, queryset):
        count = services.set_embargo_trust(subscribers=queryset, trusted=True)
        self.message_user(
            request,
            ngettext(
                "%(count)s abonné reçoit désormais les communiqués sous embargo.",
                "%(count)s abonnés reçoivent désormais les communiqués sous embargo.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        left = queryset.filter(confirmed_at__isnull=True).count()
        if left:
            self.message_user(
                request,
                ngettext(
                    "%(count)s abonné n’a pas encore confirmé son adresse : pas de confiance "
                    "avant sa confirmation.",
                    "%(count)s abonnés n’ont pas encore confirmé leur adresse : pas de confiance "
                    "avant leur confirmation.",
                    left,
                )
                % {"count": left},
                messages.WARNING,
            )

    @admin.action(description=gettext_lazy("Retirer la confiance"), permissions=["change"])
    def withdraw_embargo(self, request, queryset):
        count = services.set_embargo_trust(subscribers=queryset, trusted=False)
        self.message_user(
            request,
            ngettext(
                "%(count)s abonné ne reçoit plus les communiqués sous embargo ; ses liens "
                "personnels vers des communiqués sous embargo ne s’ouvrent plus.",
                "%(count)s abonnés ne reçoivent plus les communiqués sous embargo ; leurs liens "
                "personnels vers des communiqués sous embargo ne s’ouvrent plus.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=gettext_lazy("Révoquer les liens personnels"), permissions=["change"])
    def revoke_links(self, request, queryset):
        count = services.revoke_links(subscribers=queryset)
        self.message_user(
            request,
            ngettext(
                "Les liens personnels de %(count)s abonné sont révoqués (gestion, confirmation, "
                "embargo) ; les prochains e-mails portent de nouveaux liens.",
                "Les liens personnels de %(count)s abonnés sont révoqués (gestion, confirmation, "
                "embargo) ; les prochains e-mails portent de nouveaux liens.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Exporter la sélection en CSV (Excel)"), permissions=["view"]
    )
    def export_csv(self, request, queryset):
        response = HttpResponse(
            spreadsheet_csv(CSV_COLUMNS, queryset.order_by("name", "pk")),
            content_type="text/csv; charset=utf-8",
        )
        filename = f"liste-de-presse-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
