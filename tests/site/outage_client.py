"""Visit the site with Django's test client and print what came back, as JSON.

Run by tests/site/test_database_outage.py in a process of its own, whose DATABASE_URL points at a
database that cannot be reached: ``python -m tests.site.outage_client``.
"""

import json
import os

import django
from django.core.files.uploadedfile import SimpleUploadedFile

ACCREDITATION = {
    "first_name": "Claire",
    "last_name": "Dumont",
    "email": "claire.dumont@example.org",
    "phone": "+32 470 12 34 56",
    "outlet": "L’Avenir Namur",
    "media_type": "print",
    "role": "journalist",
    "press_card_number": "",
    "consent": "on",
    "website": "",
}


def visit() -> dict:
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.accreditations.conftest import PDF

    setup_test_environment()  # lets the client's host name in
    visitor = Client(raise_request_exception=False)
    requests = {
        "home": lambda: visitor.get("/"),
        "news": lambda: visitor.get("/actualites/"),
        "legal page": lambda: visitor.get("/pages/mentions-legales/"),
        "admin login": lambda: visitor.get("/admin/login/"),
        "admin sign-in": lambda: visitor.post(
            "/admin/login/", {"username": "admin", "password": "secret"}
        ),
        "accreditation": lambda: visitor.post(
            "/accreditations/visite-officielle/",
            {
                **ACCREDITATION,
                "assignment_letter": SimpleUploadedFile("lettre.pdf", PDF, "application/pdf"),
            },
        ),
        "healthz": lambda: visitor.get("/healthz"),
    }
    answers = {name: request() for name, request in requests.items()}
    # A member of staff already signed in: the admin reads the session from the database.
    staff = Client(raise_request_exception=False)
    staff.cookies[settings.SESSION_COOKIE_NAME] = "0123456789abcdefghijklmnopqrstuv"
    answers["admin change list"] = staff.get("/admin/news/article/")
    return {
        "responses": {
            name: {
                "status": response.status_code,
                "headers": dict(response.headers),
                "text": response.content.decode(),
            }
            for name, response in answers.items()
        },
        "stored_files": [
            name for _, _, names in os.walk(settings.PRIVATE_MEDIA_ROOT) for name in names
        ],
    }


if __name__ == "__main__":
    django.setup()
    print(json.dumps(visit()))
