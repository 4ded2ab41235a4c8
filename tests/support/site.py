"""The site started as ``make run`` starts it, in processes of the test's own, and a browser-less
admin client to drive it.

``start_site()`` makes a temporary SQLite file and media folders, runs ``migrate``, ``load_demo``
and ``demo_admin``, then starts ``runserver`` (without its reloader) on a free port and
``db_worker`` beside it, with the development settings (not the test settings): what a newcomer
runs. The ``site_processes`` fixture (tests/conftest.py) yields a ``Site``; request the
``site_inbox`` fixture too and the site's e-mail goes to an SMTP server of the test's own.
"""

import http.cookiejar
import io
import mimetypes
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin
from urllib.request import HTTPCookieProcessor, HTTPErrorProcessor, Request, build_opener

from namur_site.auth import DEMO_PASSWORD, DEMO_USERNAME
from tests.support.processes import free_port, start, stop

ROOT = Path(__file__).resolve().parents[2]
# A server that is not up by then will not come up: its log says why.
START_SECONDS = 60
STOP_SECONDS = 10
# manage.py on the session's clock: a test run with the clock moved ahead (tests/clock.py) moves
# the site's processes with it, since they share its database.
MANAGE = [sys.executable, "-m", "tests.clock", "manage.py"]


@dataclass
class Site:
    """The running site: its address, the demo administrator, and where it keeps its data."""

    url: str
    username: str
    password: str
    database: Path
    media_root: Path
    private_media_root: Path
    logs: Path
    env: dict[str, str]
    server: subprocess.Popen
    worker: subprocess.Popen
    inbox: object | None = None  # tests.support.smtp.Inbox when the site's e-mail goes to one

    def manage(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        """Run ``manage.py`` with the site's environment; return what it printed."""
        return subprocess.run(
            [*MANAGE, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )

    def admin(self) -> "AdminClient":
        """Return an HTTP session signed in to the admin as the demo administrator."""
        client = AdminClient(self.url)
        client.login(self.username, self.password)
        return client

    def media_files(self) -> set[str]:
        """Return the names, relative to MEDIA_ROOT, of every file stored there."""
        return {
            path.relative_to(self.media_root).as_posix()
            for path in self.media_root.rglob("*")
            if path.is_file()
        }

    def orphan_files(self) -> set[str]:
        """Return the stored media files that no row of the database names.

        A rendition, or a library image's card crop, belongs to its original: it is an orphan when
        its original is one.
        """
        connection = sqlite3.connect(self.database)
        try:
            dump = "\n".join(connection.iterdump())
        finally:
            connection.close()
        files = self.media_files()
        originals = {name for name in files if "/renditions/" not in name}
        named = {name for name in originals if name in dump}
        orphans = originals - named
        for name in files - originals:
            folder, _, filename = name.partition("/renditions/")
            stem = re.sub(r"(?:-card-f[0-9]+-[0-9]+)?-[0-9]+w\.(?:webp|jpg)$", "", filename)
            if not any(original.startswith(f"{folder}/{stem}.") for original in named):
                orphans.add(name)
        return orphans

    def log(self, name: str) -> str:
        """Return what the process ``name`` (``server`` or ``worker``) has written so far."""
        return log_text(self.logs, name)


def site_env(workdir: Path, extra: dict[str, str]) -> dict[str, str]:
    """Return the environment of a site kept in ``workdir`` (SQLite file, media), ``extra`` last."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "NAMUR_", "PYTEST_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "namur_site.settings",
            "DJANGO_ENV": "development",
            "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
            "MEDIA_ROOT": str(workdir / "media"),
            "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
            "CACHE_URL": "locmemcache://",
            "EMAIL_URL": "consolemail://",
            "VARNISH_URLS": "",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


@contextmanager
def start_site(workdir: Path, *, env: dict[str, str] | None = None) -> Iterator[Site]:
    """Run the site in ``workdir`` as ``make run`` does, until the block ends.

    ``env`` adds or overrides variables, e.g. ``EMAIL_URL`` (see ``smtp_url()``).
    """
    for folder in ("media", "private", "logs"):
        (workdir / folder).mkdir(parents=True, exist_ok=True)
    environment = site_env(workdir, env or {})
    port = free_port()
    environment.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    logs = workdir / "logs"
    with open(logs / "setup.log", "w") as setup_log:
        for command in (["migrate", "--noinput"], ["load_demo"], ["demo_admin"]):
            subprocess.run(
                [*MANAGE, *command],
                cwd=ROOT,
                env=environment,
                stdout=setup_log,
                stderr=subprocess.STDOUT,
                timeout=300,
                check=True,
            )
    started = []
    try:
        for name, command, listens in (
            ("worker", ["db_worker", "--no-reload"], None),
            ("server", ["runserver", "--noreload", f"127.0.0.1:{port}"], port),
        ):
            with open(logs / f"{name}.log", "w") as log:
                try:
                    process = start(
                        [*MANAGE, *command],
                        port=listens,
                        seconds=START_SECONDS,
                        output=log,
                        cwd=ROOT,
                        env=environment,
                    )
                except RuntimeError:
                    raise RuntimeError(f"{name} did not start:\n" + log_text(logs, name)) from None
                started.append(process)
        worker, server = started
        yield Site(
            url=f"http://127.0.0.1:{port}",
            username=DEMO_USERNAME,
            password=DEMO_PASSWORD,
            database=workdir / "db.sqlite3",
            media_root=workdir / "media",
            private_media_root=workdir / "private",
            logs=logs,
            env=environment,
            server=server,
            worker=worker,
        )
    finally:
        for process in reversed(started):
            stop(process, seconds=STOP_SECONDS)


def log_text(logs: Path, name: str) -> str:
    return (logs / f"{name}.log").read_text(errors="replace")


def smtp_url(port: int) -> str:
    """Return the EMAIL_URL that sends the site's e-mail in clear to 127.0.0.1:``port``."""
    return f"smtp://127.0.0.1:{port}"


# The admin, driven over HTTP as a browser without JavaScript would.


@dataclass
class Response:
    status: int
    url: str
    headers: dict[str, str]
    text: str

    @property
    def redirect(self) -> str | None:
        return self.headers.get("location")


class _NoRedirect(HTTPErrorProcessor):
    def http_response(self, request, response):
        return response

    https_response = http_response


@dataclass
class Form:
    """The values a browser would send for one ``<form>``, and its address."""

    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def set(self, name: str, value: str) -> None:
        self.fields = [(key, v) for key, v in self.fields if key != name] + [(name, value)]

    def value(self, name: str) -> str | None:
        return next((v for key, v in self.fields if key == name), None)

    def attach(self, name: str, filename: str, content: bytes) -> None:
        self.files[name] = (filename, content)


class _FormParser(HTMLParser):
    """Read the first form whose id matches (or the first form), as a browser submits it."""

    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.form: Form | None = None
        self.inside = False
        self.done = False
        self.select: str | None = None
        self.select_multiple = False
        self.select_values: list[str] = []
        self.select_first: str | None = None
        self.option: dict | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "form" and not self.inside:
            if self.form_id is None or attrs.get("id") == self.form_id:
                self.inside = True
                self.form = Form(action=attrs.get("action") or "")
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.form.fields.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self.form.fields.append((name, attrs.get("value", "")))
        elif tag == "select" and name and "disabled" not in attrs:
            self.select, self.select_multiple = name, "multiple" in attrs
            self.select_values, self.select_first = [], None
        elif tag == "option" and self.select:
            self.option = attrs
            value = attrs.get("value")
            if value is not None:
                self._option(attrs, value)
            self.text = ""
        elif tag == "textarea" and name and "disabled" not in attrs:
            self.textarea, self.text = name, ""

    def _option(self, attrs, value):
        if self.select_first is None:
            self.select_first = value
        if "selected" in attrs:
            self.select_values.append(value)
        self.option = None

    def handle_data(self, data):
        if self.textarea is not None or self.option is not None:
            self.text += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "option" and self.option is not None:
            self._option(self.option, self.text.strip())
        elif tag == "select" and self.select:
            values = self.select_values
            if not values and not self.select_multiple and self.select_first is not None:
                values = [self.select_first]
            self.form.fields += [(self.select, value) for value in values]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the newline that follows <textarea>.
            self.form.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.inside, self.done = False, True


def read_form(html: str, form_id: str | None = None) -> Form:
    parser = _FormParser(form_id)
    parser.feed(html)
    if parser.form is None:
        raise AssertionError(f"no form {form_id or ''} in the page")
    return parser.form


def _multipart(fields: list[tuple[str, str]], files: dict[str, tuple[str, bytes]]):
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for name, value in fields:
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        )
        body.write(value.encode() + b"\r\n")
    for name, (filename, content) in files.items():
        media_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        body.write(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {media_type}\r\n\r\n'
            ).encode()
        )
        body.write(content + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


class AdminClient:
    """One person's HTTP session with the site: cookies, CSRF token, no JavaScript."""

    def __init__(self, base_url: str):
        if not base_url.startswith("http://127.0.0.1:"):
            raise ValueError("the admin client only talks to a site on 127.0.0.1")
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies), _NoRedirect())

    def _open(self, request: Request) -> Response:
        # Only ever the site on 127.0.0.1 (checked in __init__), over plain HTTP.
        with self.opener.open(request, timeout=60) as response:
            return Response(
                status=response.status,
                url=request.full_url,
                headers={key.lower(): value for key, value in response.headers.items()},
                text=response.read().decode("utf-8", "replace"),
            )

    def get(self, path: str) -> Response:
        return self._open(Request(urljoin(self.base_url, path)))  # noqa: S310

    def submit(self, page: Response, form: Form, *, button: str | None = None) -> Response:
        """Post ``form`` of ``page`` as a browser would, pressing ``button`` (a name) if given."""
        fields = list(form.fields)
        if button:
            fields.append((button, "1"))
        url = urljoin(page.url, form.action or page.url)
        headers = {"Referer": page.url, "Origin": self.base_url}
        if form.files:
            body, content_type = _multipart(fields, form.files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        headers["Content-Type"] = content_type
        return self._open(Request(url, data=body, headers=headers, method="POST"))  # noqa: S310

    def login(self, username: str, password: str) -> None:
        page = self.get("/admin/login/?next=/admin/")
        form = read_form(page.text, "login-form")
        form.set("username", username)
        form.set("password", password)
        answer = self.submit(page, form)
        if answer.status != 302:
            raise AssertionError(f"admin sign-in refused ({answer.status})")
