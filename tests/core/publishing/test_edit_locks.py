"""Soft edit locks: who else has an item's change form open, told, never stopped."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from core.models import EditLock, Status
from core.publishing import locks
from news.models import Article
from tests.core.publishing.conftest import article_data, release_data
from tests.news.factories import ArticleFactory
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db

WARNING = "Ce n’est qu’un avertissement : vous pouvez modifier ce contenu."


def change_url(item, view: str = "change/") -> str:
    return f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/{view}"


def signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture
def at_10_42(time_machine):
    """Stop the clock at 10:42 today, Brussels time; return that moment."""
    moment = timezone.localtime().replace(hour=10, minute=42, second=5, microsecond=0)
    time_machine.move_to(moment, tick=False)
    return moment


@pytest.mark.parametrize(
    ("factory", "data"), [(ArticleFactory, article_data), (PressReleaseFactory, release_data)]
)
def test_the_second_editor_is_told_who_edits_and_may_still_save(
    chef, redacteur, at_10_42, time_machine, factory, data
):
    item = factory(title="Le pont rouvre", status=Status.DRAFT, publication_date=None)
    chef_client, writer_client = signed_in(chef), signed_in(redacteur)

    first = chef_client.get(change_url(item)).content.decode()
    time_machine.move_to(at_10_42 + timedelta(minutes=1), tick=False)
    second = writer_client.get(change_url(item)).content.decode()

    assert "En cours de modification" not in first
    assert (
        '<strong class="edit-lock-who">En cours de modification par Éditeur Namur depuis '
        "10\xa0h\xa042</strong>" in second
    )
    assert WARNING in second
    # A warning, not a block: the writer saves, and the save goes through.
    response = writer_client.post(change_url(item), data(item, title="Le pont rouvre lundi"))
    assert response.status_code == 302
    assert type(item).objects.get(pk=item.pk).title == "Le pont rouvre lundi"
    assert list(EditLock.objects.values_list("user__username", flat=True)) == ["chef"]


def test_the_editor_sees_who_opened_the_item_after_them(chef, redacteur, at_10_42):
    article = ArticleFactory(status=Status.DRAFT, publication_date=None)
    chef_client, writer_client = signed_in(chef), signed_in(redacteur)
    page = chef_client.get(change_url(article)).content.decode()
    token = EditLock.objects.get(user=chef).token
    assert f'data-token="{token}"' in page
    assert f'data-renew-url="/admin/news/article/{article.pk}/verrou/"' in page
    writer_client.get(change_url(article))

    # The chief's page renews its lock and learns who else came.
    answer = chef_client.post(change_url(article, "verrou/"), {"token": token})

    assert json.loads(answer.content) == {
        "editing": "En cours de modification par Rédacteur Namur depuis 10\xa0h\xa042"
    }


def test_lists_and_desk_show_who_is_editing(chef, redacteur, at_10_42):
    article = ArticleFactory(title="Le pont rouvre", status=Status.REVIEW, publication_date=None)
    signed_in(redacteur).get(change_url(article))
    chef_client = signed_in(chef)

    changelist = chef_client.get("/admin/news/article/").content.decode()
    desk = chef_client.get("/admin/").content.decode()
    own = signed_in(redacteur).get("/admin/news/article/").content.decode()

    assert (
        '<span class="visually-hidden">En cours de modification par </span>Rédacteur Namur'
        in changelist
    )
    assert 'title="En cours de modification par Rédacteur Namur depuis 10\xa0h\xa042"' in (
        changelist
    )
    assert "En cours de modification par Rédacteur Namur depuis 10\xa0h\xa042" in desk
    assert "edit-lock-mark" not in own  # nobody else is editing


def test_a_lock_lasts_while_its_page_pings_and_lapses_without(
    chef, redacteur, at_10_42, time_machine
):
    article = ArticleFactory(status=Status.DRAFT, publication_date=None)
    chef_client, writer_client = signed_in(chef), signed_in(redacteur)
    chef_client.get(change_url(article))
    token = EditLock.objects.get(user=chef).token

    for minutes in (1.5, 3):
        time_machine.move_to(at_10_42 + timedelta(minutes=minutes), tick=False)
        chef_client.post(change_url(article, "verrou/"), {"token": token})
    time_machine.move_to(at_10_42 + timedelta(minutes=4), tick=False)
    assert "depuis 10\xa0h\xa042" in writer_client.get(change_url(article)).content.decode()

    # The chief's laptop closes: no more pings; two minutes later the item is free.
    time_machine.move_to(at_10_42 + timedelta(minutes=3) + locks.EXPIRY, tick=False)
    page = writer_client.get(change_url(article)).content.decode()
    assert "En cours de modification par Éditeur" not in page
    assert not EditLock.objects.filter(user=chef).exists()  # cleared by the next lock taken


def test_reopening_keeps_the_start_and_a_lapsed_lock_is_taken_again(chef, at_10_42, time_machine):
    article = ArticleFactory(status=Status.DRAFT, publication_date=None)
    client = signed_in(chef)
    client.get(change_url(article))
    time_machine.move_to(at_10_42 + timedelta(minutes=1), tick=False)
    client.get(change_url(article))
    assert EditLock.objects.get().since == at_10_42

    time_machine.move_to(at_10_42 + timedelta(minutes=10), tick=False)
    client.post(change_url(article, "verrou/"), {"token": "page-rouverte"})

    lock = EditLock.objects.get()
    assert lock.since == at_10_42 + timedelta(minutes=10) and lock.token == "page-rouverte"


def test_leaving_a_page_gives_back_its_own_lock_only(chef):
    article = ArticleFactory(status=Status.DRAFT, publication_date=None)
    client = signed_in(chef)
    client.get(change_url(article))
    left = EditLock.objects.get().token
    client.get(change_url(article))  # the page that follows, e.g. after « Enregistrer »
    current = EditLock.objects.get().token

    # The beacon of the page left arrives late: the next page's lock stays.
    assert client.post(change_url(article, "verrou/liberer/"), {"token": left}).status_code == 204
    assert EditLock.objects.filter(token=current).exists()

    client.post(change_url(article, "verrou/liberer/"), {"token": current})
    assert not EditLock.objects.exists()


def test_saving_gives_the_lock_back(chef):
    article = ArticleFactory(status=Status.DRAFT, publication_date=None)
    client = signed_in(chef)
    client.get(change_url(article))

    response = client.post(change_url(article), article_data(article, title="Nouveau titre"))

    assert response.status_code == 302
    assert not EditLock.objects.exists()


def test_a_form_sent_back_with_errors_keeps_the_lock(chef):
    article = ArticleFactory(status=Status.DRAFT, publication_date=None)
    client = signed_in(chef)

    response = client.post(change_url(article), article_data(article, title=""))

    assert response.status_code == 200
    assert EditLock.objects.filter(user=chef).exists()


def test_reading_without_the_right_to_change_takes_no_lock(django_user_model, chef):
    article = ArticleFactory(status=Status.DRAFT, publication_date=None)
    reader = django_user_model.objects.create_user("lecteur", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = signed_in(reader)

    assert client.get(change_url(article)).status_code == 200
    assert not EditLock.objects.exists()
    assert client.post(change_url(article, "verrou/"), {"token": "x"}).status_code == 403


def test_the_lock_addresses_are_for_signed_in_staff_posting_with_their_token(chef):
    article = ArticleFactory(status=Status.DRAFT, publication_date=None)

    anonymous = Client().post(change_url(article, "verrou/"), {"token": "x"})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    client = signed_in(chef, enforce_csrf_checks=True)
    assert client.post(change_url(article, "verrou/"), {"token": "x"}).status_code == 403
    assert client.get(change_url(article, "verrou/")).status_code == 405
    assert signed_in(chef).post(change_url(article, "verrou/liberer/")).status_code == 400
    missing = signed_in(chef).post("/admin/news/article/999999/verrou/", {"token": "x"})
    assert missing.status_code == 404
    assert not EditLock.objects.exists()
    assert Article.objects.get().title == article.title
