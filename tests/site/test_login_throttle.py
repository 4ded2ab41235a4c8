"""Sign-in throttling: a user name is locked for one address after a few wrong passwords."""

import logging
from datetime import timedelta
from html import unescape

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "Citadelle-2026!"
WRONG = "mauvais-mot-de-passe"
FORM_ERROR = "Veuillez compléter correctement les champs"


@pytest.fixture(autouse=True)
def throttle(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "cheffe", password=PASSWORD, is_staff=True, is_superuser=True
    )


def sign_in(client, password, *, username="cheffe", address="192.0.2.10", **extra):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **extra,
    )


def is_signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_a_few_wrong_passwords_lock_the_sign_in_even_with_the_right_one(client, editor):
    for _ in range(4):
        response = sign_in(client, WRONG)
        assert response.status_code == 200
        assert FORM_ERROR in unescape(response.content.decode())

    locked = sign_in(client, WRONG)
    right_password = sign_in(client, PASSWORD)

    html = unescape(locked.content.decode())
    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"
    assert "<h1>Connexion bloquée</h1>" in html
    assert "Réessayez dans 15 minutes." in html
    assert '<main id="contenu"' in html
    assert right_password.status_code == 429
    assert not is_signed_in(client)


def test_the_lock_ends_after_the_cool_off(client, editor, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(5):
        sign_in(client, WRONG)
    assert sign_in(client, PASSWORD).status_code == 429

    time_machine.shift(timedelta(minutes=16))

    assert sign_in(client, PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_the_lock_holds_one_user_name_from_one_address(client, editor, django_user_model):
    django_user_model.objects.create_user("redacteur", password=PASSWORD, is_staff=True)
    for _ in range(5):
        sign_in(client, WRONG)

    same_name_elsewhere = sign_in(client, PASSWORD, address="198.51.100.20")
    client.logout()
    other_name_same_address = sign_in(client, PASSWORD, username="redacteur")

    assert same_name_elsewhere.status_code == 302
    assert other_name_same_address.status_code == 302
    assert sign_in(client, PASSWORD).status_code == 429


def test_a_successful_sign_in_resets_the_count(client, editor):
    for _ in range(4):
        sign_in(client, WRONG)
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()

    responses = [sign_in(client, WRONG).status_code for _ in range(4)]

    assert responses == [200] * 4


def test_behind_a_proxy_each_client_has_its_own_count(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for _ in range(5):
        sign_in(client, WRONG, address=proxy, headers={"x-forwarded-for": "203.0.113.5"})

    # The attacker writes another address in the header; the proxy appends the real one.
    spoofed = sign_in(
        client, PASSWORD, address=proxy, headers={"x-forwarded-for": "198.51.100.9, 203.0.113.5"}
    )
    colleague = sign_in(client, PASSWORD, address=proxy, headers={"x-forwarded-for": "203.0.113.6"})

    assert spoofed.status_code == 429
    assert colleague.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"


def test_failures_and_the_lockout_are_logged_once_without_the_password(client, editor, caplog):
    with caplog.at_level(logging.INFO):
        responses = [sign_in(client, WRONG).status_code for _ in range(30)]

    lockouts = [r for r in caplog.records if "Locking out" in r.getMessage()]
    assert len(lockouts) == 1
    assert lockouts[0].levelno == logging.WARNING
    assert "192.0.2.10" in lockouts[0].getMessage()
    assert WRONG not in caplog.text
    assert responses == [200] * 4 + [429] * 26
    # Attempts against a locked pair are not recorded: its row stays the same size.
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == 5
    assert attempt.post_data.count("password=") == 5
    assert WRONG not in attempt.post_data
