import pytest
from django.contrib.auth.models import Group

from core.models import Status

ROLES = ("Rédacteur", "Éditeur en chef", "Service presse")


@pytest.fixture
def make_member(django_user_model):
    """Return a factory of staff users holding one of the roles the migration created."""

    def make(role: str, username: str | None = None):
        user = django_user_model.objects.create_user(
            username or f"user-{ROLES.index(role)}",
            password="secret",
            is_staff=True,
            first_name=role.split()[0],
            last_name="Namur",
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def redacteur(make_member):
    return make_member("Rédacteur", "redacteur")


@pytest.fixture
def chef(make_member):
    return make_member("Éditeur en chef", "chef")


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_data(article, **overrides) -> dict:
    """Return the admin change form of ``article`` as a browser would post it, unchanged."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "body": article.body,
        "topic": article.topic_id,
        "status": article.status,
        "publication_date_0": "",
        "publication_date_1": "",
        "expiry_date_0": "",
        "expiry_date_1": "",
    }
    if article.pk and hasattr(article, "related"):
        data["related"] = [str(pk) for pk in article.related.values_list("pk", flat=True)]
    if getattr(article, "image_id", None):
        data["image"] = str(article.image_id)
    if article.publication_date:
        from django.utils import timezone

        local = timezone.localtime(article.publication_date)
        data["publication_date_0"] = local.strftime("%d/%m/%Y")
        data["publication_date_1"] = local.strftime("%H:%M:%S")
    data.update(overrides)
    return data


def release_data(release, **overrides) -> dict:
    data = article_data(release)
    data.update(
        place=release.place,
        quote_text=release.quote_text,
        quote_speaker=release.quote_speaker,
        quote_role=release.quote_role,
        editors_notes=release.editors_notes,
        **management("release_contacts"),
        **management("attachments"),
    )
    if release.number:
        data.update(management("corrections"))
    data.update(overrides)
    return data


__all__ = ["ROLES", "Status", "article_data", "management", "release_data"]
