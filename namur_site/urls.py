from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from core.files.media import serve_media
from core.legal_pages import legal_page
from core.publishing.link_chooser import link_chooser
from namur_site import views
from namur_site.sitemaps import SITEMAPS

admin.site.site_header = settings.CITY["name"] + " — administration"
admin.site.site_title = settings.CITY["name"]
admin.site.index_title = "Tableau de bord"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("actualites/", include("news.urls")),
    path("recherche/", views.SearchView.as_view(), name="search"),
    path("pages/<path:url>", legal_page, name="flatpage"),
    path("presse/", include("press.urls")),
    path("accreditations/", include("accreditations.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    path("impression.css", views.print_site_stylesheet, name="print-site"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "admin/liens-internes/",
        admin.site.admin_view(link_chooser),
        name="link-chooser",
    ),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    # Development, tests and a small single server (make serve); renditions are served with a
    # year-long Cache-Control, which Varnish honours too.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT}),
    ]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
