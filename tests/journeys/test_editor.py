"""A Rédacteur writes an article with an image and submits it; the Éditeur en chef sends it back
with a comment; the writer fixes it and submits it again; the chief publishes it; readers see it.

Against the site as ``make run`` starts it (runserver and the mail worker, SQLite), in headless
Chromium, one window per person; every e-mail goes through the worker to an SMTP server of the
test's own, and each person follows the links of their e-mails.
"""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.journeys.steps import link, log_in, open_from_mail, shot, wait_for_mail
from tests.support import browser as tools

pytestmark = pytest.mark.browser

TITLE = "Le pont des Ardennes rouvre aux cyclistes"
LEAD = "Après six mois de travaux, le pont rouvre aux vélos et aux piétons."
FIXED_LEAD = (
    "Après six mois de travaux, le pont rouvre aux vélos et aux piétons dès le lundi 3 mars."
)
ALT = "Le pont des Ardennes vu depuis la rive de Jambes, une piste cyclable rouge au premier plan"
COMMENT = "Précisez la date de réouverture dans le chapô, s’il vous plaît."
WRITER, CHIEF = "redactrice@example.org", "chef@example.org"


def jpeg() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (1600, 1000), (40, 110, 150)).save(output, "JPEG", quality=85)
    return output.getvalue()


def admin_link(site, text: str) -> str:
    return link(text, rf"{re.escape(site.url)}/admin/news/article/\d+/change/")


def test_an_article_is_written_sent_back_fixed_and_published(site, browser):
    writer, writer_problems = tools.open_page(browser)
    chief, chief_problems = tools.open_page(browser)
    reader, reader_problems = tools.open_page(browser)

    # The writer writes the article, with an image and its alternative text, and submits it.
    log_in(writer, site, "redactrice", "/admin/news/article/add/")
    writer.get_by_label("Titre").fill(TITLE)
    writer.get_by_label("Chapô").fill(LEAD)
    writer.locator(".field-body [contenteditable=true]").click()
    writer.keyboard.type("Les cyclistes retrouvent leur passage entre Jambes et le centre.")
    # The image: uploaded to the photo library from its chooser, and chosen at once.
    writer.click(".field-image .photo-chooser__choose")
    dialog = writer.locator("dialog.photo-dialog")
    dialog.get_by_text("Ajouter une nouvelle image").click()
    dialog.locator("input[type=file]").set_input_files(
        files=[{"name": "pont.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
    )
    dialog.locator("#id_photo-title").fill("Pont des Ardennes")
    dialog.locator("#id_photo-alt").fill(ALT)
    dialog.get_by_role("button", name="Ajouter et choisir").click()
    expect(dialog).to_be_hidden()
    writer.locator(".field-topic .select2-selection").click()
    writer.locator("input[aria-controls=select2-id_topic-results]").fill("Mobi")
    writer.locator(".select2-results__option", has_text="Mobilité").click()
    shot(writer, "editor-01-writer-form", full_page=True)
    since = len(site.inbox.messages)
    with writer.expect_navigation():
        writer.locator(".workflow-bar button[name=_workflow][value=submit]").click()
    expect(writer.locator(".messagelist")).to_contain_text("En relecture")

    # The chief is told, follows the link and sends the article back with a comment.
    told = wait_for_mail(site, to=CHIEF, subject=f"À relire : « {TITLE} »", since=since)
    assert "Camille Hardy a soumis pour relecture" in " ".join(told.text.split())
    change = admin_link(site, told.text)
    open_from_mail(chief, change, "chef")
    expect(chief.locator(".workflow-state")).to_contain_text(["En relecture"] * 2)
    expect(chief.locator(".field-image .photo-chooser__preview")).to_contain_text(
        "Pont des Ardennes"
    )
    expect(chief.locator(".field-author_name .readonly")).to_have_text("Camille Hardy")
    chief.locator(".workflow-bar a.workflow-sendback").click()
    chief.get_by_label("Commentaire pour le rédacteur").fill(COMMENT)
    shot(chief, "editor-02-chief-sends-back")
    since = len(site.inbox.messages)
    with chief.expect_navigation():
        chief.locator("#send-back button[value=sendback]").click()
    expect(chief.locator(".messagelist")).to_contain_text("Brouillon")

    # The writer reads why, in the e-mail and on the article, fixes it and submits it again.
    back = wait_for_mail(site, to=WRITER, subject=f"À revoir : « {TITLE} »", since=since)
    assert COMMENT in back.text
    assert "Philippe Dethier vous renvoie" in " ".join(back.text.split())
    assert admin_link(site, back.text) == change
    open_from_mail(writer, change, "redactrice")
    banner = writer.locator(".pending-banner--sent-back")
    expect(banner).to_contain_text("Philippe Dethier vous a renvoyé ce contenu le ")
    expect(banner).to_contain_text(COMMENT)
    shot(writer, "editor-03-writer-reads-the-comment")
    writer.get_by_label("Chapô").fill(FIXED_LEAD)
    since = len(site.inbox.messages)
    with writer.expect_navigation():
        writer.locator(".workflow-bar button[name=_workflow][value=submit]").click()
    expect(writer.locator(".messagelist")).to_contain_text("En relecture")

    # The chief is told again and publishes it.
    told = wait_for_mail(site, to=CHIEF, subject=f"À relire : « {TITLE} »", since=since)
    assert admin_link(site, told.text) == change
    open_from_mail(chief, change, "chef")
    expect(chief.get_by_label("Chapô")).to_have_value(FIXED_LEAD)
    since = len(site.inbox.messages)
    with chief.expect_navigation():
        chief.locator(".workflow-bar button[name=_workflow][value=publish]").click()
    expect(chief.locator(".messagelist")).to_contain_text("Publié le")
    shot(chief, "editor-04-chief-published")

    # The writer hears it is published; readers see it, with its image.
    published = wait_for_mail(site, to=WRITER, subject=f"Publié : « {TITLE} »", since=since)
    public = link(published.text, rf"{re.escape(site.url)}/actualites/[\w-]+/")
    response = reader.goto(public)
    assert response.status == 200
    expect(reader.locator("h1")).to_have_text(TITLE)
    expect(reader.locator("main")).to_contain_text(FIXED_LEAD)
    image = reader.locator(f'main img[alt="{ALT}"]')
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    shot(reader, "editor-05-public-page", full_page=True)
    reader.goto(f"{site.url}/actualites/")
    expect(reader.locator("main").get_by_role("link", name=TITLE)).to_be_visible()

    for problems in (writer_problems, chief_problems, reader_problems):
        assert problems == [], "\n".join(problems)
