"""The site behind a real Varnish with its own VCL: what is kept, what is purged, what passes."""

import gzip
import http.client
import re
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.signals import request_started
from django.utils import timezone

from core.files import images
from core.models import Status
from tests.accreditations.factories import EventFactory
from tests.news.factories import ArticleFactory
from tests.support.relay import Relay
from tests.support.varnish import Varnish, varnishd_path

pytestmark = [pytest.mark.varnish, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def relay(live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    relay = Relay(port)
    yield relay
    relay.stop()


@pytest.fixture
def varnish(relay, tmp_path, settings):
    path = varnishd_path()
    if path is None:
        pytest.skip("varnishd est introuvable (paquets Debian varnish et varnish-modules).")
    varnish = Varnish(path, tmp_path, relay.port)
    settings.VARNISH_URLS = [varnish.url]
    settings.PAGE_CACHE_SECONDS = 600
    yield varnish
    varnish.stop()


def articles_a_day_apart(count: int, **kwargs) -> list:
    """Return ``count`` live articles, the newest first, published a day apart."""
    now = timezone.now()
    return [
        ArticleFactory(publication_date=now - timedelta(days=1 + n), **kwargs) for n in range(count)
    ]


def warm(varnish, *paths) -> None:
    for path in paths:
        varnish.get(path)
        assert varnish.get(path).hit, path


def eventually(varnish, path: str, shows, seconds: float = 2.0):
    """Ask for ``path`` until the answer ``shows`` (a text, or a test of the answer), as a
    reader who reloads would: after a soft purge the first answer may be the previous copy."""
    test = shows if callable(shows) else (lambda answer: shows in answer.body)
    deadline = time.monotonic() + seconds
    while True:
        answer = varnish.get(path)
        if test(answer):
            return answer
        assert time.monotonic() < deadline, f"{path} still shows the old page: {answer.body[:300]}"
        time.sleep(0.05)


@pytest.fixture
def rendered():
    """The paths the app rendered (what reached it through Varnish), in order."""
    paths: list[str] = []

    def record(sender, environ=None, **kwargs):
        query = environ.get("QUERY_STRING")
        paths.append(environ["PATH_INFO"] + (f"?{query}" if query else ""))

    request_started.connect(record)
    yield paths
    request_started.disconnect(record)


def test_an_edit_is_seen_through_varnish_at_once_and_other_pages_stay_cached(varnish):
    # 13 articles: the news list shows the 12 newest, its page 2 the oldest.
    newest, *others, oldest = articles_a_day_apart(13, tags=["vélo"])
    newest.title = "Travaux rue de Fer"
    newest.save()
    showing = ["/", "/actualites/", newest.topic.get_absolute_url(), "/actualites/tag/velo/"]
    not_showing = ["/actualites/?page=2", oldest.get_absolute_url(), others[0].get_absolute_url()]
    warm(varnish, newest.get_absolute_url(), "/actualites/flux.rss", *showing, *not_showing)

    newest.title = "Travaux rue de Fer : fin du chantier"
    newest.save()

    for path in (newest.get_absolute_url(), *showing, "/actualites/flux.rss"):
        eventually(varnish, path, "fin du chantier")
    for path in not_showing:
        assert varnish.get(path).hit, path


def test_after_an_edit_readers_get_the_previous_copy_at_once_then_the_new_one(varnish, rendered):
    article = ArticleFactory(title="Marché de Noël")
    warm(varnish, article.get_absolute_url(), "/actualites/")

    article.title = "Marché de Noël : horaires prolongés"
    article.save()
    rendered.clear()

    # Marked stale, not dropped: the reader right after the save is answered from the copy,
    # without waiting for a render, while Varnish asks the app for the new page behind it.
    first = varnish.get(article.get_absolute_url())
    assert first.hit and "horaires prolongés" not in first.body
    fresh = eventually(varnish, article.get_absolute_url(), "horaires prolongés")
    assert fresh.hit
    assert rendered.count(article.get_absolute_url()) == 1
    # The list too, refreshed once.
    eventually(varnish, "/actualites/", "horaires prolongés")
    assert rendered.count("/actualites/") == 1


def test_an_unpublished_article_is_never_served_stale_and_is_rendered_once(varnish, rendered):
    article, other = articles_a_day_apart(2)
    warm(varnish, article.get_absolute_url(), "/actualites/", other.get_absolute_url())

    article.status = Status.UNPUBLISHED
    article.save()
    rendered.clear()

    # Dropped: no reader gets the page or the list with it, even once.
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(varnish.get, [article.get_absolute_url()] * 8))
    assert {answer.status for answer in answers} == {404}
    # Eight readers asked at the same moment: the app rendered the page once for all of them.
    assert rendered.count(article.get_absolute_url()) == 1
    assert article.title not in varnish.get("/actualites/").body
    assert varnish.get(other.get_absolute_url()).hit


def test_publishing_unpublishing_and_re_dating_refresh_every_list_and_count(varnish):
    newest, *_others, oldest = articles_a_day_apart(13)
    warm(varnish, "/actualites/", "/actualites/?page=2")
    assert oldest.title in varnish.get("/actualites/?page=2").body

    # Unpublished, the newest leaves every list: 12 articles are left, on one page.
    newest.status = Status.UNPUBLISHED
    newest.save()
    assert newest.title not in varnish.get("/actualites/").body
    eventually(varnish, "/actualites/?page=2", lambda answer: answer.status == 404)

    # Re-dated two years back, the oldest goes to its month, which every list's sidebar shows.
    moment = timezone.localtime(timezone.now() - timedelta(days=730))
    month = f"/actualites/{moment:%Y}/{moment:%m}/"
    oldest.publication_date = moment
    oldest.save()
    eventually(varnish, "/actualites/", f'href="{month}"')
    assert oldest.title in varnish.get(month).body

    # Published again, it is back on top.
    newest.status = Status.PUBLISHED
    newest.save()
    eventually(varnish, "/actualites/", newest.title)


def test_tagging_refreshes_the_tag_pages(varnish):
    tagged, untagged = articles_a_day_apart(2)
    tagged.tags.add("vélo")
    warm(varnish, "/actualites/tag/velo/", untagged.get_absolute_url())

    untagged.tags.add("vélo")
    eventually(varnish, "/actualites/tag/velo/", untagged.title)

    tagged.tags.remove("vélo")
    eventually(
        varnish,
        "/actualites/tag/velo/",
        lambda page: untagged.title in page.body and tagged.title not in page.body,
    )


def test_an_accreditation_request_refreshes_only_the_pages_with_the_places(varnish, rendered):
    event = EventFactory(
        capacity=10,
        accreditation_opens=timezone.now() - timedelta(days=1),
        accreditation_closes=timezone.now() + timedelta(days=3),
        starts=timezone.now() + timedelta(days=5),
    )
    article = ArticleFactory()
    for path in (event.get_absolute_url(), article.get_absolute_url()):
        varnish.get(path)
        assert varnish.get(path).hit

    from tests.accreditations.factories import AccreditationRequestFactory

    rendered.clear()
    AccreditationRequestFactory(event=event)

    eventually(varnish, event.get_absolute_url(), lambda _: event.get_absolute_url() in rendered)
    assert varnish.get(article.get_absolute_url()).hit
    assert article.get_absolute_url() not in rendered


def test_a_scheduled_article_appears_on_time_through_varnish(varnish):
    ArticleFactory(title="Déjà en ligne")
    soon = timezone.now() + timedelta(seconds=2)
    ArticleFactory(title="Annonce du matin", publication_date=soon)
    assert "Annonce du matin" not in varnish.get("/actualites/").body
    assert varnish.get("/actualites/").hit

    deadline = soon + timedelta(seconds=5)
    while "Annonce du matin" not in varnish.get("/actualites/").body:
        assert timezone.now() < deadline, "the scheduled article never appeared"
        time.sleep(0.2)
    assert timezone.now() >= soon


def test_pages_and_renditions_come_compressed_and_kept_as_lighthouse_expects(varnish):
    article = ArticleFactory(with_image=True)
    rendition = images.rendition_name(article.image.file.name, 480, "webp")

    plain = varnish.get("/actualites/")
    compressed = varnish.get("/actualites/", headers={"Accept-Encoding": "gzip, deflate, br"})
    image = varnish.get(f"/media/{rendition}")
    again = varnish.get(f"/media/{rendition}")

    assert compressed.headers["content-encoding"] == "gzip"
    assert gzip.decompress(compressed.raw).decode() == plain.body
    assert "content-encoding" not in plain.headers
    assert article.title in plain.body
    assert image.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert again.hit


def test_previews_and_forms_are_never_kept(varnish, client, admin_user):
    draft = ArticleFactory(status=Status.DRAFT, title="Brouillon confidentiel")
    client.force_login(admin_user)
    session = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}

    for _ in range(2):
        preview = varnish.get(draft.get_absolute_url(), session)
        assert preview.status == 200 and not preview.hit
        assert "Aperçu — non publié" in preview.body
    assert varnish.get(draft.get_absolute_url()).status == 404

    event = EventFactory(
        accreditation_opens=timezone.now() - timedelta(days=1),
        accreditation_closes=timezone.now() + timedelta(days=3),
        starts=timezone.now() + timedelta(days=5),
    )
    first, second = (varnish.get(event.get_form_url()) for _ in range(2))
    assert not first.hit and not second.hit
    assert first.headers["set-cookie"] != second.headers["set-cookie"]


def test_the_last_good_copy_is_served_while_the_backend_is_down(varnish, relay, settings):
    settings.PAGE_CACHE_SECONDS = 1
    article = ArticleFactory(title="Fêtes de Wallonie")
    assert varnish.get(article.get_absolute_url()).status == 200

    relay.stop()
    time.sleep(1.5)  # the copy's own lifetime is over: only grace keeps it

    stale = varnish.get(article.get_absolute_url())
    assert stale.status == 200
    assert "Fêtes de Wallonie" in stale.body
    never_seen = varnish.get("/presse/")
    assert never_seen.status == 503
    assert "Service momentanément indisponible" in never_seen.body


def test_tracking_parameters_and_parameter_order_do_not_multiply_copies(varnish):
    ArticleFactory()
    assert not varnish.get("/actualites/").hit

    # Every variant is answered from the one copy the first visit stored.
    for number in range(30):
        assert varnish.get(f"/actualites/?utm_source=flood{number}&fbclid=x{number}").hit
    assert not varnish.get("/recherche/?q=travaux&type=actualites").hit
    assert varnish.get("/recherche/?type=actualites&q=travaux&gclid=abc").hit
    assert varnish.get("/recherche/?utm_medium=mail&q=travaux&type=actualites").hit
    # A parameter the site reads is another page.
    assert not varnish.get("/actualites/?page=1").hit


def test_a_cached_page_hands_nobody_a_nonce(varnish):
    article = ArticleFactory()
    first = varnish.get(article.get_absolute_url())
    second = varnish.get(article.get_absolute_url())

    assert second.hit
    for answer in (first, second):
        assert "nonce-" not in answer.headers["content-security-policy"]
        assert "nonce=" not in answer.body


def purge_from(varnish, source: str, keys: str) -> int:
    connection = http.client.HTTPConnection(
        "127.0.0.1", varnish.port, timeout=10, source_address=(source, 0)
    )
    try:
        connection.request("PURGE", "/", headers={"xkey-purge": keys})
        return connection.getresponse().status
    finally:
        connection.close()


def test_only_the_app_servers_may_purge(varnish):
    article = ArticleFactory()
    varnish.get(article.get_absolute_url())

    assert purge_from(varnish, "127.0.0.2", f"news.article:{article.pk}") == 403
    assert varnish.get(article.get_absolute_url()).hit
    assert purge_from(varnish, "127.0.0.1", f"news.article:{article.pk}") == 200
    assert not varnish.get(article.get_absolute_url()).hit


def raw_request(varnish, method: str, path: str, headers: dict) -> tuple[int, dict, str]:
    """Send only a request's head (a post's body never follows) and read the answer."""
    connection = http.client.HTTPConnection("127.0.0.1", varnish.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in {"Host": "127.0.0.1", **headers}.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return response.status, headers, response.read().decode()
    finally:
        connection.close()


def test_a_50_mb_form_post_answers_the_french_413_in_the_layout(varnish):
    event = EventFactory()

    status, headers, html = raw_request(
        varnish,
        "POST",
        event.get_absolute_url(),
        {
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": str(50 * 1024 * 1024),
        },
    )

    assert status == 413
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert "<h1>Envoi trop volumineux</h1>" in html
    assert "rien n’a été enregistré" in html
    assert '<main id="contenu"' in html


def test_a_100000_character_search_answers_the_french_414_in_the_layout(varnish):
    answer = varnish.get("/recherche/?q=" + "a" * 100_000)

    assert answer.status == 414
    assert "<h1>Adresse trop longue</h1>" in answer.body
    assert "raccourcissez le texte cherché" in answer.body
    assert '<main id="contenu"' in answer.body
    # A long search within the limit still reaches the site.
    assert varnish.get("/recherche/?q=" + "a" * 2_000).status == 200


def test_no_answer_names_the_software_that_serves_it(varnish):
    answers = [
        varnish.get("/"),
        varnish.get("/"),  # from the cache
        varnish.get("/admin/login/"),  # passed to the backend
        varnish.get("/recherche/?q=" + "a" * 100_000),  # answered by Varnish itself
        varnish.get("/page-absente/"),
    ]

    for answer in answers:
        assert not {"via", "x-varnish", "server", "x-powered-by"} & set(answer.headers)
        assert "varnish" not in str(answer.headers).lower()
        assert "gunicorn" not in str(answer.headers).lower()


def test_each_answer_carries_the_request_id_varnish_gave_it(varnish):
    article = ArticleFactory()
    first = varnish.get(article.get_absolute_url(), {"X-Request-ID": "chosen-by-the-client"})
    second = varnish.get(article.get_absolute_url())

    assert second.hit
    ids = [first.headers["x-request-id"], second.headers["x-request-id"]]
    # Varnish's own ids (its name and the request's number), one per request, hit or miss: the
    # client's is replaced, a copy does not repeat the id of the request that fetched it.
    assert ids[0] != ids[1]
    assert "chosen-by-the-client" not in ids
    assert all(re.fullmatch(r".+-\d+", value) for value in ids)


def test_an_old_address_answers_301_through_varnish_and_follows_a_later_change(varnish):
    article = ArticleFactory(slug="travaux-rue-de-fer")
    warm(varnish, "/actualites/travaux-rue-de-fer/")

    article.slug = "rue-de-fer-rouverte"
    article.save()

    # The old page was marked stale, not dropped: a reader may get it once more, then the 301.
    def leads_to(target):
        return lambda answer: (answer.status, answer.headers.get("location")) == (301, target)

    eventually(
        varnish, "/actualites/travaux-rue-de-fer/", leads_to("/actualites/rue-de-fer-rouverte/")
    )
    again = varnish.get("/actualites/travaux-rue-de-fer/")
    assert again.status == 301 and again.hit
    assert varnish.get("/actualites/rue-de-fer-rouverte/").status == 200

    article.slug = "rue-de-fer-rouverte-aux-cyclistes"
    article.save()

    for old in ("/actualites/travaux-rue-de-fer/", "/actualites/rue-de-fer-rouverte/"):
        eventually(varnish, old, leads_to("/actualites/rue-de-fer-rouverte-aux-cyclistes/"))

    # Unpublished, the item takes its old addresses with it at once (dropped, never stale);
    # published again, they come back.
    article.status = Status.UNPUBLISHED
    article.save()
    assert varnish.get("/actualites/travaux-rue-de-fer/").status == 404
    article.status = Status.PUBLISHED
    article.save()
    eventually(varnish, "/actualites/travaux-rue-de-fer/", lambda answer: answer.status == 301)


def test_a_page_linking_to_an_article_follows_its_new_address_and_drops_the_link_at_once(varnish):
    target = ArticleFactory(slug="budget-2027")
    page = ArticleFactory(
        body=f'<p>Lisez <a href="/actualites/budget-2027/" data-ref="news.article:{target.pk}">'
        "le budget</a>.</p>"
    )
    path = page.get_absolute_url()
    warm(varnish, path)
    assert 'href="/actualites/budget-2027/"' in varnish.get(path).body

    target.slug = "budget-communal-2027"
    target.save()

    # Marked stale with the target: a reader may get the old copy once, then the new address.
    eventually(varnish, path, 'href="/actualites/budget-communal-2027/"')
    assert varnish.get(path).hit

    target.status = Status.UNPUBLISHED
    target.save()

    # Dropped with the target: not one reader more is sent to an unpublished article.
    answer = varnish.get(path)
    assert "<p>Lisez le budget.</p>" in answer.body and "budget-communal" not in answer.body


def test_an_article_scheduled_while_the_list_is_cached_appears_on_time(varnish):
    ArticleFactory(title="Déjà en ligne")
    draft = ArticleFactory(title="Annonce du soir", status=Status.DRAFT)
    warm(varnish, "/actualites/")

    # As the admin does: the draft published with a moment a few seconds ahead.
    draft.status = Status.PUBLISHED
    soon = timezone.now() + timedelta(seconds=2)
    draft.publication_date = soon
    draft.save()

    assert "Annonce du soir" not in varnish.get("/actualites/").body
    deadline = soon + timedelta(seconds=5)
    while "Annonce du soir" not in varnish.get("/actualites/").body:
        assert timezone.now() < deadline, "the scheduled article never appeared"
        time.sleep(0.2)
    assert timezone.now() >= soon
