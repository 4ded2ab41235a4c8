"""Lead images move into the photo library: one library image per distinct file.

Each article with an image points at the library image of its file, which takes the article's
alternative text, caption and credit (the first article's, when several share a file). The file
stays where it is, with its renditions; the card crops around the (centred) focal point are
written. Backwards, the articles take their image's file and texts again; the library keeps its
images.
"""

import logging

import django.db.models.deletion
from django.db import migrations, models

import core.search.search
from core.files.storage import STORE_ERRORS

logger = logging.getLogger(__name__)


def _write_crops(image) -> None:
    from core.photos import crops

    try:
        crops.write_crops(image.file.storage, image.file.name, (image.focal_x, image.focal_y))
    except (*STORE_ERRORS, OSError) as error:
        # A missing or unreadable original: its cards show nothing until it is uploaded again.
        logger.warning("No card crops for library image %s: %s", image.pk, type(error).__name__)


def _check_now(schema_editor) -> None:
    # PostgreSQL refuses to alter a table while checks of rows written in this transaction are
    # deferred: run them before the schema changes that follow.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def into_the_library(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    Image = apps.get_model("photos", "Image")
    by_file = {}
    articles = Article.objects.exclude(image="").order_by("pk")
    for article in articles.iterator():
        name = article.image.name
        image = by_file.get(name)
        if image is None:
            stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            image = Image(
                title=(article.image_caption or article.title or stem)[:200],
                alt=(article.image_alt or article.title or stem)[:250],
                caption=article.image_caption,
                credit=article.image_credit,
                width=article.image_width,
                height=article.image_height,
            )
            # Sizes first: the file is then taken as stored, neither read nor encoded again.
            image.file = name
            image.save()
            by_file[name] = image
            _write_crops(image)
        article.lead_image_id = image.pk
        article.save(update_fields=["lead_image"])
    _check_now(schema_editor)


def out_of_the_library(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    for article in Article.objects.exclude(lead_image=None).select_related("lead_image"):
        image = article.lead_image
        # Sizes first: the file is then taken as stored, not read to be measured.
        article.image_width = image.width
        article.image_height = image.height
        article.image = image.file.name
        article.image_alt = image.alt
        article.image_caption = image.caption
        article.image_credit = image.credit
        article.save(
            update_fields=[
                "image",
                "image_width",
                "image_height",
                "image_alt",
                "image_caption",
                "image_credit",
            ]
        )
    _check_now(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0008_slug_old_address_redirects"),
        ("photos", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="lead_image",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="photos.image",
            ),
        ),
        # Backwards, the old fields must be back (as they were) before the texts return.
        migrations.RunPython(into_the_library, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="article", name="news_article_image_has_alt"),
        migrations.RunPython(migrations.RunPython.noop, out_of_the_library),
        migrations.RemoveField(model_name="article", name="image_alt"),
        migrations.RemoveField(model_name="article", name="image_caption"),
        migrations.RemoveField(model_name="article", name="image_credit"),
        migrations.RemoveField(model_name="article", name="image_height"),
        migrations.RemoveField(model_name="article", name="image_width"),
        migrations.RemoveField(model_name="article", name="image"),
        migrations.RenameField(model_name="article", old_name="lead_image", new_name="image"),
        migrations.AlterField(
            model_name="article",
            name="image",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "Une image de la photothèque : son texte alternatif, sa légende et son "
                    "crédit l’accompagnent partout où elle paraît."
                ),
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="photos.image",
                verbose_name="image principale",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="search_document",
            field=core.search.search.SearchDocumentField(
                sources=(
                    ("title",),
                    ("lead",),
                    ("image__caption", "image__credit", "body", "tags__name"),
                )
            ),
        ),
    ]
