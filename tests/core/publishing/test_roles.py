"""Each role may do what its job needs and nothing more, whatever path the request takes."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from core.models import Status
from core.publishing import workflow
from tests.core.publishing.conftest import ROLES
from tests.news.factories import ArticleFactory
from tests.press.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db

FACTORIES = {"article": ArticleFactory, "pressrelease": PressReleaseFactory}

# (role, kind, action) -> allowed. Actions run through the service functions, as the admin's
# buttons and list actions do.
EXPECTED = {
    **{("Rédacteur", kind, "submit"): True for kind in FACTORIES},
    **{
        ("Rédacteur", kind, action): False
        for kind in FACTORIES
        for action in ("publish", "schedule", "unpublish", "delete_published")
    },
    **{
        ("Éditeur en chef", kind, action): True
        for kind in FACTORIES
        for action in ("submit", "publish", "schedule", "unpublish", "delete_published")
    },
    ("Service presse", "pressrelease", "submit"): True,
    ("Service presse", "pressrelease", "publish"): True,
    ("Service presse", "pressrelease", "schedule"): True,
    ("Service presse", "pressrelease", "unpublish"): True,
    ("Service presse", "pressrelease", "delete_published"): True,
    **{
        ("Service presse", "article", action): False
        for action in ("submit", "publish", "schedule", "unpublish", "delete_published")
    },
}


def run(action, item, user):
    if action == "submit":
        workflow.submit_for_review(item=item, user=user)
    elif action == "publish":
        workflow.publish(item=item, user=user)
    elif action == "schedule":
        workflow.publish(item=item, user=user, at=timezone.now() + timedelta(days=2))
    elif action == "unpublish":
        workflow.unpublish(item=item, user=user)
    elif action == "delete_published":
        workflow.check_delete(item=item, user=user)
        item.delete()


@pytest.mark.parametrize(
    ("role", "kind", "action"), sorted(EXPECTED), ids=["-".join(key) for key in sorted(EXPECTED)]
)
def test_each_role_may_only_do_its_job(make_member, role, kind, action):
    user = make_member(role)
    published = action in ("unpublish", "delete_published")
    item = FACTORIES[kind](status=Status.PUBLISHED if published else Status.DRAFT)
    model = type(item)
    before = model.objects.filter(pk=item.pk).values().get()

    if EXPECTED[role, kind, action]:
        run(action, item, user)
        if action == "delete_published":
            assert not model.objects.filter(pk=item.pk).exists()
        else:
            item.refresh_from_db()
            expected = {
                "submit": Status.REVIEW,
                "publish": Status.PUBLISHED,
                "schedule": Status.PUBLISHED,
                "unpublish": Status.UNPUBLISHED,
            }[action]
            assert item.status == expected
            assert workflow.revisions_of(item).first().user == user
    else:
        with pytest.raises(workflow.WorkflowError) as refused:
            run(action, model.objects.get(pk=item.pk), user)
        assert refused.value.message
        assert model.objects.filter(pk=item.pk).values().get() == before


def test_publishing_a_release_through_the_workflow_numbers_it(make_member):
    user = make_member("Service presse")
    release = PressReleaseFactory(status=Status.DRAFT)
    assert release.number is None

    workflow.publish(item=release, user=user)

    release.refresh_from_db()
    assert release.number and release.number.startswith("CP-")
    assert release.is_live()


def test_the_roles_exist_with_their_permissions():
    chef = Group.objects.get(name="Éditeur en chef").permissions.values_list("codename", flat=True)
    redacteur = Group.objects.get(name="Rédacteur").permissions.values_list("codename", flat=True)
    presse = Group.objects.get(name="Service presse").permissions.values_list("codename", flat=True)

    assert {"publish_article", "publish_pressrelease", "delete_article"} <= set(chef)
    assert {"add_article", "change_article", "add_pressrelease"} <= set(redacteur)
    assert not {"publish_article", "publish_pressrelease"} & set(redacteur)
    assert {
        "publish_pressrelease",
        "change_presscontact",
        "change_event",
        "review_accreditationrequest",
        "download_documents",
    } <= set(presse)
    assert not {"publish_article", "change_article"} & set(presse)


def test_the_roles_migration_creates_missing_permissions_itself():
    """On a fresh database the custom permissions do not exist yet when the roles are made."""
    migration = importlib.import_module("namur_site.migrations.0003_editorial_roles")
    Group.objects.filter(name__in=ROLES).delete()
    Permission.objects.filter(codename__startswith="publish_").delete()

    migration.create_roles(django_apps, None)

    chef = Group.objects.get(name="Éditeur en chef")
    assert chef.permissions.filter(codename="publish_article").exists()
    assert Group.objects.filter(name__in=ROLES).count() == 3
