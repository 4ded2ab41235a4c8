"""Links to the site's items by reference: what the sanitiser keeps, what the public gets.

A link stored as ``<a href="…" data-ref="news.article:42">`` is printed at the item's current
address, or as its text alone when the public cannot see the item.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.utils import timezone

from core.models import Status
from core.references import expand_references
from core.sanitize import clean_html
from news.models import Article
from press.presslist.emails import DispatchEmail
from press.presslist.models import Dispatch, DispatchKind
from tests.news.factories import ArticleFactory
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db


def link(item, text="le programme", href="/ancienne-adresse/") -> str:
    ref = f"{item._meta.label_lower}:{item.pk}"
    return f'<a href="{href}" data-ref="{ref}" rel="noopener">{text}</a>'


@pytest.mark.parametrize(
    ("ref", "kept"),
    [
        ("news.article:42", True),
        ("press.pressrelease:7", True),
        ("flatpages.flatpage:1", True),
        ("news.article:0", False),
        ("news.article:42 ", False),
        ("news.article:-1", False),
        ("News.Article:42", False),
        ("news.article", False),
        ("news:42", False),
        ("news.article:42:1", False),
        ("javascript:alert(1)", False),
        ("news.article:1&quot; onclick=&quot;x", False),
        ("", False),
    ],
)
def test_the_sanitiser_keeps_a_reference_only_in_its_one_format(ref, kept):
    cleaned = clean_html(f'<p><a href="/x/" data-ref="{ref}">texte</a></p>')

    assert ('data-ref="' in cleaned) is kept
    assert "onclick" not in cleaned
    assert '<a href="/x/"' in cleaned  # the link itself stays, with its address


def test_the_sanitiser_keeps_a_reference_on_links_only():
    assert clean_html('<p data-ref="news.article:1">texte</p>') == "<p>texte</p>"


def test_a_link_follows_its_item_to_its_current_address():
    target = ArticleFactory(slug="fetes-de-wallonie")

    html, keys = expand_references(f"<p>Voir {link(target)}.</p>")

    assert html == (
        f'<p>Voir <a href="/actualites/fetes-de-wallonie/" data-ref="news.article:{target.pk}" '
        'rel="noopener">le programme</a>.</p>'
    )
    assert keys == {f"news.article:{target.pk}"}

    target.slug = "fetes-de-wallonie-2027"
    target.save()

    html, _keys = expand_references(f"<p>Voir {link(target)}.</p>")
    assert 'href="/actualites/fetes-de-wallonie-2027/"' in html


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Status.DRAFT, "publication_date": None},
        {"status": Status.REVIEW, "publication_date": None},
        {"status": Status.UNPUBLISHED},
        {"publication_date": timezone.now() + timedelta(days=2)},
        {
            "publication_date": timezone.now() - timedelta(days=3),
            "expiry_date": timezone.now() - timedelta(days=1),
        },
    ],
    ids=["draft", "review", "unpublished", "scheduled", "expired"],
)
def test_a_link_to_an_item_the_public_cannot_see_is_its_text_alone(hidden):
    target = ArticleFactory(**hidden)

    html, keys = expand_references(f"<p>Voir {link(target, 'le <em>programme</em> &amp; co')}.</p>")

    assert html == "<p>Voir le <em>programme</em> &amp; co.</p>"
    # Its publication purges the page, which then links to it.
    assert keys == {f"news.article:{target.pk}"}


def test_a_release_under_embargo_and_a_deleted_item_are_not_linked_either():
    embargoed = PressReleaseFactory(
        embargo_until=timezone.now() + timedelta(days=1),
        publication_date=timezone.now() + timedelta(days=1),
    )
    deleted = ArticleFactory()
    body = f"<p>{link(embargoed, 'embargo')} et {link(deleted, 'supprimé')}</p>"
    deleted.delete()

    html, _keys = expand_references(body)

    assert html == "<p>embargo et supprimé</p>"


def test_unknown_kinds_and_plain_links_are_left_as_they_are():
    body = (
        '<p><a href="/presse/" rel="noopener">la presse</a> '
        '<a href="/x/" data-ref="auth.user:1" rel="noopener">une personne</a></p>'
    )

    html, keys = expand_references(body)

    assert html == '<p><a href="/presse/" rel="noopener">la presse</a> une personne</p>'
    assert keys == {"auth.user:1"}


def test_addresses_are_escaped_and_made_absolute_on_demand():
    page = FlatPage.objects.create(url="/vie-privee/", title="Vie privée & cookies")
    page.sites.add(Site.objects.get_current())

    html, _keys = expand_references(
        f"<p>{link(page, 'vie privée')}</p>", base_url="https://www.namur.be"
    )

    assert 'href="https://www.namur.be/pages/vie-privee/"' in html


def test_one_query_per_kind_whatever_the_number_of_links(django_assert_num_queries):
    articles = ArticleFactory.create_batch(5)
    releases = PressReleaseFactory.create_batch(3)
    hidden = ArticleFactory(status=Status.DRAFT, publication_date=None)
    body = "".join(f"<p>{link(item)}</p>" for item in [*articles, *releases, hidden])

    with django_assert_num_queries(2):
        html, keys = expand_references(body)

    assert html.count("<a ") == 8 and len(keys) == 9


def test_the_article_page_links_at_the_current_address_and_is_keyed_to_the_target(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    target = ArticleFactory(slug="budget-2027")
    draft = ArticleFactory(status=Status.DRAFT, publication_date=None)
    page = ArticleFactory(
        body=f"<p>Lisez {link(target, 'le budget')} et {link(draft, 'la suite')}.</p>"
    )

    response = client.get(page.get_absolute_url())

    html = response.content.decode()
    assert f'<a href="/actualites/budget-2027/" data-ref="news.article:{target.pk}"' in html
    assert "et la suite." in html
    keys = response[settings.SURROGATE_KEY_HEADER].split()
    assert f"news.article:{target.pk}" in keys and f"news.article:{draft.pk}" in keys


def test_the_release_page_and_its_email_show_the_same_links(client, settings):
    settings.SITE_URL = "https://www.namur.be"
    target = ArticleFactory(slug="travaux-pont")
    draft = ArticleFactory(status=Status.DRAFT, publication_date=None)
    release = PressReleaseFactory(
        body=f"<p>Voir {link(target, 'les travaux')} et {link(draft, 'le brouillon')}.</p>",
        editors_notes=f"<p>{link(target, 'le détail')}</p>",
    )

    page = client.get(release.get_absolute_url()).content.decode()
    email = DispatchEmail(Dispatch.objects.create(release=release, kind=DispatchKind.RELEASE))

    assert f'<a href="/actualites/travaux-pont/" data-ref="news.article:{target.pk}"' in page
    assert "et le brouillon." in page
    absolute = f'<a href="https://www.namur.be/actualites/travaux-pont/" data-ref="news.article:{target.pk}"'
    assert email.html.count(absolute) == 2
    assert "et le brouillon." in email.html
    assert "les travaux (https://www.namur.be/actualites/travaux-pont/)" in email.text
    assert "le brouillon (" not in email.text


def test_a_change_of_address_or_a_withdrawal_purges_the_pages_linking_to_the_item(
    client, settings, purge_log, committed
):
    settings.PAGE_CACHE_SECONDS = 600
    target = ArticleFactory(slug="budget-2027")
    page = ArticleFactory(body=f"<p>{link(target, 'le budget')}</p>")
    keys = set(client.get(page.get_absolute_url())[settings.SURROGATE_KEY_HEADER].split())
    target = Article.objects.get(pk=target.pk)

    with committed():
        target.slug = "budget-communal-2027"
        target.save()
    # Soft: readers keep the page for the moment it takes to render it with the new address.
    assert f"news.article:{target.pk}" in keys & purge_log.purges[-1]
    assert f"news.article:{target.pk}" not in purge_log.hard[-1]

    with committed():
        target.status = Status.UNPUBLISHED
        target.save()
    # Hard: no copy still linking to a withdrawn item is served.
    assert f"news.article:{target.pk}" in keys & purge_log.hard[-1]


def test_pasted_addresses_become_references_and_nothing_else_changes(
    settings, purge_log, committed
):
    settings.SITE_URL = "https://www.namur.be"
    target = ArticleFactory(slug="budget-2027")
    renamed = ArticleFactory(slug="ancienne-adresse")
    renamed.slug = "nouvelle-adresse"
    renamed.save()  # the old address is kept as a redirect to the item
    release = PressReleaseFactory(slug="pont")
    page = FlatPage.objects.create(url="/vie-privee/", title="Vie privée")
    page.sites.add(Site.objects.get_current())
    body = (
        '<p><a href="/actualites/budget-2027/">le budget</a>, '
        '<a href="https://www.namur.be/presse/pont/">le pont</a>, '
        '<a href="/pages/vie-privee/">la vie privée</a>, '
        '<a href="/actualites/ancienne-adresse/">l’ancien</a>, '
        '<a href="/actualites/budget-2027/?page=2">une page</a>, '
        '<a href="/actualites/inconnue/">inconnue</a>, '
        '<a href="https://www.bruxelles.be/actualites/budget-2027/">ailleurs</a></p>'
    )
    linking = ArticleFactory(body=body)
    untouched = ArticleFactory(body="<p>Sans lien.</p>")

    out = StringIO()
    call_command("link_references", "--dry-run", stdout=out)
    assert f"Actualité n° {linking.pk} « {linking.title} » : 4 lien(s)" in out.getvalue()
    assert "4 lien(s) seraient transformés (rien n’a été changé)." in out.getvalue()
    assert Article.objects.get(pk=linking.pk).body == clean_html(body)

    with committed():
        call_command("link_references", stdout=StringIO())

    stored = Article.objects.get(pk=linking.pk).body
    assert f'<a href="/actualites/budget-2027/" data-ref="news.article:{target.pk}"' in stored
    assert (
        f'<a href="https://www.namur.be/presse/pont/" data-ref="press.pressrelease:{release.pk}"'
    ) in stored
    assert f'<a href="/pages/vie-privee/" data-ref="flatpages.flatpage:{page.pk}"' in stored
    assert f'data-ref="news.article:{renamed.pk}"' in stored
    assert stored.count("data-ref=") == 4
    assert Article.objects.get(pk=untouched.pk).body == "<p>Sans lien.</p>"
    assert any(f"news.article:{linking.pk}" in purge for purge in purge_log.purges)
    # The old address now prints as the item's current one.
    assert 'href="/actualites/nouvelle-adresse/"' in expand_references(stored)[0]
    out = StringIO()
    call_command("link_references", stdout=out)
    assert "0 lien(s) transformés." in out.getvalue()


def test_a_link_to_a_scheduled_item_appears_on_time_and_the_page_is_not_kept_past_it(
    client, settings, time_machine
):
    settings.PAGE_CACHE_SECONDS = 600
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    target = ArticleFactory(slug="marche-de-noel", publication_date=now + timedelta(minutes=5))
    page = ArticleFactory(body=f"<p>Voir {link(target, 'le marché')}.</p>")

    before = client.get(page.get_absolute_url())
    assert "<p>Voir le marché.</p>" in before.content.decode()
    assert "s-maxage=301" in before["Cache-Control"]

    time_machine.move_to(now + timedelta(minutes=6), tick=False)
    after = client.get(page.get_absolute_url()).content.decode()
    assert 'Voir <a href="/actualites/marche-de-noel/"' in after
