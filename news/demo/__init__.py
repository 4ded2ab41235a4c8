"""Demo news of the City of Namur, read from the files beside this module.

``articles.json`` holds each article's fields; its body is ``bodies/<slug>.html`` and its picture,
when it has an ``image``, ``images/<slug>.jpg``, added to the photo library with its texts.
Loading creates only what is missing: an existing article, topic or tag is never changed, so an
editor's corrections survive ``make run``, and a deleted article comes back as it was first
loaded.
"""

from django.core.files.base import ContentFile
from django.db.models import Q
from taggit.models import Tag

from core.demo_helpers import DemoFiles, missing, moment, summary
from core.photos import services as photos
from core.photos.models import Image
from news.models import Article, Topic

DATA = DemoFiles(__name__)


def load_topics() -> dict[str, Topic]:
    """Create the demo topics that are missing; return every demo topic by slug."""
    return {
        row["slug"]: Topic.objects.get_or_create(slug=row["slug"], defaults=row)[0]
        for row in DATA.json("topics.json")
    }


def _tags() -> dict[str, Tag]:
    # Slugs are given in ASCII: left to itself, taggit would keep accents ("vélo"), which the
    # <slug:slug> converter of the tag pages does not match.
    return {
        row["name"]: Tag.objects.filter(Q(name=row["name"]) | Q(slug=row["slug"])).first()
        or Tag.objects.create(**row)
        for row in DATA.json("tags.json")
    }


def _library_image(slug: str, title: str, image: dict) -> Image:
    """Return the demo picture of ``slug`` from the library, added there the first time."""
    title = image.get("title") or title
    found = Image.objects.filter(title=title, alt=image["alt"]).first()
    if found:
        return found
    picture = Image(
        title=title,
        alt=image["alt"],
        caption=image.get("caption", ""),
        credit=image.get("credit", ""),
        licence=image.get("licence", "Tous droits réservés"),
    )
    picture.file.save(f"{slug}.jpg", ContentFile(DATA.bytes("images", f"{slug}.jpg")), save=False)
    return photos.save_image(image=picture)


def _create(row: dict, topic: Topic) -> Article:
    slug = row["slug"]
    image = row.get("image", {})
    article = Article(
        slug=slug,
        title=row["title"],
        lead=row["lead"],
        body=DATA.text("bodies", f"{slug}.html"),
        topic=topic,
        status=row["status"],
        publication_date=moment(row["published"]) if "published" in row else None,
        expiry_date=moment(row["expires"]) if "expires" in row else None,
        featured=row.get("featured", False),
        image=_library_image(slug, row["title"], image) if image else None,
    )
    article.full_clean()
    article.save()
    return article


def load() -> str:
    """Create the demo articles, topics and tags that are missing; return a short summary."""
    rows = DATA.json("articles.json")
    new_rows = missing(rows, Article)
    if new_rows:
        topics = load_topics()
        tags = _tags()
        created = [(row, _create(row, topics[row["topic"]])) for row in new_rows]
        # Links once every missing article exists; existing articles keep their own links.
        for row, article in created:
            article.tags.set([tags[name] for name in row["tags"]])
            article.related.set(Article.objects.filter(slug__in=row.get("related", ())))
    return summary(
        len(new_rows),
        f"{len(rows)} actualités",
        f"{len(DATA.json('topics.json'))} thèmes",
        f"{len(DATA.json('tags.json'))} mots-clés",
    )
