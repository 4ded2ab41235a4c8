"""Make a new server process as fast on its first readers as on the others.

Django compiles a template, reads a translation catalogue and builds the URL resolver the first
time a request needs them: 250 ms more on a process's first page here. A server just (re)started
behind Varnish gets the refreshes of every page purged meanwhile at once, and an edit took 3.3 s
to show in the cluster drill while the restarted server did all that. Gunicorn calls
``warm_up()`` in its master once the site is loaded, before it starts the workers, which inherit
the result; until then the server answers nothing, so Varnish's probe does not count it back.

Nothing here touches the database or the cache: a server must start while they are down.
"""

import contextlib
import logging
import time
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import TemplateSyntaxError, engines
from django.template.loader import get_template
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)


def site_template_names() -> list[str]:
    """Return the names of the site's own templates (not those of Django or other packages)."""
    project = Path(settings.BASE_DIR).resolve()
    folders = [*engines["django"].engine.dirs, *get_app_template_dirs("templates")]
    names = set()
    for folder in map(Path, folders):
        folder = folder.resolve()
        # A virtual environment may live inside the project: its packages are not the site's.
        if not folder.is_relative_to(project) or "site-packages" in folder.parts:
            continue
        names.update(str(path.relative_to(folder)) for path in folder.rglob("*.html"))
    return sorted(names)


def warm_up() -> dict:
    """Build what each request would otherwise build once per process; return what was done."""
    started = time.perf_counter()
    get_resolver()._populate()
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("Actualités")
    compiled = 0
    for name in site_template_names():
        try:
            get_template(name)
        except TemplateSyntaxError:
            # The page that uses it will report it, as without a warm-up.
            logger.exception("Warm-up: template %s does not compile", name)
        else:
            compiled += 1
    # No manifest yet (collectstatic not run): the pages will say so.
    with contextlib.suppress(ValueError):
        staticfiles_storage.url("css/site.css")
    return {"templates": compiled, "ms": round((time.perf_counter() - started) * 1000)}
