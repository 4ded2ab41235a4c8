from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import ResponsiveImageField
from core.files import uploads
from core.photos import crops

_FRACTION = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Image(models.Model):
    """An image of the library, with the texts that go with it wherever it is shown."""

    file = ResponsiveImageField(
        _("fichier"),
        rule=uploads.NEWS_IMAGE,
        upload_to="photos/%Y/%m/",
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG, WebP ou GIF, 10 Mo et 40 millions de pixels au plus."),
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    title = models.CharField(
        _("titre"),
        max_length=200,
        help_text=_("Pour retrouver l’image dans la photothèque ; le public ne le voit pas."),
    )
    alt = models.CharField(
        _("texte alternatif"),
        max_length=250,
        help_text=_(
            "Ce que montre l’image, pour les personnes qui ne la voient pas, en une phrase."
        ),
    )
    caption = models.CharField(
        _("légende"),
        max_length=250,
        blank=True,
        help_text=_("Facultatif : affichée sous l’image, 250 caractères au plus."),
    )
    credit = models.CharField(
        _("crédit photo"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple : © Ville de Namur"),
    )
    licence = models.CharField(
        _("licence"),
        max_length=120,
        blank=True,
        help_text=_("Les droits d’usage : « Tous droits réservés », « CC BY 4.0 »…"),
    )
    focal_x = models.FloatField(
        _("point d’intérêt (horizontal)"),
        default=0.5,
        validators=_FRACTION,
        help_text=_("De 0 (bord gauche) à 1 (bord droit)."),
    )
    focal_y = models.FloatField(
        _("point d’intérêt (vertical)"),
        default=0.5,
        validators=_FRACTION,
        help_text=_("De 0 (haut) à 1 (bas)."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ajoutée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)
    updated = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        indexes = [models.Index(fields=["-uploaded_at"], name="photos_image_uploaded")]
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="photos_image_focal_inside",
                violation_error_message=_("Le point d’intérêt doit être sur l’image."),
            ),
            models.CheckConstraint(
                condition=~Q(alt=""),
                name="photos_image_has_alt",
                violation_error_message=_("Décrivez l’image dans le texte alternatif."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def focal(self) -> tuple[float, float]:
        return (self.focal_x, self.focal_y)

    @property
    def renditions(self) -> list[tuple[int, str, str]]:
        """Return (width, WebP URL, JPEG URL) at the image's own ratio."""
        return self.file.renditions

    @property
    def url(self) -> str:
        return self.file.url

    @property
    def dimensions(self) -> tuple[int | None, int | None]:
        return (self.width, self.height)

    @property
    def card_renditions(self) -> list[tuple[int, str, str]]:
        """Return (width, WebP URL, JPEG URL) of the 16:10 crops around the focal point."""
        if not self.file or not self.width or not self.height:
            return []
        storage = self.file.storage
        return [
            (
                w,
                storage.url(crops.crop_name(self.file.name, self.focal, w, "webp")),
                storage.url(crops.crop_name(self.file.name, self.focal, w, "jpg")),
            )
            for w in crops.crop_widths(self.width, self.height)
        ]

    @property
    def card_dimensions(self) -> tuple[int, int]:
        widths = crops.crop_widths(self.width, self.height)
        largest = widths[-1]
        return largest, round(largest * crops.CARD_RATIO[1] / crops.CARD_RATIO[0])

    @property
    def credit_line(self) -> str:
        """Return what the figure's caption shows: « légende — crédit »."""
        return " — ".join(part for part in (self.caption, self.credit) if part)
