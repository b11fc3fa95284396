"""Background jobs: start one from a request, report progress from the task, and never
let a failure pass unsaid.

A request calls `start()`, which records a `Job` and enqueues its task (django-tasks; the
database backend by default, run by `koers worker`), and sends the user to the job's page.
The task runs inside `running()`, which marks the job running, lets it report steps, and
stores the result, or the reason it failed.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import structlog
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.operations.models import Job

log = structlog.get_logger(__name__)


def job_address(pk: object) -> str:
    return reverse("job", args=[pk])


def start(
    task: Any, kind: str, title: str, *, key: str = "", user: Any = None, **kwargs: Any
) -> Job:
    """The job that makes this; one already made or under way for the same key is reused,
    so that the same report on the same data is rendered once."""
    if key:
        found = (
            Job.objects.filter(key=key).exclude(state=Job.State.FAILED).order_by("-created_at")
        ).first()
        if found is not None:
            return found
    job = Job.objects.create(
        kind=kind,
        title=title,
        key=key,
        requested_by=user if user is not None and user.is_authenticated else None,
    )
    task.enqueue(str(job.pk), **kwargs)
    log.info("job_queued", job=str(job.pk), kind=kind)
    return job


class Progress:
    """What a running task tells its job: the step it is at and how far along it is."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def step(self, text: str, percent: int) -> None:
        self.job.step, self.job.progress = text, max(0, min(100, percent))
        self.job.save(update_fields=["step", "progress"])

    def done(
        self,
        *,
        file: bytes | None = None,
        filename: str = "",
        content_type: str = "",
        url: str = "",
    ) -> None:
        job = self.job
        job.file, job.filename, job.content_type, job.result_url = file, filename, content_type, url
        job.state, job.progress, job.step = Job.State.DONE, 100, _("Done")
        job.finished_at = timezone.now()
        job.save()


@contextmanager
def running(job_id: str) -> Iterator[Progress]:
    job = Job.objects.get(pk=job_id)
    job.state, job.step = Job.State.RUNNING, _("Started")
    job.save(update_fields=["state", "step"])
    progress = Progress(job)
    try:
        yield progress
    except Exception as error:
        job.state, job.finished_at = Job.State.FAILED, timezone.now()
        job.error = str(error) or type(error).__name__
        job.save(update_fields=["state", "finished_at", "error"])
        log.exception("job_failed", job=str(job.pk), kind=job.kind)
        raise
    if job.state != Job.State.DONE:
        progress.done()
