"""Existing lead images move into the photo library, one library image per file, and back."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.files import images
from core.photos import crops
from tests.news.factories import jpeg_bytes

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("news", "0008_slug_old_address_redirects"), ("photos", "0001_initial")]
AFTER = [("news", "0009_lead_image_from_the_library")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def every_migration_applied_after():
    """Leave the database with every migration, as the tests after this one expect it."""
    yield
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


def test_lead_images_move_into_the_library_and_back():
    old = migrate(BEFORE)
    Topic = old.get_model("news", "Topic")
    Article = old.get_model("news", "Article")
    topic = Topic.objects.create(name="Mobilité", slug="mobilite")
    name = default_storage.save("actualites/2026/03/pont.jpg", ContentFile(jpeg_bytes(1600, 1000)))
    images.write_renditions(default_storage, name)
    common = {"topic": topic, "lead": "Chapô", "body": "<p>Texte</p>", "updated": timezone.now()}
    shared = {
        "image": name,
        "image_width": 1600,
        "image_height": 1000,
        "image_caption": "Le pont rouvert",
        "image_credit": "© Ville de Namur",
    }
    first = Article.objects.create(
        title="Le pont", slug="le-pont", image_alt="Le pont vu du quai", **shared, **common
    )
    second = Article.objects.create(
        title="Le pont, suite", slug="le-pont-suite", image_alt="Le même pont", **shared, **common
    )
    bare = Article.objects.create(title="Sans image", slug="sans-image", **common)

    new = migrate(AFTER)

    Image = new.get_model("photos", "Image")
    Article = new.get_model("news", "Article")
    image = Image.objects.get()  # one library image for the one file
    assert image.file.name == name  # the file stays where it is, neither read nor re-encoded
    assert (image.width, image.height) == (1600, 1000)
    assert (image.alt, image.caption, image.credit) == (
        "Le pont vu du quai",
        "Le pont rouvert",
        "© Ville de Namur",
    )
    assert image.title == "Le pont rouvert"
    assert set(Article.objects.filter(image=image).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert Article.objects.get(pk=bare.pk).image_id is None
    # The cards' crops around the (centred) focal point are there.
    assert default_storage.exists(crops.crop_name(name, (0.5, 0.5), 800, "webp"))

    old = migrate(BEFORE)

    Article = old.get_model("news", "Article")
    back = Article.objects.get(pk=second.pk)
    assert back.image.name == name
    assert (back.image_width, back.image_height) == (1600, 1000)
    # The library's texts: the first article's alternative text, now shared.
    assert (back.image_alt, back.image_caption, back.image_credit) == (
        "Le pont vu du quai",
        "Le pont rouvert",
        "© Ville de Namur",
    )
    assert Article.objects.get(pk=bare.pk).image.name == ""
