"""Settings for the test suite: fast hashing, e-mail kept in memory, a throw-away media folder."""

import tempfile

from namur_site.settings import *  # noqa: F403
from namur_site.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Queued tasks run at once, in the test's own thread, so that a test sees its e-mails in
# mail.outbox; tests/accreditations/test_mail_queue.py runs the real database queue and worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="namur-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="namur-test-private-")
# Browser journeys fill forms in milliseconds; tests of the minimum fill time raise it.
ACCREDITATION_MIN_FILL_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.files.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Serve static files straight from the source folders, as in development, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Purges leave with the save, in the test's thread, so that a test sees them when save() returns;
# tests/core/test_purge_fanout.py runs them in the background, as the site does.
PURGE_IN_BACKGROUND = False
# Views are tested as they run; tests/site/test_page_cache.py turns the page cache on.
PAGE_CACHE_SECONDS = 0
