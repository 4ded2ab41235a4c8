"""The press list: journalists who get releases by e-mail, and what was sent to whom.

A ``Subscriber`` confirms their address (double opt-in) before anything is sent to them. When a
release becomes public (or, for embargo-trusted subscribers, when it is approved under embargo), a
``Dispatch`` is created once per release and kind, and one ``Delivery`` per recipient records
what happened to that e-mail: queued, being sent, sent, or failed with the reason.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import NormalisedEmailField


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def for_release(self, release):
        """Return the confirmed subscribers who want releases of ``release``'s topic."""
        return self.confirmed().filter(Q(all_topics=True) | Q(topics=release.topic_id)).distinct()


class Subscriber(models.Model):
    """A journalist on the press list. Deleting the row erases the person."""

    email = NormalisedEmailField(_("adresse e-mail"), max_length=254)
    name = models.CharField(_("nom"), max_length=150)
    outlet = models.CharField(_("média"), max_length=150)
    all_topics = models.BooleanField(
        _("tous les communiqués"),
        default=True,
        help_text=_("Sinon, seulement les communiqués des thèmes choisis."),
    )
    topics = models.ManyToManyField(
        "news.Topic", verbose_name=_("thèmes"), blank=True, related_name="+"
    )
    embargo_trusted = models.BooleanField(
        _("reçoit les communiqués sous embargo"),
        default=False,
        help_text=_(
            "Réservé aux journalistes de confiance (par exemple accrédités pour l’événement) : "
            "ils reçoivent les communiqués sous embargo à l’avance, avec un lien personnel."
        ),
    )
    # The secret of the subscriber's own links (confirm, manage, unsubscribe, embargoed
    # releases). A new one revokes every link sent so far.
    token = models.CharField(_("jeton"), max_length=64, default=new_token, editable=False)
    created = models.DateTimeField(_("inscrit le"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True, editable=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("abonné")
        verbose_name_plural = _("abonnés")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                name="presslist_subscriber_unique_email",
                violation_error_message=_("Cette adresse e-mail est déjà inscrite."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.outlet})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class DispatchKind(models.TextChoices):
    RELEASE = "release", _("Publication")
    EMBARGO = "embargo", _("Envoi sous embargo")
    UPDATE = "update", _("Mise à jour")


class Dispatch(models.Model):
    """One sending of a release to the press list: on publication, under embargo, or an update."""

    release = models.ForeignKey(
        "press.PressRelease",
        verbose_name=_("communiqué"),
        on_delete=models.CASCADE,
        related_name="dispatches",
    )
    kind = models.CharField(_("envoi"), max_length=10, choices=DispatchKind.choices)
    correction = models.ForeignKey(
        "press.CorrectionNote",
        verbose_name=_("note de mise à jour"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        constraints = [
            # A release is sent once on publication and once under embargo, whatever happens.
            models.UniqueConstraint(
                fields=["release", "kind"],
                condition=~Q(kind="update"),
                name="presslist_dispatch_once_per_release",
            ),
            # An update is sent once per change note.
            models.UniqueConstraint(
                fields=["correction"],
                condition=Q(kind="update"),
                name="presslist_dispatch_update_once_per_note",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.release}"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    SENDING = "sending", _("En cours d’envoi")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec")


class Delivery(models.Model):
    """One e-mail of a dispatch to one subscriber."""

    dispatch = models.ForeignKey(
        Dispatch, verbose_name=_("envoi"), on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("abonné"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    status = models.CharField(
        _("état"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    error = models.CharField(_("raison de l’échec"), max_length=300, blank=True)
    updated = models.DateTimeField(_("mis à jour le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    # After a failed attempt: no worker takes the e-mail again before this time.
    next_attempt_at = models.DateTimeField(_("prochain essai le"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("remise")
        verbose_name_plural = _("remises")
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "subscriber"], name="presslist_delivery_once_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["dispatch", "status"], name="presslist_delivery_status")]

    def __str__(self):
        return f"{self.subscriber} — {self.get_status_display()}"
