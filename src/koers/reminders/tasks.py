"""The reminders as a job of the task queue, for a scheduler that enqueues it."""

from typing import Any

from django_tasks import task

from koers.reminders.services import send_reminders


@task()
def send_reminders_job() -> dict[str, Any]:
    outcome = send_reminders()
    return {"sent": outcome.sent, "items": outcome.items, "failed": outcome.failed}
