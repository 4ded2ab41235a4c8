"""The chooser: who may open it, what a search finds, titles escaped, an upload from it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.photos.models import Image
from tests.core.photos.factories import ImageFactory, photo_bytes

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/photos/image/chooser/"


def test_the_chooser_finds_images_by_title_alt_caption_or_credit(admin_client):
    ImageFactory(title="Pont de Jambes", alt="Le pont au couchant", credit="© Ville de Namur")
    ImageFactory(title="Citadelle", alt="Les remparts", caption="Vue depuis la Meuse")
    ImageFactory(title="Marché", alt="Des étals", credit="© Studio Meuse")

    def titles(query):
        page = admin_client.get(CHOOSER, {"q": query}).content.decode()
        return {title for title in ("Pont de Jambes", "Citadelle", "Marché") if title in page}

    assert titles("") == {"Pont de Jambes", "Citadelle", "Marché"}
    assert titles("pont") == {"Pont de Jambes"}
    assert titles("remparts") == {"Citadelle"}
    assert titles("meuse") == {"Citadelle", "Marché"}
    assert titles("meuse studio") == {"Marché"}
    assert titles("zzz") == set()
    assert "Aucune image ne correspond à cette recherche." in admin_client.get(
        CHOOSER, {"q": "zzz"}
    ).content.decode("utf-8")


def test_titles_are_escaped_in_the_chooser(admin_client):
    ImageFactory(title='<img src=x onerror="alert(1)">', credit="<b>Studio</b>")
    page = admin_client.get(CHOOSER).content.decode()
    assert "<img src=x" not in page and "<b>Studio" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "&lt;b&gt;Studio&lt;/b&gt;" in page


def test_only_staff_who_may_see_the_library_open_the_chooser(client, make_staff):
    ImageFactory()
    assert client.get(CHOOSER).status_code == 302  # to the login page

    client.force_login(make_staff("sans-droit"))
    assert client.get(CHOOSER).status_code == 403

    client.force_login(make_staff("lecteur", "view_image"))
    page = client.get(CHOOSER)
    assert page.status_code == 200
    assert "Ajouter une nouvelle image" not in page.content.decode()
    upload = {
        "photo-title": "x",
        "photo-alt": "y",
        "photo-file": SimpleUploadedFile("a.jpg", photo_bytes()),
    }
    assert client.post(CHOOSER + "ajouter/", upload).status_code == 403

    client.force_login(make_staff("redactrice", "view_image", "add_image"))
    assert "Ajouter une nouvelle image" in client.get(CHOOSER).content.decode()


def test_an_image_added_from_the_chooser_is_chosen_at_once(client, make_staff):
    client.force_login(make_staff("redactrice", "view_image", "add_image"))
    response = client.post(
        CHOOSER + "ajouter/",
        {
            "photo-file": SimpleUploadedFile("pont.jpg", photo_bytes(), "image/jpeg"),
            "photo-title": "Le pont",
            "photo-alt": "Le pont vu du quai",
            "photo-credit": "© Ville de Namur",
        },
    )
    assert response.status_code == 200
    image = Image.objects.get()
    assert response.json()["image"]["id"] == image.pk
    assert response.json()["image"]["title"] == "Le pont"
    assert image.uploaded_by.username == "redactrice"


def test_a_bad_upload_in_the_chooser_says_what_to_fix(client, make_staff):
    client.force_login(make_staff("redactrice", "view_image", "add_image"))
    response = client.post(
        CHOOSER + "ajouter/",
        {
            "photo-file": SimpleUploadedFile("pont.jpg", b"pas une image", "image/jpeg"),
            "photo-alt": " ",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Donnez un titre à l’image, pour la retrouver." in page
    assert "Décrivez l’image pour les personnes qui ne la voient pas." in page
    assert not Image.objects.exists()


def test_the_chooser_describes_one_image_for_the_editor_preview(admin_client):
    image = ImageFactory(title="Le pont")
    data = admin_client.get(f"{CHOOSER}{image.pk}/").json()["image"]
    assert data["title"] == "Le pont" and data["thumbnail"].endswith(".jpg")
    assert admin_client.get(f"{CHOOSER}{image.pk + 1}/").status_code == 404
