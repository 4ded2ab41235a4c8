from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from core.fields import SanitizedHTMLField
from core.models import Publishable, PublishableQuerySet, desk_order_index
from core.search.search import Searchable, SearchDocumentField


class Topic(models.Model):
    name = models.CharField(
        _("nom"), max_length=80, unique=True, help_text=_("80 caractères au plus, unique.")
    )
    slug = models.SlugField(
        _("adresse (slug)"),
        max_length=80,
        unique=True,
        help_text=_(
            "Fin de l’adresse de la page du thème : lettres minuscules, chiffres et tirets."
        ),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Une ou deux phrases affichées en tête de la page du thème."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:topic", kwargs={"slug": self.slug})


class TaggedArticle(TaggedItemBase):
    """Tag of an article, with a real foreign key so tag pages join instead of going generic."""

    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("mot-clé d’actualité")
        verbose_name_plural = _("mots-clés d’actualités")
        # Tag pages: the tag's articles read from the index alone.
        indexes = [models.Index(fields=["tag", "content_object"], name="news_tagged_tag_article")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="news_unique_article_tag"
            )
        ]


class ArticleQuerySet(PublishableQuerySet):
    def live_cards(self):
        """Return the live articles with what a card shows (their topic, their image), in one
        query; the columns no card or feed shows (the text, the search columns) stay in the
        database."""
        return (
            self.live().select_related("topic", "image").defer("body", *self.model.search_columns)
        )


class Article(Searchable, Publishable):
    objects = ArticleQuerySet.as_manager()
    search_slug = "actualites"
    search_label = _("Actualités")
    search_order = 1
    lead = models.CharField(
        _("chapô"),
        max_length=300,
        help_text=_(
            "Résumé en texte simple, 300 caractères au plus : affiché sous le titre, dans les "
            "listes et par les moteurs de recherche."
        ),
    )
    body = SanitizedHTMLField(
        _("texte"),
        help_text=_(
            "Le texte de l’article. La barre d’outils offre ce que le site sait afficher : "
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
        related_name="articles",
        help_text=_(
            "Une image de la photothèque : son texte alternatif, sa légende et son crédit "
            "l’accompagnent partout où elle paraît."
        ),
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("thème"),
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("La rubrique du site où l’actualité apparaît ; un seul thème par actualité."),
    )
    tags = TaggableManager(
        _("mots-clés"),
        through=TaggedArticle,
        blank=True,
        help_text=_("Mots-clés libres qui regroupent les actualités d’un même sujet."),
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("actualités liées"),
        symmetrical=False,
        blank=True,
        help_text=_("Affichées sous l’article, si elles sont publiées."),
    )
    featured = models.BooleanField(
        _("à la une"), default=False, help_text=_("Mise en avant sur la page d’accueil.")
    )

    # Every text of the article's page: title, lead, then the rest in page order.
    search_document = SearchDocumentField(
        sources=(("title",), ("lead",), ("image__caption", "image__credit", "body", "tags__name"))
    )

    class Meta(Publishable.Meta):
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        permissions = [("publish_article", _("Peut publier, planifier et dépublier"))]
        indexes = [
            # Publishable's index, covering on PostgreSQL: the page count and the sidebar read
            # every live row, from the index alone rather than from the table.
            models.Index(
                fields=["status", "-publication_date"],
                include=["expiry_date", "topic"],
                name="news_article_live",
            ),
            # Topic pages and feeds: one topic's live articles, newest first.
            models.Index(
                fields=["topic", "status", "-publication_date"],
                include=["expiry_date"],
                name="news_article_topic_live",
            ),
            # The change list's order and its date drill (core.publishing.admin_scale).
            desk_order_index("news_article_desk"),
            # « À la une » is one article in forty: its list would walk forty index entries a row.
            desk_order_index("news_article_desk_featured", condition=Q(featured=True)),
            models.Index(fields=["publication_date"], name="news_article_date"),
            # The next expiry to come (core.caching.cache.next_scheduled_change), per change.
            models.Index(
                fields=["expiry_date"],
                condition=Q(expiry_date__isnull=False),
                name="news_article_expiry",
            ),
        ]
        constraints = [*Publishable.Meta.constraints]

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})
