"""The framework floor: the smallest Django site, one view returning an HTML page of N bytes.

This module is its own settings, URL configuration and WSGI application, so that gunicorn runs
it with the site's gunicorn settings and nothing else of the project:

    DJANGO_SETTINGS_MODULE=bench.floor \
        gunicorn -c python:namur_site.gunicorn bench.floor:application

``GET /octets/<n>/`` answers ``n`` bytes of HTML. No middleware, no database, no template: what
is left is the cost of gunicorn and Django's request/response cycle, the most any page can reach.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "") or "floor-only-key-never-used-for-anything"
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True
USE_I18N = False

_PAGES: dict[int, bytes] = {}
_HEAD = b'<!DOCTYPE html>\n<html lang="fr-BE"><head><meta charset="utf-8"><title>Floor</title>'
_TAIL = b"</head><body><p>Floor</p></body></html>\n"


def page(request, size: int) -> HttpResponse:
    body = _PAGES.get(size)
    if body is None:
        padding = max(0, size - len(_HEAD) - len(_TAIL))
        body = _PAGES[size] = _HEAD + b"<!--" + b"x" * max(0, padding - 7) + b"-->" + _TAIL
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [path("octets/<int:size>/", page)]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", __name__)
application = get_wsgi_application()
