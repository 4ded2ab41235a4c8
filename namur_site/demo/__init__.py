"""Demo content of the site itself: the site's name and the editor-managed legal pages.

A page is created only when its address is free, so an editor's changes survive a new load.
"""

from django.contrib.flatpages.models import FlatPage

from core.demo_helpers import DemoFiles, missing, summary
from namur_site.sites import sync_current_site

DATA = DemoFiles(__name__)


def load() -> str:
    """Name the site and create the legal pages that are missing."""
    site = sync_current_site()
    pages = DATA.json("legal_pages.json")
    new_pages = missing(pages, FlatPage, key="url")
    for row in new_pages:
        page = FlatPage.objects.create(
            url=row["url"],
            title=row["title"],
            content=DATA.text("legal", f"{row['url'].strip('/')}.html"),
        )
        page.sites.add(site)
    return summary(len(new_pages), f"{len(pages)} pages légales")
