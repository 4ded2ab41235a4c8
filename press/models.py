"""Press releases, the press-office contacts they show, their attachments and corrections."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.template.defaultfilters import filesizeformat
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from core.fields import SanitizedHTMLField
from core.files import uploads
from core.models import (
    KeepsLoadedValues,
    Publishable,
    PublishableQuerySet,
    Status,
    desk_order_index,
)
from core.phones import PhoneNumberField, format_phone
from core.search.search import Searchable, SearchDocumentField
from press.fields import AttachmentField

RESERVED_ADDRESS = _(
    "Cette adresse est réservée à une page de l’espace presse : choisissez-en une autre."
)


class PressContactQuerySet(models.QuerySet):
    def public(self):
        """Return the contacts the public may see: the press office and those on live releases."""
        return self.filter(
            Q(press_office=True)
            | Q(
                pk__in=ReleaseContact.objects.filter(
                    release__in=PressRelease.objects.live()
                ).values("contact")
            )
        )


class PressContact(KeepsLoadedValues):
    """A person journalists can call; one contact serves every release that shows it."""

    first_name = models.CharField(_("prénom"), max_length=80)
    last_name = models.CharField(_("nom"), max_length=80)
    slug = models.SlugField(
        _("adresse (slug)"),
        max_length=160,
        unique=True,
        help_text=_("Nom du fichier vCard téléchargé : lettres minuscules, chiffres et tirets."),
    )
    job_title = models.CharField(
        _("fonction"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple : Attachée de presse"),
    )
    organisation = models.CharField(
        _("service ou organisation"),
        max_length=150,
        blank=True,
        help_text=_("Par exemple : Service presse de la Ville de Namur"),
    )
    email = models.EmailField(
        _("adresse e-mail"), help_text=_("Publiée sur les communiqués et dans la vCard.")
    )
    phone = PhoneNumberField(
        _("téléphone"),
        blank=True,
        help_text=_(
            "Avec l’indicatif du pays (+32 81 24 60 00) ou en format belge (081 24 60 00)."
        ),
    )
    press_office = models.BooleanField(
        _("service presse"),
        default=False,
        help_text=_("Affiché dans l’espace presse, même sans communiqué publié."),
    )

    objects = PressContactQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("contact presse")
        verbose_name_plural = _("contacts presse")

    def __str__(self):
        if self.organisation:
            return f"{self.full_name} ({self.organisation})"
        return self.full_name

    def get_absolute_url(self):
        return reverse("press:contact-vcard", kwargs={"slug": self.slug})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)


class TaggedPressRelease(TaggedItemBase):
    """Tag of a press release, with a real foreign key so tag pages join, not go generic."""

    content_object = models.ForeignKey("PressRelease", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("mot-clé de communiqué")
        verbose_name_plural = _("mots-clés de communiqués")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="press_unique_release_tag"
            )
        ]


class PressReleaseQuerySet(PublishableQuerySet):
    def live_cards(self):
        """Return the live releases with what a card shows (their topic), in one query; the
        columns no card or feed shows (the texts, the search columns) stay in the database."""
        return (
            self.live()
            .select_related("topic")
            .defer("body", "quote_text", "editors_notes", *self.model.search_columns)
        )


class PressRelease(Searchable, Publishable):
    objects = PressReleaseQuerySet.as_manager()
    search_slug = "communiques"
    search_label = _("Communiqués de presse")
    search_order = 2
    planning_fields = ("embargo_until",)
    # How the desk's calendar (core.publishing.desk) names each planning date.
    planning_labels = {"embargo_until": _("Fin de l’embargo")}
    place = models.CharField(
        _("lieu"),
        max_length=80,
        default="Namur",
        help_text=_("Première partie de la ligne de date : « Namur, le 28 octobre 2021 »."),
    )
    lead = models.CharField(
        _("chapô"),
        max_length=400,
        help_text=_(
            "L’essentiel en texte simple, 400 caractères au plus : affiché sous le titre, dans "
            "les listes, les flux et par les moteurs de recherche."
        ),
    )
    body = SanitizedHTMLField(
        _("texte"),
        help_text=_(
            "Le texte du communiqué. La barre d’outils offre ce que le site sait afficher : "
            "intertitres (niveaux 2 à 4), gras, italique, liens, listes et citations ; toute "
            "autre mise en forme collée ici est retirée à l’enregistrement."
        ),
    )
    image = models.ForeignKey(
        "photos.Image",
        verbose_name=_("image principale"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="press_releases",
        help_text=_(
            "Facultatif : une image de la photothèque, montrée sous le chapô, avec sa légende "
            "et son crédit, sur la page et dans l’e-mail du communiqué."
        ),
    )
    quote_text = models.TextField(
        _("citation"),
        blank=True,
        help_text=_("Facultatif : la déclaration mise en avant, sans guillemets."),
    )
    quote_speaker = models.CharField(
        _("auteur de la citation"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple : Julien Dumonceau"),
    )
    quote_role = models.CharField(
        _("qualité de l’auteur"),
        max_length=150,
        blank=True,
        help_text=_("Par exemple : bourgmestre de Namur"),
    )
    editors_notes = SanitizedHTMLField(
        _("notes aux rédactions"),
        blank=True,
        help_text=_(
            "Informations pratiques pour les journalistes (horaires, accès, interviews), non "
            "destinées à être reprises telles quelles. Même barre d’outils que le texte."
        ),
    )
    number = models.CharField(
        _("numéro"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Attribué à la première publication, par exemple CP-2026-042."),
    )
    topic = models.ForeignKey(
        "news.Topic",
        verbose_name=_("thème"),
        on_delete=models.PROTECT,
        related_name="press_releases",
        help_text=_("La rubrique à laquelle le communiqué se rattache ; un seul thème."),
    )
    tags = TaggableManager(
        _("mots-clés"),
        through=TaggedPressRelease,
        blank=True,
        help_text=_("Mots-clés libres qui regroupent les communiqués d’un même sujet."),
    )
    contacts = models.ManyToManyField(
        PressContact,
        verbose_name=_("contacts"),
        through="ReleaseContact",
        related_name="releases",
        blank=True,
        help_text=_("Les personnes que les journalistes peuvent appeler, dans l’ordre choisi."),
    )
    embargo_until = models.DateTimeField(
        _("sous embargo jusqu’au"),
        null=True,
        blank=True,
        help_text=_(
            "Facultatif : le communiqué reste invisible au public jusqu’à ce moment (il est "
            "publié au plus tôt à cette date), mais les journalistes de confiance de la liste "
            "de presse le reçoivent dès sa publication, avec un lien personnel."
        ),
    )
    event = models.ForeignKey(
        "accreditations.Event",
        verbose_name=_("événement (accréditation)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_releases",
        help_text=_(
            "Facultatif : le communiqué affiche alors l’encadré « Accréditation presse "
            "obligatoire » avec l’état des demandes et le lien vers le formulaire."
        ),
    )

    # Every text of the release's page: number and title, lead, then the rest in page order.
    search_document = SearchDocumentField(
        sources=(
            ("number", "title"),
            ("lead",),
            (
                "place",
                "corrections__text",
                "quote_text",
                "quote_speaker+quote_role",
                "body",
                "editors_notes",
                "attachments__title",
                "release_contacts__contact__first_name+last_name+job_title+organisation",
                "tags__name",
            ),
        )
    )

    class Meta(Publishable.Meta):
        verbose_name = _("communiqué de presse")
        verbose_name_plural = _("communiqués de presse")
        permissions = [("publish_pressrelease", _("Peut publier, planifier et dépublier"))]
        indexes = [
            *Publishable.Meta.indexes,
            # The change list's order, its date drill and its embargo filter (admin_scale).
            desk_order_index("press_pressrelease_desk"),
            models.Index(fields=["publication_date"], name="press_pressrelease_date"),
            # The next expiry to come (core.caching.cache.next_scheduled_change), per change.
            models.Index(
                fields=["expiry_date"],
                condition=Q(expiry_date__isnull=False),
                name="press_pressrelease_expiry",
            ),
            models.Index(
                fields=["embargo_until"],
                condition=Q(embargo_until__isnull=False),
                name="press_pressrelease_embargo",
            ),
        ]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(number__isnull=False),
                name="press_pressrelease_published_has_number",
                violation_error_message=_("Un communiqué publié doit avoir un numéro."),
            ),
            models.CheckConstraint(
                condition=Q(quote_text="") | ~Q(quote_speaker=""),
                name="press_pressrelease_quote_has_speaker",
                violation_error_message=_("Indiquez l’auteur de la citation."),
            ),
            models.CheckConstraint(
                condition=Q(embargo_until__isnull=True)
                | Q(publication_date__isnull=True)
                | Q(publication_date__gte=F("embargo_until")),
                name="press_pressrelease_public_after_embargo",
                violation_error_message=_(
                    "La date de publication d’un communiqué sous embargo ne peut précéder la fin "
                    "de l’embargo."
                ),
            ),
        ]

    def get_absolute_url(self):
        return reverse("press:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        # An address under /presse/ that another page answers (press/urls.py) is not a release's.
        if self.slug and resolve(self.get_absolute_url()).view_name != "press:detail":
            raise ValidationError({"slug": RESERVED_ADDRESS})

    def is_under_embargo(self, *, at=None) -> bool:
        """Return True if the embargo has not ended at ``at`` (now by default)."""
        return self.embargo_until is not None and self.embargo_until > (at or timezone.now())

    def accreditation_event(self):
        """Return the release's event with its live counts, read now: the box is never stale.

        The page and the press list's e-mail both show the « Accréditation presse
        obligatoire » box from it.
        """
        if self.event_id is None:
            return None
        events = self._meta.get_field("event").related_model.objects
        return events.with_counts().filter(pk=self.event_id).first()


class ReleaseNumberCounter(models.Model):
    """The last release number given in a year: one row per year, locked while numbering."""

    year = models.PositiveSmallIntegerField(_("année"), primary_key=True)
    last = models.PositiveIntegerField(_("dernier numéro attribué"), default=0)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("compteur de numéros de communiqués")
        verbose_name_plural = _("compteurs de numéros de communiqués")

    def __str__(self):
        return f"{self.year} : {self.last}"


class ReleaseContact(models.Model):
    """A contact shown on a release, in the order the editor chose."""

    release = models.ForeignKey(
        PressRelease,
        verbose_name=_("communiqué"),
        on_delete=models.CASCADE,
        related_name="release_contacts",
    )
    contact = models.ForeignKey(
        PressContact,
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        related_name="release_contacts",
    )
    position = models.PositiveSmallIntegerField(
        _("ordre"), default=0, help_text=_("Les plus petits nombres viennent en premier.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("contact du communiqué")
        verbose_name_plural = _("contacts du communiqué")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "contact"], name="press_unique_release_contact"
            )
        ]

    def __str__(self):
        return str(self.contact)


def attachment_path(instance, filename: str) -> str:
    """Keep the name journalists see, in a folder nobody can guess before publication."""
    return f"presse/{secrets.token_hex(8)}/{filename}"


class AttachmentType(models.TextChoices):
    PDF = uploads.PDF, _("PDF")
    JPEG = uploads.JPEG, _("image JPEG")


class Attachment(models.Model):
    release = models.ForeignKey(
        PressRelease,
        verbose_name=_("communiqué"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(
        _("titre"), max_length=200, help_text=_("Par exemple : Dossier de presse (PDF)")
    )
    file = AttachmentField(
        _("fichier"),
        upload_to=attachment_path,
        max_length=255,
        help_text=_(
            "PDF (20 Mo au plus) ou image JPEG, PNG, WebP ou GIF (10 Mo au plus). Les images "
            "sont réenregistrées en JPEG, sans leurs métadonnées (position GPS…)."
        ),
    )
    media_type = models.CharField(
        _("type"), max_length=40, choices=AttachmentType.choices, editable=False
    )
    size = models.PositiveBigIntegerField(_("taille (octets)"), editable=False)
    position = models.PositiveSmallIntegerField(
        _("ordre"), default=0, help_text=_("Les plus petits nombres viennent en premier.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self):
        return self.title

    @property
    def size_display(self) -> str:
        return filesizeformat(self.size)


class CorrectionNote(models.Model):
    """A public note on what changed in a published release."""

    release = models.ForeignKey(
        PressRelease,
        verbose_name=_("communiqué"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("Le jour de la modification, affiché « Mis à jour le … »."),
    )
    text = models.TextField(
        _("ce qui a changé"),
        help_text=_("Une phrase publiée sous le communiqué, par exemple : l’horaire est corrigé."),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("note de mise à jour")
        verbose_name_plural = _("notes de mise à jour")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} : {self.text[:60]}"
