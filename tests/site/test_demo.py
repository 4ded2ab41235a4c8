"""The demo content command and the demo administrator account."""

import io
import logging
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.management import CommandError, call_command

from core.publishing import workflow
from namur_site import demo as site_demo
from namur_site.auth import DEMO_ACCOUNTS
from news.models import Article
from press.models import PressRelease

pytestmark = pytest.mark.django_db

READS = ("SELECT", "SAVEPOINT", "RELEASE SAVEPOINT")


def run(command):
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def snapshot():
    return list(FlatPage.objects.order_by("url").values("url", "title", "content"))


def test_site_demo_twice_changes_nothing():
    site_demo.load()
    first = snapshot()

    site_demo.load()

    assert snapshot() == first
    assert [page["url"] for page in first] == [
        "/accessibilite/",
        "/mentions-legales/",
        "/vie-privee/",
    ]


def test_load_demo_reports_each_app_and_names_the_site():
    output = run("load_demo")

    assert "Site de la Ville de Namur : 3 pages légales (ajouts : 3)" in output
    assert "Actualités : 38 actualités, 7 thèmes, 15 mots-clés (ajouts : 38)" in output
    # The events come before the releases that go with them, and count as the accreditations'.
    accreditations = "Accréditations : 5 événements, 17 demandes d’accréditation (ajouts : 22)"
    press = "Presse : 6 communiqués, 4 contacts (ajouts : 10)"
    assert output.index(accreditations) < output.index(press)
    assert PressRelease.objects.filter(event__isnull=False).count() == 3
    assert "Liste de presse : 2 abonnés confirmés, 1 de confiance pour les embargos" in output
    assert "Contenu de démonstration à jour." in output

    site = Site.objects.get_current()
    assert site.name == "Ville de Namur"
    assert site.domain == "127.0.0.1:8000"


def test_a_second_load_adds_and_changes_nothing(django_assert_max_num_queries):
    run("load_demo")

    with django_assert_max_num_queries(15) as queries:
        output = run("load_demo")

    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(READS)]
    assert all("django_site" in sql for sql in writes)  # its name and domain follow settings
    assert output.count("(ajouts : 0)") == 5


def test_a_new_load_keeps_editors_changes_and_brings_back_deleted_items(client):
    run("load_demo")
    chief = get_user_model().objects.create_user("chef", is_staff=True)
    chief.groups.add(Group.objects.get(name="Éditeur en chef"))
    article = Article.objects.get(slug="marche-de-noel-2026")
    article.title = "Marché de Noël : les chalets ouvrent un jour plus tôt"
    workflow.save(item=article, user=chief)
    release = PressRelease.objects.get(slug="fetes-de-wallonie-2026-bilan")
    release.body = "<p>Chiffres définitifs : 152 000 visiteurs.</p>"
    workflow.save(item=release, user=chief)
    FlatPage.objects.filter(url="/vie-privee/").update(content="<p>Version revue.</p>")
    deleted = Article.objects.get(slug="piscine-de-jambes-reouverture")
    tags = set(deleted.tags.values_list("slug", flat=True))
    related = set(deleted.related.values_list("slug", flat=True))
    deleted.delete()

    output = run("load_demo")

    assert "Actualités : 38 actualités, 7 thèmes, 15 mots-clés (ajouts : 1)" in output
    assert output.count("(ajouts : 0)") == 4
    assert Article.objects.get(pk=article.pk).title == article.title
    assert article.title in client.get(article.get_absolute_url()).content.decode()
    assert PressRelease.objects.get(pk=release.pk).body == release.body
    assert "152 000 visiteurs" in client.get(release.get_absolute_url()).content.decode()
    assert FlatPage.objects.get(url="/vie-privee/").content == "<p>Version revue.</p>"
    back = Article.objects.live().get(slug=deleted.slug)
    assert (back.title, back.lead, back.body) == (deleted.title, deleted.lead, deleted.body)
    assert back.publication_date == deleted.publication_date
    assert set(back.tags.values_list("slug", flat=True)) == tags
    assert set(back.related.values_list("slug", flat=True)) == related
    assert back.image.alt == deleted.image.alt
    assert back.image.renditions
    assert client.get(back.get_absolute_url()).status_code == 200


def test_demo_admin_is_created_once_and_says_how_to_log_in(client):
    first = run("demo_admin")
    second = run("demo_admin")

    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1
    assert "identifiant « admin », mot de passe « namur-demo »" in first
    assert first == second
    response = client.post("/admin/login/", {"username": "admin", "password": "namur-demo"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_demo_admin_does_not_reveal_a_changed_password():
    run("demo_admin")
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("un-autre-mot-de-passe")
    admin.save()

    output = run("demo_admin")

    [line] = [line for line in output.splitlines() if "« admin »" in line]
    assert "namur-demo" not in line
    assert "changepassword admin" in line


def test_demo_admin_is_refused_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="refusés en production"):
        run("demo_admin")

    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.username)
def test_demo_admin_creates_one_account_per_role_that_signs_in_to_the_admin(client, account):
    output = run("demo_admin")
    run("demo_admin")

    user = get_user_model().objects.get(username=account.username)
    assert list(user.groups.values_list("name", flat=True)) == [account.role]
    assert (user.is_staff, user.is_superuser) == (True, False)
    assert user.get_full_name() == f"{account.first_name} {account.last_name}"
    assert (
        f"{account.role} ({user.get_full_name()}) : identifiant « {account.username} », "
        f"mot de passe « namur-demo » ; {account.can}." in output
    )
    response = client.post(
        "/admin/login/", {"username": account.username, "password": "namur-demo"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_demo_roles_are_the_three_editorial_roles():
    assert [account.role for account in DEMO_ACCOUNTS] == [
        "Rédacteur",
        "Éditeur en chef",
        "Service presse",
    ]
    assert Group.objects.filter(name__in=[a.role for a in DEMO_ACCOUNTS]).count() == 3


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.username)
def test_production_refuses_the_demo_role_accounts(client, settings, caplog, account):
    run("demo_admin")
    settings.PRODUCTION = True

    with caplog.at_level(logging.WARNING, logger="namur_site.auth"):
        response = client.post(
            "/admin/login/", {"username": account.username, "password": "namur-demo"}
        )

    assert response.status_code == 200
    assert "Veuillez compléter correctement les champs" in unescape(response.content.decode())
    assert client.get("/admin/").status_code == 302
    assert f"compte « {account.username} »" in caplog.text


def test_production_refuses_the_demo_password_and_says_so_in_the_log(client, settings, caplog):
    run("demo_admin")
    settings.PRODUCTION = True

    with caplog.at_level(logging.WARNING, logger="namur_site.auth"):
        response = client.post("/admin/login/", {"username": "admin", "password": "namur-demo"})

    assert response.status_code == 200
    assert "Veuillez compléter correctement les champs" in unescape(response.content.decode())
    assert client.get("/admin/").status_code == 302
    [record] = [r for r in caplog.records if r.name == "namur_site.auth"]
    assert record.levelno == logging.WARNING
    assert "compte « admin »" in record.getMessage()
    assert "mot de passe est celui du compte de démonstration" in record.getMessage()
    assert "namur-demo" not in caplog.text


def test_production_lets_a_real_admin_account_in(client, settings):
    get_user_model().objects.create_superuser("admin", "admin@namur.be", "Un-vrai-secret-2026")
    settings.PRODUCTION = True

    response = client.post(
        "/admin/login/", {"username": "admin", "password": "Un-vrai-secret-2026"}
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_migrations_point_the_site_record_at_site_url(settings):
    """Feeds and sitemaps take their domain from it: never example.com in production."""
    assert Site.objects.get_current().domain == "127.0.0.1:8000"
    assert settings.SITE_URL == "http://127.0.0.1:8000"
