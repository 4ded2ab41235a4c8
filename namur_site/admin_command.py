"""``namur-admin``: django-admin with the site's settings, for a site installed from the wheel.

What ``manage.py`` is in the repository: ``namur-admin migrate``, ``namur-admin db_worker``…
The environment (or a ``.env`` file) configures the site as it does ``manage.py``.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "namur_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
