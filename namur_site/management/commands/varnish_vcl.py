import html
import ipaddress
from pathlib import Path
from string import Template

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import views

TEMPLATE = Path(settings.PACKAGE_DIR) / "deploy" / "varnish.vcl"


# varnishd's parameters the VCL needs: an address up to 200,000 characters reaches vcl_recv,
# which answers the site's 414 past URL_MAX_LENGTH, instead of Varnish cutting the connection.
# `make serve` passes the same.
VARNISHD_PARAMS = ["-p", "http_req_size=256k", "-p", "workspace_client=512k"]


class VclTemplate(Template):
    # VCL's regular expressions are full of "$": placeholders are written @{NAME}.
    delimiter = "@"


def _vcl_string(text: str) -> str:
    """Return ``text`` for a VCL long string {"…"}, which it must not close."""
    return text.replace('"}', '" }')


def render_vcl(*, backend: str, purgers: list[str]) -> str:
    """Return the site's VCL for a backend ``host:port`` and the addresses allowed to purge."""
    host, _, port = backend.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"« {backend} » : indiquez l’adresse du serveur sous la forme hôte:port.")
    acl = []
    for purger in purgers:
        network = ipaddress.ip_network(purger, strict=False)
        if network.num_addresses == 1:
            acl.append(f'    "{network.network_address}";')
        else:
            acl.append(f'    "{network.network_address}"/{network.prefixlen};')
    city = html.escape(settings.CITY["name"]).replace('"}', "")
    return VclTemplate(TEMPLATE.read_text()).substitute(
        BODY_MAX_BYTES=settings.REQUEST_BODY_MAX_MB * 1024 * 1024,
        ADMIN_BODY_MAX_BYTES=settings.ADMIN_REQUEST_BODY_MAX_MB * 1024 * 1024,
        URL_TOO_LONG=settings.URL_MAX_LENGTH + 1,
        PAGE_413=_vcl_string(views.request_too_large().content.decode()),
        PAGE_414=_vcl_string(views.uri_too_long().content.decode()),
        BACKEND_HOST=host.strip("[]"),
        BACKEND_PORT=port,
        PURGERS="\n".join(acl),
        SESSION_COOKIE=settings.SESSION_COOKIE_NAME,
        CSRF_COOKIE=settings.CSRF_COOKIE_NAME,
        CITY_NAME=city,
    )


class Command(BaseCommand):
    help = "Écrit la configuration de Varnish (VCL) du site pour un serveur d’application donné."

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            default="127.0.0.1:8081",
            help="Adresse hôte:port de gunicorn, derrière Varnish (défaut : 127.0.0.1:8081).",
        )
        parser.add_argument(
            "--purger",
            action="append",
            dest="purgers",
            help="Adresse ou réseau autorisé à purger (répétable ; défaut : 127.0.0.1 et ::1).",
        )

    def handle(self, *args, backend, purgers, **options):
        try:
            vcl = render_vcl(backend=backend, purgers=purgers or ["127.0.0.1", "::1"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(vcl, ending="")
