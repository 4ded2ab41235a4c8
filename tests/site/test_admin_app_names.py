"""The admin index as an editor reads it: every app and model under a French name."""

import re
from html import unescape

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.text import capfirst

pytestmark = pytest.mark.django_db

OUR_APPS = {
    "namur_site",
    "core",
    "core.photos",
    "news",
    "press",
    "accreditations",
    "press.presslist",
}


def index_names(client) -> tuple[list[str], list[str]]:
    html = unescape(client.get("/admin/").content.decode())
    apps_shown = re.findall(r"<caption>\s*<a [^>]*>([^<]+)</a>", html)
    models_shown = re.findall(r'<th scope="row"[^>]*>\s*<a [^>]*>([^<]+)</a>', html)
    return apps_shown, models_shown


def packages_own_names() -> set[str]:
    """The English names the installed packages give their apps and models themselves."""
    names = set()
    with translation.override("en"):
        for config in apps.get_app_configs():
            if config.name in OUR_APPS or config.name.startswith("django.contrib."):
                continue
            for base in type(config).__mro__:
                if "verbose_name" in vars(base) and base.__module__ != "namur_site.vendor_apps":
                    names.add(str(base.verbose_name))
                    break
            names.add(config.label.title())
            for model in config.get_models():
                names.add(capfirst(str(model._meta.verbose_name_plural)))
    return names


def test_a_superuser_sees_no_english_app_or_model_name_on_the_admin_index(admin_client):
    apps_shown, models_shown = index_names(admin_client)

    assert {"Étiquettes", "Sécurité des connexions", "Tâches en arrière-plan"} <= set(apps_shown)
    assert {"Étiquettes", "Tentatives de connexion", "Résultats des tâches"} <= set(models_shown)
    english = packages_own_names()
    assert {"Taggit", "Axes", "Task Results", "Tags", "Access attempts"} <= english
    assert [name for name in apps_shown + models_shown if name in english] == []


def test_every_installed_app_has_a_french_name():
    with translation.override("fr"):
        names = {config.name: str(config.verbose_name) for config in apps.get_app_configs()}

    assert names["taggit"] == "Étiquettes"
    assert names["axes"] == "Sécurité des connexions"
    assert names["django_tasks_db"] == "Tâches en arrière-plan"
    # A name Django makes up from the label (« Csp », « Phonenumber_Field ») is not French.
    assert [name for name, shown in names.items() if "_" in shown or shown == "Csp"] == []
