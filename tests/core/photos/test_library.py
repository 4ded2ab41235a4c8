"""The library's images: focal-point crops, the change form, and no deletion of an image in use."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from core.photos import crops, services
from core.photos.models import Image
from tests.core.photos.factories import ImageFactory, photo_bytes
from tests.news.factories import ArticleFactory
from tests.press.factories import PressReleaseFactory


@pytest.mark.parametrize(
    ("size", "focal", "box"),
    [
        # Already at 16:10: the whole image, wherever the point.
        ((1600, 1000), (0.9, 0.1), (0, 0, 1600, 1000)),
        # Wider: a full-height slice centred on the point…
        ((2000, 1000), (0.5, 0.5), (200, 0, 1800, 1000)),
        ((2000, 1000), (0.25, 0.5), (0, 0, 1600, 1000)),
        ((2000, 1000), (0.6, 0.5), (400, 0, 2000, 1000)),
        ((3000, 1000), (0.5, 0.5), (700, 0, 2300, 1000)),
        # …pushed back inside at the edges.
        ((2000, 1000), (0.0, 0.5), (0, 0, 1600, 1000)),
        ((2000, 1000), (1.0, 0.5), (400, 0, 2000, 1000)),
        # Taller: a full-width slice.
        ((1000, 2000), (0.5, 0.1), (0, 0, 1000, 625)),
        ((1000, 2000), (0.5, 0.6), (0, 888, 1000, 1513)),
        ((1000, 2000), (0.5, 1.0), (0, 1375, 1000, 2000)),
    ],
)
def test_the_card_crop_keeps_the_focal_point(size, focal, box):
    left, top, right, bottom = crops.crop_box(*size, ratio=(16, 10), focal=focal)
    assert (left, top, right, bottom) == box
    assert (right - left) * 10 == (bottom - top) * 16


@pytest.mark.django_db
def test_a_face_near_the_edge_stays_on_the_card(settings):
    # A wide photo with a red "face" near its right edge; a centred 16:10 crop would lose it.
    image = ImageFactory(
        file=SimpleUploadedFile("large.jpg", photo_bytes(3000, 1000, spot=(0.92, 0.5)))
    )
    storage = image.file.storage

    def red_on_card():
        _w, _webp, jpeg = image.card_renditions[-1]
        name = crops.crop_name(image.file.name, image.focal, _w, "jpg")
        assert jpeg.endswith(name.rsplit("/", 1)[1])
        with storage.open(name, "rb") as card:
            picture = PILImage.open(card).convert("RGB")
        pixels = [picture.getpixel((x, picture.height // 2)) for x in range(picture.width)]
        return any(r > 200 and g < 80 and b < 80 for r, g, b in pixels)

    assert not red_on_card()
    old_names = set(crops.stored_crops(storage, image.file.name))

    services.set_focal_point(image=image, x=0.92, y=0.5)

    assert red_on_card()
    new_names = set(crops.stored_crops(storage, image.file.name))
    # New names, so that no cache keeps the old crop, and the old crops are gone.
    assert new_names and not (new_names & old_names)
    assert all(storage.exists(name) for name in new_names)


@pytest.mark.django_db
def test_the_change_form_stores_an_upload_and_its_focal_point(admin_client, admin_user):
    response = admin_client.post(
        "/admin/photos/image/add/",
        {
            "file": SimpleUploadedFile("photo.png", photo_bytes(), "image/png"),
            "title": "Conseil communal",
            "alt": "Les conseillers en séance",
            "caption": "",
            "credit": "© Ville de Namur",
            "licence": "Tous droits réservés",
            "focal_x": "0.25",
            "focal_y": "0.75",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    image = Image.objects.get()
    assert image.file.name.endswith(".jpg")  # re-encoded
    assert image.uploaded_by == admin_user
    assert image.focal == (0.25, 0.75)
    assert crops.focal_tag(image.focal) in image.card_renditions[0][2]

    page = admin_client.get(f"/admin/photos/image/{image.pk}/change/").content.decode()
    assert 'class="focal-picker"' in page
    assert "photos/focal-point.js" in page
    assert "Nulle part pour l’instant." in page


@pytest.mark.django_db
@pytest.mark.parametrize("focal", [("1.5", "0.5"), ("0.5", "-0.1")])
def test_a_focal_point_off_the_image_is_refused(admin_client, focal):
    image = ImageFactory()
    response = admin_client.post(
        f"/admin/photos/image/{image.pk}/change/",
        {
            "title": image.title,
            "alt": image.alt,
            "caption": "",
            "credit": "",
            "licence": "",
            "focal_x": focal[0],
            "focal_y": focal[1],
        },
    )
    assert response.status_code == 200
    image.refresh_from_db()
    assert image.focal == (0.5, 0.5)


@pytest.mark.django_db
def test_an_image_in_use_cannot_be_deleted_and_the_page_says_where(admin_client):
    lead = ImageFactory(title="Le pont")
    embedded = ImageFactory(title="La citadelle")
    release = PressReleaseFactory(title="Le pont ouvre", image=lead)
    article = ArticleFactory(
        title="Visite <b>guidée</b>",
        body=f'<p>Voici.</p><figure data-image="{embedded.pk}"></figure>',
    )

    for image, item, where in ((lead, release, "image principale"), (embedded, article, "texte")):
        url = f"/admin/photos/image/{image.pk}/delete/"
        page = admin_client.get(url).content.decode()
        assert "Impossible de supprimer" in page or "nécessiterait" in page
        assert f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/change/" in page
        assert f"({where})" in page
        admin_client.post(url, {"post": "yes"})
        assert Image.objects.filter(pk=image.pk).exists()
    # The title an editor typed is escaped on the delete page.
    page = admin_client.get(f"/admin/photos/image/{embedded.pk}/delete/").content.decode()
    assert "Visite &lt;b&gt;guidée&lt;/b&gt;" in page

    # The change form lists the same places.
    page = admin_client.get(f"/admin/photos/image/{lead.pk}/change/").content.decode()
    assert "Communiqué de presse « Le pont ouvre » (image principale)" in page


@pytest.mark.django_db
def test_an_unused_image_is_deleted(admin_client):
    image = ImageFactory()
    admin_client.post(f"/admin/photos/image/{image.pk}/delete/", {"post": "yes"})
    assert not Image.objects.filter(pk=image.pk).exists()
