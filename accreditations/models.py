"""Events whose press access is controlled, and the accreditation requests journalists send."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accreditations.storage import private_storage
from core.fields import CheckedFileField, NormalisedEmailField
from core.files import uploads
from core.models import KeepsLoadedValues
from core.people import full_name
from core.phones import PhoneNumberField

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L or U to misread


def new_reference() -> str:
    """Return a random reference such as ACC-7QX4-K2M9 (about 40 bits: not guessable)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"ACC-{chars[:4]}-{chars[4:]}"


def document_path(instance, filename: str) -> str:
    """Name a stored document at random: the uploaded name may carry a person's name."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"accreditations/{instance.event_id}/{uuid.uuid4().hex}.{extension}"


class EventQuerySet(models.QuerySet):
    def accreditation_open(self, *, at=None):
        """Return the events whose accreditation window is open at ``at`` (now by default)."""
        at = at or timezone.now()
        return self.filter(accreditation_opens__lte=at, accreditation_closes__gt=at)

    def accreditation_upcoming(self, *, at=None):
        """Return the events whose accreditation window opens after ``at``."""
        return self.filter(accreditation_opens__gt=at or timezone.now())

    def with_counts(self):
        """Annotate the number of requests in each state, for lists without extra queries."""
        return self.annotate(
            pending_count=Count("requests", filter=Q(requests__status=RequestStatus.PENDING)),
            approved_count=Count("requests", filter=Q(requests__status=RequestStatus.APPROVED)),
            rejected_count=Count("requests", filter=Q(requests__status=RequestStatus.REJECTED)),
            waitlisted_count=Count("requests", filter=Q(requests__status=RequestStatus.WAITLISTED)),
            cancelled_count=Count("requests", filter=Q(requests__status=RequestStatus.CANCELLED)),
        )


class Event(KeepsLoadedValues):
    # The form opens and closes by itself: pages showing the window change at these moments.
    schedule_fields = ("accreditation_opens", "accreditation_closes")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(
        _("adresse (slug)"),
        max_length=200,
        unique=True,
        help_text=_("Fin de l’adresse du formulaire : lettres minuscules, chiffres et tirets."),
    )
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("lieu"), max_length=200)
    starts = models.DateTimeField(_("début"))
    ends = models.DateTimeField(_("fin"))
    accreditation_opens = models.DateTimeField(_("ouverture des accréditations"))
    accreditation_closes = models.DateTimeField(
        _("clôture des accréditations"),
        help_text=_("Après ce moment, le formulaire refuse les demandes."),
    )
    capacity = models.PositiveIntegerField(
        _("places presse"),
        null=True,
        blank=True,
        help_text=_("Nombre maximal d’accréditations acceptées. Vide : pas de limite."),
    )
    per_outlet_cap = models.PositiveIntegerField(
        _("demandes par média"),
        null=True,
        blank=True,
        help_text=_("Nombre maximal de demandes actives par média. Vide : pas de limite."),
    )
    requires_id_document = models.BooleanField(
        _("copie de la pièce d’identité exigée"), default=False
    )
    requires_photo = models.BooleanField(_("photo d’identité exigée"), default=False)
    requires_identity_details = models.BooleanField(
        _("date de naissance et nationalité exigées"),
        default=False,
        help_text=_("Pour l’enquête de sécurité demandée par certains services."),
    )
    created = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts", "pk"]
        indexes = [
            models.Index(fields=["starts"], name="accreditations_event_starts"),
            models.Index(
                fields=["accreditation_opens", "accreditation_closes"],
                name="accreditations_event_window",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=F("starts")),
                name="accreditations_event_ends_after_start",
                violation_error_message=_("La fin de l’événement doit suivre son début."),
            ),
            models.CheckConstraint(
                condition=Q(accreditation_closes__gt=F("accreditation_opens")),
                name="accreditations_event_window_in_order",
                violation_error_message=_(
                    "La clôture des accréditations doit suivre leur ouverture."
                ),
            ),
            models.CheckConstraint(
                condition=Q(accreditation_closes__lte=F("ends")),
                name="accreditations_event_window_before_end",
                violation_error_message=_(
                    "Les accréditations doivent être clôturées au plus tard à la fin de "
                    "l’événement."
                ),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="accreditations_event_capacity_positive",
                violation_error_message=_("Le nombre de places doit être au moins 1."),
            ),
            models.CheckConstraint(
                condition=Q(per_outlet_cap__isnull=True) | Q(per_outlet_cap__gte=1),
                name="accreditations_event_outlet_cap_positive",
                violation_error_message=_("Le nombre de demandes par média doit être au moins 1."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("accreditations:event", kwargs={"slug": self.slug})

    def get_form_url(self):
        return reverse("accreditations:form", kwargs={"slug": self.slug})

    @property
    def opens(self):
        return self.accreditation_opens

    @property
    def closes(self):
        return self.accreditation_closes

    def is_open_at(self, at) -> bool:
        """Return True if the accreditation window is open at ``at``."""
        return self.accreditation_opens <= at < self.accreditation_closes

    @property
    def is_open(self) -> bool:
        """Return True if the form accepts requests now."""
        return self.is_open_at(timezone.now())

    @property
    def is_upcoming(self) -> bool:
        """Return True if the window has not opened yet."""
        return timezone.now() < self.accreditation_opens

    @property
    def is_closed(self) -> bool:
        """Return True if the window has closed."""
        return timezone.now() >= self.accreditation_closes

    @property
    def approved_total(self) -> int:
        if hasattr(self, "approved_count"):
            return self.approved_count
        return self.requests.filter(status=RequestStatus.APPROVED).count()

    @property
    def places_left(self) -> int | None:
        """Return the places still free, or None when the event has no capacity."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.approved_total, 0)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0

    @property
    def accreditation_state(self) -> str:
        """Return « open », « full », « upcoming » or « closed »: what the press boxes show."""
        if self.is_open:
            return "full" if self.is_full else "open"
        return "upcoming" if self.is_upcoming else "closed"

    @property
    def waitlisted_total(self) -> int:
        if hasattr(self, "waitlisted_count"):
            return self.waitlisted_count
        return self.requests.filter(status=RequestStatus.WAITLISTED).count()

    @property
    def has_started(self) -> bool:
        """Return True once the event has begun: its requests can no longer be cancelled."""
        return timezone.now() >= self.starts

    @property
    def required_extras(self) -> list[str]:
        """Return, in words, the extra items the form asks for."""
        extras = []
        if self.requires_identity_details:
            extras.append(_("date de naissance et nationalité"))
        if self.requires_id_document:
            extras.append(_("copie de la pièce d’identité"))
        if self.requires_photo:
            extras.append(_("photo d’identité"))
        return extras


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    APPROVED = "approved", _("Acceptée")
    REJECTED = "rejected", _("Refusée")
    WAITLISTED = "waitlisted", _("Liste d’attente")
    CANCELLED = "cancelled", _("Annulée par la personne")


ACTIVE_STATUSES = [RequestStatus.PENDING, RequestStatus.APPROVED, RequestStatus.WAITLISTED]


class OutletType(models.TextChoices):
    PRINT = "print", _("Presse écrite")
    RADIO = "radio", _("Radio")
    TELEVISION = "tv", _("Télévision")
    WEB = "web", _("Web")
    AGENCY = "agency", _("Agence")
    PHOTO = "photo", _("Photo")


class Role(models.TextChoices):
    JOURNALIST = "journalist", _("Journaliste")
    PHOTOGRAPHER = "photographer", _("Photographe")
    CAMERA = "camera", _("Caméraman")
    TECHNICIAN = "technician", _("Technicien")


class MailState(models.TextChoices):
    QUEUED = "queued", _("À envoyer")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec de l’envoi")


class AccreditationRequest(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.PROTECT, related_name="requests"
    )
    reference = models.CharField(
        _("référence"), max_length=13, unique=True, default=new_reference, editable=False
    )
    status = models.CharField(
        _("état"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    # Stored in the one spelling of its mailbox, so the constraint below sees one address once.
    email = NormalisedEmailField(_("adresse e-mail"), max_length=254)
    phone = PhoneNumberField(_("téléphone"))
    outlet = models.CharField(_("média"), max_length=150)
    media_type = models.CharField(_("type de média"), max_length=10, choices=OutletType.choices)
    role = models.CharField(_("fonction"), max_length=12, choices=Role.choices)
    press_card_number = models.CharField(_("numéro de carte de presse"), max_length=50, blank=True)
    assignment_letter = CheckedFileField(
        _("lettre de mission"),
        rule=uploads.ACCREDITATION_DOCUMENT,
        upload_to=document_path,
        storage=private_storage,
        max_length=200,
        blank=True,
    )
    equipment = models.TextField(_("matériel"), blank=True)
    remarks = models.TextField(_("remarques"), blank=True)
    date_of_birth = models.DateField(_("date de naissance"), null=True, blank=True)
    nationality = models.CharField(_("nationalité"), max_length=100, blank=True)
    id_document = CheckedFileField(
        _("pièce d’identité"),
        rule=uploads.ACCREDITATION_DOCUMENT,
        upload_to=document_path,
        storage=private_storage,
        max_length=200,
        blank=True,
    )
    photo = CheckedFileField(
        _("photo d’identité"),
        rule=uploads.ACCREDITATION_PHOTO,
        upload_to=document_path,
        storage=private_storage,
        max_length=200,
        blank=True,
    )
    consent_at = models.DateTimeField(_("consentement donné le"))
    # Set when staff, not a full event, put the request on the waiting list: a place that
    # frees up never goes to it by itself; it waits for staff's next decision.
    waitlisted_by_staff = models.BooleanField(
        _("mise en attente par le service presse"),
        default=False,
        help_text=_(
            "Oui : la demande attend une nouvelle décision du service presse. Non : si elle est "
            "en liste d’attente, c’est que l’événement était complet ; elle est acceptée "
            "automatiquement, dans l’ordre d’arrivée, dès qu’une place se libère."
        ),
    )
    decision_reason = models.TextField(_("motif du refus"), blank=True)
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décision par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mail_state = models.CharField(
        _("dernier e-mail"), max_length=8, choices=MailState.choices, default=MailState.QUEUED
    )
    # Each e-mail queued for the request gets the next number; a queued task sends only while its
    # number is still the request's, so an older task never repeats what a newer one says.
    mail_sequence = models.PositiveIntegerField(_("numéro du dernier e-mail"), default=0)
    mail_attempts = models.PositiveSmallIntegerField(_("essais d’envoi"), default=0)
    mail_error = models.CharField(
        _("dernière erreur d’envoi"),
        max_length=100,
        blank=True,
        help_text=_("Le type d’erreur seulement : le message peut contenir des adresses."),
    )
    anonymised_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True)
    created = models.DateTimeField(_("reçue le"), auto_now_add=True)
    updated = models.DateTimeField(_("modifiée le"), auto_now=True)

    DOCUMENT_FIELDS = ("assignment_letter", "id_document", "photo")

    class Meta:
        verbose_name = _("demande d’accréditation")
        verbose_name_plural = _("demandes d’accréditation")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["-created"], name="accreditations_request_created"),
            models.Index(fields=["event", "status"], name="accreditations_request_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=Q(status__in=ACTIVE_STATUSES, anonymised_at__isnull=True),
                name="accreditations_one_active_request_per_email",
                violation_error_message=_(
                    "Une demande est déjà en cours pour cette adresse e-mail et cet événement."
                ),
            ),
            models.CheckConstraint(
                condition=Q(waitlisted_by_staff=False) | Q(status="waitlisted"),
                name="accreditations_request_staff_wait_is_waitlisted",
                violation_error_message=_(
                    "Seule une demande en liste d’attente peut y avoir été placée par le service "
                    "presse."
                ),
            ),
        ]
        permissions = [
            ("review_accreditationrequest", _("Peut statuer sur les demandes d’accréditation")),
            ("download_documents", _("Peut télécharger les documents des demandes")),
        ]

    def __str__(self):
        # Never personal data: this text ends up in the admin history and in logs.
        return str(_("Demande %(reference)s") % {"reference": self.reference})

    def get_absolute_url(self):
        return reverse(
            "accreditations:confirmation",
            kwargs={"slug": self.event.slug, "reference": self.reference},
        )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def waitlisted_on_arrival(self) -> bool:
        """Return True if the request went to the waiting list because the event was full."""
        return self.status == RequestStatus.WAITLISTED and not self.waitlisted_by_staff

    @property
    def can_be_cancelled(self) -> bool:
        """Return True if the journalist may still cancel: an active request, before the event."""
        return (
            self.status in ACTIVE_STATUSES and not self.is_anonymised and not self.event.has_started
        )

    def waiting_list_position(self) -> int | None:
        """Return the request's turn for a freed place (1 is next), if it waits for one.

        Only requests waitlisted because the event was full take turns; one that staff put on
        the list has no turn: it waits for their decision.
        """
        if not self.waitlisted_on_arrival:
            return None
        ahead = self.event.requests.filter(
            status=RequestStatus.WAITLISTED, waitlisted_by_staff=False
        ).filter(Q(created__lt=self.created) | Q(created=self.created, pk__lt=self.pk))
        return ahead.count() + 1

    def documents(self) -> list[tuple[str, models.fields.files.FieldFile]]:
        """Return (field name, file) for each document stored with the request."""
        return [(name, getattr(self, name)) for name in self.DOCUMENT_FIELDS if getattr(self, name)]


class Badge(models.Model):
    """The badge of an approved request: its code, printed as a QR code, opens the door.

    Issued the first time it is needed (the approval e-mail, the journalist's link) and erased
    with the request's personal data. The badge stays when the request changes state: the door
    then shows why it is no longer valid.
    """

    request = models.OneToOneField(
        AccreditationRequest,
        verbose_name=_("demande"),
        on_delete=models.CASCADE,
        related_name="badge",
    )
    # Random; the code on the badge adds a signature of it (accreditations.badges).
    key = models.CharField(_("identifiant"), max_length=8, unique=True, editable=False)
    issued_at = models.DateTimeField(_("émis le"), auto_now_add=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["pk"]

    def __str__(self):
        return str(_("Badge de la demande %(reference)s") % {"reference": self.request.reference})


class CheckIn(models.Model):
    """A journalist let in at the door, by whom and when: one per request."""

    request = models.OneToOneField(
        AccreditationRequest,
        verbose_name=_("demande"),
        on_delete=models.CASCADE,
        related_name="check_in",
    )
    at = models.DateTimeField(_("arrivée le"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistrée par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("arrivée")
        verbose_name_plural = _("arrivées")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["at"], name="accreditations_checkin_at")]
        permissions = [("record_checkin", _("Peut enregistrer les arrivées"))]

    def __str__(self):
        return str(_("Arrivée de la demande %(reference)s") % {"reference": self.request.reference})

    @property
    def by_name(self) -> str:
        """Return the full name of who let the journalist in; empty if unknown."""
        return full_name(self.by, nobody="")
