import io

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with an empty cache: rolled-back rows must not live on in it."""
    cache.clear()


@pytest.fixture
def demo(db):
    """Load the demo content, as ``make run`` does."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def make_staff(django_user_model):
    """Return a factory of staff users holding the given permissions."""

    def make(username="redacteur", *codenames):
        user = django_user_model.objects.create_user(username, password="secret", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        return user

    return make
