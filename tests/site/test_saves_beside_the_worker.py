"""Editors' saves on the site as ``make run`` starts it: runserver and the mail worker on SQLite."""

import io
import re
import sqlite3
import threading

from PIL import Image

from tests.support.site import Site, read_form

ROUNDS = 4


def jpeg(colour: str) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (640, 400), colour).save(output, "JPEG")
    return output.getvalue()


def ids(site: Site, table: str) -> list[int]:
    with sqlite3.connect(site.database) as connection:
        return [row[0] for row in connection.execute(f"SELECT id FROM {table} ORDER BY id")]  # noqa: S608


def outcome(what: str, answer) -> tuple[str, int, str]:
    """Return what a save answered: its status and, when it failed, the page's title."""
    title = re.search(r"<title>(.*?)</title>", answer.text, re.S)
    return (what, answer.status, "" if answer.status == 302 else " ".join(title[1].split()))


def attachment_row(form_html: str) -> str:
    """Return the prefix of the empty attachment row the form offers."""
    form = read_form(form_html, "pressrelease_form")
    total = int(form.value("attachments-TOTAL_FORMS"))
    return f"attachments-{total - 1}"


def editor(site: Site, number: int, articles, releases, start: threading.Barrier, answers):
    client = site.admin()
    start.wait()
    for round_ in range(ROUNDS):
        article = articles[(number + 2 * round_) % len(articles)]
        page = client.get("/admin/photos/image/add/")
        form = read_form(page.text, "image_form")
        form.set("title", f"Image {number}-{round_}")
        form.set("alt", "Une image unie")
        form.attach("file", "image.jpg", jpeg("teal"))
        answers.append(outcome("image", client.submit(page, form, button="_save")))
        page = client.get(f"/admin/news/article/{article}/change/")
        form = read_form(page.text, "article_form")
        answers.append(outcome("article", client.submit(page, form, button="_save")))
        release = releases[(number + 2 * round_) % len(releases)]
        path = f"/admin/press/pressrelease/{release}/change/"
        page = client.get(path)
        form = read_form(page.text, "pressrelease_form")
        row = attachment_row(page.text)
        form.set(f"{row}-title", f"Photo {number}-{round_}")
        form.attach(f"{row}-file", "photo.jpg", jpeg("navy"))
        answers.append(outcome("release", client.submit(page, form, button="_save")))
        page = client.get("/admin/auth/user/add/")
        form = read_form(page.text, "user_form")
        form.set("username", f"redacteur-{number}-{round_}")
        form.set("password1", "Une phrase de passe solide 42")
        form.set("password2", "Une phrase de passe solide 42")
        answers.append(outcome("user", client.submit(page, form, button="_save")))


def test_two_editors_save_beside_the_worker_without_an_error(site_processes):
    site = site_processes
    articles = ids(site, "news_article")
    releases = ids(site, "press_pressrelease")
    assert site.orphan_files() == set()
    start = threading.Barrier(2)
    answers: list[tuple[str, int, str]] = []
    failures = []

    def run(number):
        try:
            editor(site, number, articles, releases, start, answers)
        except BaseException as error:
            failures.append(error)
            start.abort()

    threads = [threading.Thread(target=run, args=(number,)) for number in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert [answer for answer in answers if answer[1] != 302] == []
    assert len(answers) == 2 * 4 * ROUNDS
    assert site.orphan_files() == set()
    assert site.worker.poll() is None, site.log("worker")
