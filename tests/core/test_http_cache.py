"""What Django tells Varnish: how long each page may be kept, what it shows, what to purge."""

from datetime import timedelta

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.caching.cache import generation
from core.models import Status
from news.models import Article
from press.models import Attachment, PressRelease
from tests.accreditations.factories import NOW, AccreditationRequestFactory, EventFactory
from tests.news.factories import ArticleFactory, TopicFactory
from tests.press.factories import PressContactFactory, PressReleaseFactory, pdf_bytes
from tests.tasks import DATABASE_QUEUE, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_cache_headers(settings):
    settings.PAGE_CACHE_SECONDS = 600


def keys(response) -> set[str]:
    return set(response["xkey"].split())


def reloaded(item):
    """Return ``item`` read again from the database, as the admin reads what it edits."""
    return type(item).objects.get(pk=item.pk)


def test_a_page_tells_shared_caches_how_long_and_what_it_shows(client):
    article = ArticleFactory(tags=["vélo"], with_image=False)

    response = client.get(article.get_absolute_url())

    assert "public" in response["Cache-Control"]
    assert "s-maxage=600" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    assert keys(response) >= {
        f"news.article:{article.pk}",
        f"news.topic:{article.topic_id}",
        f"taggit.tag:{article.tags.get().pk}",
        "layout",
    }
    assert "news.article" not in keys(response), "an article page is not a list"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", {"news.article", "press.pressrelease", "accreditations.event"}),
        ("/actualites/", {"news.article"}),
        ("/actualites/flux.rss", {"news.article"}),
        ("/presse/", {"press.pressrelease"}),
        ("/presse/flux.atom", {"press.pressrelease"}),
        ("/presse/espace-presse/", {"press.pressrelease", "press.presscontact"}),
        ("/accreditations/", {"accreditations.event"}),
        ("/recherche/?q=travaux", {"news.article", "press.pressrelease"}),
    ],
)
def test_lists_carry_the_key_of_their_kind(client, url, expected):
    ArticleFactory()
    PressReleaseFactory()

    assert keys(client.get(url)) >= expected | {"layout"}


def test_a_search_is_purged_by_its_results_and_the_lists_not_by_every_save(client):
    shown = ArticleFactory(title="Travaux place d'Armes")
    other = ArticleFactory(title="Marché de Noël")

    page = client.get("/recherche/?q=travaux")

    assert f"news.article:{shown.pk}" in keys(page)
    assert f"news.article:{other.pk}" not in keys(page)
    assert not {key for key in keys(page) if key.endswith(":any")}
    # What no purge can tell (an edit making another item match) is seen within a minute.
    assert "s-maxage=60" in page["Cache-Control"]
    assert "s-maxage=600" in client.get("/actualites/")["Cache-Control"]


@pytest.mark.parametrize("kind", ["article", "release"])
def test_public_pages_leave_the_search_columns_in_the_database(client, kind):
    item = ArticleFactory() if kind == "article" else PressReleaseFactory()
    lists = "/actualites/" if kind == "article" else "/presse/"

    for url in (item.get_absolute_url(), lists, "/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
        assert selects
        assert not [sql for sql in selects if "search_document" in sql], url


def year_probes(queries) -> list[str]:
    """The queries that look for the years of the releases (one index probe per year)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "press_pressrelease"."publication_date" AS')
        and q["sql"].endswith("ORDER BY 1 DESC LIMIT 1")
    ]


def test_the_press_list_reads_its_years_once_per_change(client):
    PressReleaseFactory()
    client.get("/presse/")
    with CaptureQueriesContext(connection) as first:
        client.get("/presse/?page=1")
    assert not year_probes(first)

    PressReleaseFactory(
        title="Nouveau communiqué", publication_date=timezone.now() - timedelta(days=800)
    )
    with CaptureQueriesContext(connection) as after:
        response = client.get("/presse/?page=1")
    years = sorted(
        {timezone.localtime(r.publication_date).year for r in PressRelease.objects.live()},
        reverse=True,
    )
    assert len(years) >= 2
    assert response.context["years"] == years
    # One probe per year and one that finds nothing, whatever the number of releases.
    assert len(year_probes(after)) == len(years) + 1


@pytest.mark.parametrize(
    "url", ["/", "/actualites/", "/actualites/?page=2", "/actualites/flux.atom", "/presse/"]
)
def test_lists_carry_the_key_of_every_item_they_show(client, url):
    articles = [ArticleFactory() for _ in range(14)]
    release = PressReleaseFactory()
    shown = client.get(url)
    text = shown.content.decode()

    carried = {key for key in keys(shown) if key.startswith(("news.article:", "press."))}

    expected = {
        f"{item._meta.label_lower}:{item.pk}"
        for item in (*articles, release)
        if item.get_absolute_url() in text
    }
    assert expected and carried >= expected


def test_pages_showing_an_event_carry_its_key_for_its_places(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    event = EventFactory(capacity=20)
    release = PressReleaseFactory(event=event, publication_date=NOW - timedelta(days=1))

    for url in ("/", "/accreditations/", event.get_absolute_url(), release.get_absolute_url()):
        assert f"accreditations.event:{event.pk}" in keys(client.get(url)), url


def test_s_maxage_never_goes_past_the_next_scheduled_publication(client, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    ArticleFactory(publication_date=now - timedelta(days=1))
    ArticleFactory(publication_date=now + timedelta(seconds=90))

    assert "s-maxage=91" in client.get("/actualites/")["Cache-Control"]


def test_a_copy_confirmed_unchanged_is_kept_only_until_the_next_scheduled_publication(
    client, time_machine
):
    # Varnish asks again with its copy's ETag; the page is the same, but an article is now
    # scheduled: the 304 must say how long the copy may now be kept, or the old time stays.
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    ArticleFactory(publication_date=now - timedelta(days=1))
    first = client.get("/actualites/")
    assert "s-maxage=91" not in first["Cache-Control"]
    ArticleFactory(publication_date=now + timedelta(seconds=90))

    again = client.get("/actualites/", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert "s-maxage=91" in again["Cache-Control"]
    # The keys go with it: the copy stays purgeable by what it shows.
    assert keys(again) == keys(first)


def test_a_missing_page_is_refreshed_by_any_change(client):
    response = client.get("/actualites/pas-encore-publiee/")

    assert response.status_code == 404
    assert keys(response) == {"unkeyed", "layout"}


def test_previews_forms_and_the_admin_are_never_shared(client, admin_user, time_machine):
    time_machine.move_to(NOW, tick=False)
    draft = ArticleFactory(status=Status.DRAFT)
    event = EventFactory()
    form = client.get(event.get_form_url())
    client.force_login(admin_user)
    preview = client.get(draft.get_absolute_url())
    admin = client.get("/admin/")
    signed_in_public_page = client.get("/actualites/")

    for response in (form, preview, admin, signed_in_public_page):
        assert "xkey" not in response
        assert "public" not in response.get("Cache-Control", "")


def test_an_edit_of_what_cards_show_purges_the_item_only_and_keeps_shared_parts(
    purge_log, committed
):
    article = reloaded(ArticleFactory(tags=["vélo"]))
    other = ArticleFactory()
    before = generation()

    with committed():
        article.title = "Titre corrigé"
        article.lead = "Un autre chapô."
        article.related.add(other)
        article.tags.set(["vélo"])
        article.save()

    assert set().union(*purge_log.purges) == {
        f"news.article:{article.pk}",
        "news.article:any",
        f"news.article:{other.pk}",
        "unkeyed",
    }
    assert generation() == before


LIST_CHANGES = {
    "unpublished": lambda article: setattr(article, "status", Status.UNPUBLISHED),
    "re-dated": lambda article: setattr(
        article, "publication_date", article.publication_date - timedelta(days=40)
    ),
    "expired": lambda article: setattr(article, "expiry_date", timezone.now()),
    "moved to another topic": lambda article: setattr(article, "topic", TopicFactory()),
    "featured": lambda article: setattr(article, "featured", True),
}


@pytest.mark.parametrize("change", [*LIST_CHANGES, "tagged", "untagged", "created", "deleted"])
def test_a_change_of_what_lists_hold_purges_them_and_renews_shared_parts(
    purge_log, committed, change
):
    article = reloaded(ArticleFactory(tags=["vélo"]))
    before = generation()

    with committed():
        if change in LIST_CHANGES:
            LIST_CHANGES[change](article)
            article.save()
        elif change == "tagged":
            article.tags.add("piétons")
        elif change == "untagged":
            article.tags.remove("vélo")
        elif change == "created":
            article = ArticleFactory()
        else:
            article.delete()

    assert any("news.article" in purge for purge in purge_log.purges)
    assert generation() != before


def test_a_second_save_compares_with_what_the_first_one_stored(purge_log, committed):
    article = reloaded(ArticleFactory())

    with committed():
        article.status = Status.UNPUBLISHED
        article.save()
    assert "news.article" in purge_log.purges[0]

    with committed():
        article.title = "Dépubliée, puis retouchée"
        article.save()
    assert purge_log.purges == [{f"news.article:{article.pk}", "news.article:any", "unkeyed"}]


def test_an_accreditation_request_purges_only_its_event_and_keeps_shared_parts(
    purge_log, committed, time_machine
):
    time_machine.move_to(NOW, tick=False)
    event = EventFactory()
    before = generation()

    with committed():
        AccreditationRequestFactory(event=event)

    assert purge_log.purges == [{f"accreditations.event:{event.pk}", "unkeyed"}]
    assert generation() == before


@pytest.mark.parametrize("change", ["legal page", "contact", "attachment", "topic"])
def test_each_kind_of_change_purges_what_shows_it(purge_log, committed, change):
    if change == "legal page":
        with committed():
            page = FlatPage.objects.create(url="/vie-privee/", title="Vie privée", content="x")
            page.sites.add(Site.objects.get_current())
        expected = {"layout"}
    elif change == "contact":
        contact = PressContactFactory()
        with committed():
            contact.phone = "081 24 60 00"
            contact.save()
        # Search results show contacts' names: they are purged too.
        expected = {f"press.presscontact:{contact.pk}", "press.pressrelease:any"}
    elif change == "attachment":
        release = PressReleaseFactory(files=[("Dossier", "dossier.pdf", pdf_bytes())])
        with committed():
            Attachment.objects.filter(release=release).get().delete()
        expected = {f"press.pressrelease:{release.pk}", "press.pressrelease:any"}
    else:
        topic = TopicFactory()
        with committed():
            topic.name = "Mobilité douce"
            topic.save()
        expected = {f"news.topic:{topic.pk}", "news.article", "press.pressrelease"}

    assert any(expected <= purge for purge in purge_log.purges)


def test_one_transaction_sends_one_purge_and_a_rollback_none(purge_log, committed):
    articles = [ArticleFactory() for _ in range(3)]

    with committed():
        with transaction.atomic():
            for article in articles:
                article.title += " (mis à jour)"
                article.save()
        with pytest.raises(RuntimeError), transaction.atomic():
            ArticleFactory(title="Jamais enregistré")
            raise RuntimeError

    assert len(purge_log.purges) == 1
    assert purge_log.purges[0] >= {f"news.article:{article.pk}" for article in articles}


@pytest.mark.django_db(transaction=True)
def test_a_refused_purge_never_fails_the_save_and_is_sent_again(
    purge_log, settings, time_machine, caplog
):
    settings.TASKS = DATABASE_QUEUE
    time_machine.move_to(timezone.now(), tick=False)
    article = ArticleFactory()
    purge_log.status = 503
    purge_log.purges.clear()

    article.title = "Titre corrigé"
    article.save()

    assert Article.objects.get().title == "Titre corrigé"
    assert "Purge of 3 keys failed" in caplog.text
    purge_log.status = 200
    run_worker()
    assert len(purge_log.purges) == 1, "nothing is due yet"

    time_machine.shift(timedelta(seconds=6))
    run_worker()

    assert len(purge_log.purges) == 2
    assert purge_log.purges[1] == {f"news.article:{article.pk}", "news.article:any", "unkeyed"}


def test_conditional_get_answers_304(client):
    ArticleFactory()
    response = client.get("/actualites/")

    again = client.get("/actualites/", headers={"if-none-match": response["ETag"]})

    assert again.status_code == 304


def test_parameters_a_list_does_not_read_make_no_new_count(client):
    ArticleFactory()
    year = timezone.localtime(PressReleaseFactory().publication_date).year
    client.get("/actualites/")
    client.get(f"/presse/?annee={year}")

    with CaptureQueriesContext(connection) as queries:
        for number in range(20):
            assert client.get(f"/actualites/?junk={number}").status_code == 200
            assert client.get(f"/presse/?annee={year}&x={number}").status_code == 200

    assert not [query for query in queries if "COUNT(" in query["sql"].upper()]
