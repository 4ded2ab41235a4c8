"""The publishing core that news and press releases share.

Public code reads content only through ``Publishable.objects.live()``: a draft, an item in review,
an unpublished item, a scheduled item (published with a future date) or an expired one is never
returned, so none can leak into a page, a feed, the sitemap or search.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    REVIEW = "review", _("En relecture")
    PUBLISHED = "published", _("Publié")
    UNPUBLISHED = "unpublished", _("Dépublié")


class PublishableQuerySet(models.QuerySet):
    def live(self, *, at=None):
        """Return the items the public may see at ``at`` (now by default)."""
        at = at or timezone.now()
        return self.filter(
            Q(expiry_date__isnull=True) | Q(expiry_date__gt=at),
            status=Status.PUBLISHED,
            publication_date__lte=at,
        )


class Publishable(models.Model):
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(
        _("adresse (slug)"),
        max_length=200,
        unique=True,
        help_text=_("Fin de l'adresse de la page : lettres minuscules, chiffres et tirets."),
    )
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    publication_date = models.DateTimeField(
        _("date de publication"),
        null=True,
        blank=True,
        help_text=_(
            "Date affichée et moment de la mise en ligne. Une date future planifie la "
            "publication : le contenu apparaît de lui-même à ce moment."
        ),
    )
    expiry_date = models.DateTimeField(
        _("date d'expiration"),
        null=True,
        blank=True,
        help_text=_("Facultatif : le contenu disparaît du site à ce moment."),
    )
    created = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated = models.DateTimeField(_("modifié le"), auto_now=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-publication_date", "-pk"]
        get_latest_by = "publication_date"
        indexes = [
            models.Index(
                fields=["status", "-publication_date"], name="%(app_label)s_%(class)s_live"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True)
                | Q(publication_date__isnull=True)
                | Q(expiry_date__gt=F("publication_date")),
                name="%(app_label)s_%(class)s_expiry_after_publication",
                violation_error_message=_(
                    "La date d'expiration doit être postérieure à la date de publication."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(publication_date__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
                violation_error_message=_("Un contenu publié doit avoir une date de publication."),
            ),
        ]

    def __str__(self):
        return self.title

    def is_live(self, *, at=None) -> bool:
        """Return True if the public may see this item at ``at`` (now by default)."""
        at = at or timezone.now()
        return (
            self.status == Status.PUBLISHED
            and self.publication_date is not None
            and self.publication_date <= at
            and (self.expiry_date is None or self.expiry_date > at)
        )

    @property
    def is_scheduled(self) -> bool:
        """Return True if the item is published with a publication time still to come."""
        return (
            self.status == Status.PUBLISHED
            and self.publication_date is not None
            and self.publication_date > timezone.now()
        )
