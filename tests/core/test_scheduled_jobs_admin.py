"""« Tâches planifiées » in the admin: what each daily job did last, read only, for staff allowed."""

from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from core import scheduled_jobs
from core.models import JobOutcome, ScheduledJob
from tests.core.publishing.test_journey import log_in
from tests.support import browser as tools

LIST = "/admin/core/scheduledjob/"
SCREENSHOT = Path(__file__).resolve().parents[2] / "test-artifacts" / "scheduled-jobs-admin.png"


@pytest.fixture
def jobs(db):
    """The site's four jobs: one never run, one run well, one failed, one running."""
    scheduled_jobs.sync()
    started = timezone.now() - timedelta(hours=2)
    ScheduledJob.objects.filter(name="purge_press_list").update(
        last_started_at=started,
        last_finished_at=started + timedelta(seconds=2),
        last_outcome=JobOutcome.SUCCEEDED,
        last_output=(
            "Confirmation : 7 jours ; inscriptions non confirmées d’avant le 1 mars.\n"
            "2 abonné(s) non confirmé(s) effacé(s)."
        ),
        last_worker="worker-1",
    )
    ScheduledJob.objects.filter(name="purge_accreditations").update(
        last_started_at=started,
        last_finished_at=started + timedelta(seconds=1),
        last_outcome=JobOutcome.FAILED,
        last_error="OperationalError",
        last_output="<script>alert(1)</script>",
    )
    ScheduledJob.objects.filter(name="axes_reset_logs").update(
        last_started_at=timezone.now(), last_outcome=JobOutcome.RUNNING
    )
    return {job.name: job for job in ScheduledJob.objects.all()}


def page_text(response) -> str:
    return unescape(response.content.decode())


def test_superusers_see_each_job_in_french_with_its_last_run(admin_client, jobs):
    response = admin_client.get(LIST)

    assert response.status_code == 200
    html = page_text(response)
    assert "Tâches planifiées" in html
    assert "Effacement des abonnés non confirmés de la liste de presse" in html
    assert "Nettoyage des tâches en arrière-plan terminées (14 jours)" in html
    rows = {row.name: row for row in response.context["cl"].result_list}
    assert set(rows) == set(scheduled_jobs.configured_jobs())
    assert '<td class="field-time_of_day">3\xa0h\xa020</td>' in html
    assert '<td class="field-outcome">Réussie</td>' in html
    assert '<td class="field-outcome">Échec : OperationalError</td>' in html
    assert '<td class="field-outcome">Jamais lancée</td>' in html
    assert '<td class="field-outcome">En cours</td>' in html
    assert '<td class="field-output_excerpt">2 abonné(s) non confirmé(s) effacé(s).</td>' in html
    # Read only: nothing to add, select or delete.
    assert "/admin/core/scheduledjob/add/" not in html
    assert 'name="_selected_action"' not in html
    assert "lance chacune de ces tâches une fois par jour" in html


def test_a_job_page_shows_its_whole_output_escaped_and_nothing_to_change(admin_client, jobs):
    job = jobs["purge_accreditations"]

    response = admin_client.get(f"{LIST}{job.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "Effacement des données des demandes d’accréditation échues" in unescape(html)
    assert 'type="submit"' not in html.split('id="content-main"')[1]
    assert admin_client.post(f"{LIST}{job.pk}/delete/").status_code == 403
    assert admin_client.post(f"{LIST}{job.pk}/change/", {}).status_code == 403


@pytest.mark.parametrize(
    ("permissions", "status"),
    [(("view_scheduledjob",), 200), (("change_scheduledjob",), 200), ((), 403)],
)
def test_staff_see_the_page_with_the_view_permission_only(
    client, jobs, make_staff, permissions, status
):
    client.force_login(make_staff("exploitation", *permissions))

    assert client.get(LIST).status_code == status


def test_the_admin_index_links_the_page_and_tells_of_a_failed_job(admin_client, jobs):
    html = page_text(admin_client.get("/admin/"))

    assert f'<a href="{LIST}">Tâches planifiées</a>' in html
    assert "Fonctionnement du site" in html
    assert (
        "La tâche planifiée « Effacement des données des demandes d’accréditation échues » a "
        "échoué le "
    ) in html
    assert "(OperationalError). " in html
    assert f'<a href="{LIST}">Voir les tâches planifiées</a>' in html


def test_staff_who_may_not_see_the_jobs_are_not_told_of_a_failure(client, jobs, make_staff):
    client.force_login(make_staff("redacteur", "view_article"))

    html = page_text(client.get("/admin/"))

    assert "Tâches planifiées" not in html
    assert "La tâche planifiée" not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_in_the_browser(live_server, monkeypatch, jobs):
    tools.require_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    User.objects.create_superuser("admin", password="mot-de-passe-long")
    base = live_server.url

    with sync_playwright() as playwright:
        browser = tools.launch(playwright)
        try:
            page, problems = tools.open_page(browser)
            page.set_viewport_size({"width": 1280, "height": 800})
            log_in(page, base, "admin", "/admin/")
            with page.expect_navigation():
                page.get_by_role("link", name="Tâches planifiées", exact=True).click()

            expect(page.locator("h1")).to_have_text("Tâches planifiées")
            expect(page.locator("#result_list tbody tr")).to_have_count(4)
            expect(page.locator("#result_list")).to_contain_text("Échec : OperationalError")
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
            with page.expect_navigation():
                page.get_by_role("link", name="Effacement des abonnés non confirmés").click()
            expect(page.locator(".scheduled-job-output")).to_contain_text(
                "2 abonné(s) non confirmé(s) effacé(s)."
            )
            page.screenshot(path=str(SCREENSHOT.with_name("scheduled-job-admin.png")))
            # axe-core, injected by the test, adds inline styles of its own to an admin change
            # page, which the CSP refuses: the pages' own problems are those before axe ran.
            page_problems = list(problems)
            violations = tools.run_axe(page)
            page.go_back()
            violations += tools.run_axe(page)
        finally:
            browser.close()

    assert [violation["id"] for violation in violations] == []
    assert page_problems == []
