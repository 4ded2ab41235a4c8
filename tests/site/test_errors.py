"""Error pages: in the layout, in French, never a traceback."""

from unittest import mock

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from core.legal_pages import legal_pages

pytestmark = pytest.mark.django_db


def assert_french_error_page(response, status, heading):
    html = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in html
    assert '<main id="contenu"' in html
    assert "Aller au contenu" in html
    assert "Traceback" not in html
    assert "Content-Security-Policy" in response.headers


def test_missing_page_gets_the_french_404(client):
    response = client.get("/cette-page-n-existe-pas/")

    assert_french_error_page(response, 404, "Page introuvable")


def test_unknown_host_gets_the_french_400(client):
    response = client.get("/", headers={"host": "pirate.example"})

    assert_french_error_page(response, 400, "Requête incorrecte")


def test_missing_csrf_token_gets_a_french_explanation():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/admin/login/", {"username": "a", "password": "b"})

    assert_french_error_page(response, 403, "Le formulaire n’a pas pu être vérifié")
    assert "rechargez-la" in response.content.decode()


def test_permission_denied_gets_the_french_403(rf):
    from core.views import permission_denied

    response = permission_denied(rf.get("/"))

    assert response.status_code == 403
    assert "<h1>Accès refusé</h1>" in response.content.decode()


def test_rate_limit_gets_the_french_429_with_retry_after(rf):
    from core.views import too_many_requests

    response = too_many_requests(rf.get("/"), retry_after=120)

    assert response.status_code == 429
    assert response["Retry-After"] == "120"
    html = response.content.decode()
    assert "<h1>Trop de demandes</h1>" in html
    assert "Réessayez dans 2 minutes." in html


@pytest.mark.urls("tests.testapp.urls")
def test_crash_gets_the_french_500_without_traceback():
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    assert_french_error_page(response, 500, "Une erreur est survenue")
    assert "boom" not in response.content.decode()


@pytest.mark.urls("tests.testapp.urls")
def test_500_page_still_renders_when_the_database_is_what_failed():
    client = Client(raise_request_exception=False)

    with (
        mock.patch("core.views.legal_pages", side_effect=DatabaseError("database down")),
        mock.patch("namur_site.context_processors.legal_pages", side_effect=DatabaseError),
    ):
        response = client.get("/broken/")

    assert_french_error_page(response, 500, "Une erreur est survenue")


@pytest.mark.urls("tests.testapp.urls")
def test_database_failure_gets_the_french_503_without_asking_the_database(
    django_assert_num_queries,
):
    page = FlatPage.objects.create(url="/mentions-legales/", title="Mentions légales")
    page.sites.add(Site.objects.get_current())
    legal_pages()  # as any page would have left them in the cache
    client = Client(raise_request_exception=False)

    with django_assert_num_queries(0):
        response = client.get("/database-down/")

    assert_french_error_page(response, 503, "Service momentanément indisponible")
    html = response.content.decode()
    assert response["Retry-After"] == "120"
    assert "10.0.0.5" not in html
    assert ">Mentions légales</a></li>" in html  # the footer, from the cache


@pytest.mark.urls("tests.testapp.urls")
def test_an_error_raised_while_handling_a_database_error_gets_the_503_too():
    client = Client(raise_request_exception=False)

    response = client.get("/after-database-error/")

    assert_french_error_page(response, 503, "Service momentanément indisponible")


def test_a_form_post_over_the_upload_limit_answers_the_french_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = client.post(reverse("press:presslist:subscribe"), {"name": "x" * 2000})

    assert response.status_code == 413
    html = response.content.decode()
    assert "<h1>Envoi trop volumineux</h1>" in html
    assert '<main id="contenu"' in html
