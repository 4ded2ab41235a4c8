"""The apps the site installs from elsewhere, under the French names editors read in the admin.

INSTALLED_APPS names these classes instead of the packages: each keeps its package's name,
label and start-up work, and only its displayed name changes. Their models' names are
translated in the site's catalogue (``locale/``), as the packages mark them for translation.
"""

from axes.apps import AppConfig as AxesAppConfig
from csp.apps import CspConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_prose_editor.apps import DjangoProseEditorConfig
from django_tasks.apps import TasksAppConfig
from django_tasks_db.apps import TasksAppConfig as DatabaseTasksAppConfig
from taggit.apps import TaggitAppConfig


class TagsConfig(TaggitAppConfig):
    verbose_name = _("Étiquettes")

    def ready(self):
        super().ready()
        from taggit.models import Tag

        from core.french import slug_of

        def slugify(tag, name, i=None):
            slug = slug_of(name)
            return slug if i is None else f"{slug}_{i}"

        # taggit's hook for the slug of a new tag is this method, meant to be overridden in a
        # tag model of one's own; replacing it here keeps taggit's tables as they are.
        # « fin d’année » → « fin-d-annee », not « fin-dannee ».
        Tag.slugify = slugify


class LoginSecurityConfig(AxesAppConfig):
    verbose_name = _("Sécurité des connexions")


class TaskResultsConfig(DatabaseTasksAppConfig):
    verbose_name = _("Tâches en arrière-plan")


class TasksConfig(TasksAppConfig):
    verbose_name = _("Tâches")


class ContentSecurityPolicyConfig(CspConfig):
    verbose_name = _("Politique de sécurité du contenu")


class RichTextEditorConfig(DjangoProseEditorConfig):
    verbose_name = _("Éditeur de texte riche")


class PhoneNumbersConfig(AppConfig):
    name = "phonenumber_field"
    verbose_name = _("Numéros de téléphone")


class StaticFilesInDevelopmentConfig(AppConfig):
    name = "whitenoise.runserver_nostatic"
    verbose_name = _("Fichiers statiques en développement")
