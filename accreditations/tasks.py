"""Background tasks (django-tasks): the worker, `manage.py db_worker`, runs them, never a request.

A task receives ids, never personal data, so the task table holds none.
"""

from django_tasks import task

from accreditations import services


@task()
def send_status_email_task(accreditation_id: int, sequence: int) -> str:
    """Send the e-mail numbered ``sequence`` of a request, or queue another attempt later."""
    return services.deliver_status_email(accreditation_id=accreditation_id, sequence=sequence)
