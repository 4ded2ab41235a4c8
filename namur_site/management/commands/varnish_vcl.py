import html
import ipaddress
import re
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

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


DIRECTORS = ("round_robin", "random")


def _backend(name: str, address: str) -> str:
    host, _, port = address.rpartition(":")
    if not re.fullmatch(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]", host) or not port.isdigit():
        raise ValueError(f"« {address} » : indiquez l’adresse du serveur sous la forme hôte:port.")
    # The health probe names the site, not the app server's address, which ALLOWED_HOSTS does
    # not list: Django would answer it 400 and Varnish would leave every server out.
    site_host = urlsplit(settings.SITE_URL).netloc
    return (
        f"backend {name} {{\n"
        f'    .host = "{host.strip("[]")}";\n'
        f'    .port = "{port}";\n'
        f'    .host_header = "{site_host}";\n'
        "    .connect_timeout = 1s;\n"
        "    .first_byte_timeout = 30s;\n"
        "    .between_bytes_timeout = 10s;\n"
        "    .probe = healthz;\n"
        "}"
    )


def _retry_elsewhere(names: list[str]) -> str:
    """Return the VCL sending a retried fetch to the first healthy app server after the one
    that failed (to the next one if the probes see none healthy)."""
    lines = []
    for position, failed in enumerate(names):
        others = names[position + 1 :] + names[:position]
        if not others:
            continue
        lines.append(f'        if (bereq.http.X-Failed-Backend == "{failed}") {{')
        for number, name in enumerate(others[:-1]):
            keyword = "if" if number == 0 else "} elsif"
            lines += [
                f"            {keyword} (std.healthy({name})) {{",
                f"{' ' * 16}set bereq.backend = {name};",
            ]
        indent = " " * (16 if len(others) > 1 else 12)
        if len(others) > 1:
            lines.append("            } else {")
        lines.append(f"{indent}set bereq.backend = {others[-1]};")
        if len(others) > 1:
            lines.append("            }")
        lines.append("        }")
    if not lines:
        return ""
    return "\n".join(["    if (bereq.retries > 0) {", *lines, "    }"])


def render_vcl(*, backends: list[str], purgers: list[str], director: str = "round_robin") -> str:
    """Return the site's VCL for app servers ``host:port`` and the addresses allowed to purge."""
    if not backends:
        raise ValueError("Indiquez au moins un serveur d’application (--backend hôte:port).")
    if director not in DIRECTORS:
        raise ValueError(f"« {director} » : le répartiteur est round_robin ou random.")
    names = [f"app{number}" for number in range(1, len(backends) + 1)]
    definitions = [_backend(name, address) for name, address in zip(names, backends, strict=True)]
    weight = ", 1.0" if director == "random" else ""
    members = [f"    app.add_backend({name}{weight});" for name in names]
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
        BACKENDS="\n\n".join(definitions),
        DIRECTOR=director,
        DIRECTOR_MEMBERS="\n".join(members),
        RETRY_ELSEWHERE=_retry_elsewhere(names),
        PURGERS="\n".join(acl),
        SESSION_COOKIE=settings.SESSION_COOKIE_NAME,
        CSRF_COOKIE=settings.CSRF_COOKIE_NAME,
        CITY_NAME=city,
    )


class Command(BaseCommand):
    help = (
        "Écrit la configuration de Varnish (VCL) du site devant un ou plusieurs serveurs "
        "d’application."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            action="append",
            dest="backends",
            help=(
                "Adresse hôte:port d’un gunicorn derrière Varnish (répétable, ou plusieurs "
                "séparées par des virgules : un répartiteur les sert à tour de rôle, chacun "
                "surveillé sur /healthz ; défaut : 127.0.0.1:8081)."
            ),
        )
        parser.add_argument(
            "--director",
            choices=DIRECTORS,
            default="round_robin",
            help="Répartition entre les serveurs : round_robin (défaut) ou random.",
        )
        parser.add_argument(
            "--purger",
            action="append",
            dest="purgers",
            help=(
                "Adresse ou réseau autorisé à purger (répétable, ou plusieurs séparés par des "
                "virgules ; défaut : 127.0.0.1 et ::1)."
            ),
        )

    def handle(self, *args, backends, director, purgers, **options):
        # Lists separated by commas too: a systemd unit passes one variable of its environment file.
        backends = _split(backends)
        purgers = _split(purgers)
        try:
            vcl = render_vcl(
                backends=backends or ["127.0.0.1:8081"],
                purgers=purgers or ["127.0.0.1", "::1"],
                director=director,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(vcl, ending="")


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]
