"""Report work that takes seconds, run in the background by `koers worker`: publishing a
report (every format rendered and stored) and rendering the current state as a file."""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.text import slugify
from django_tasks import task

from koers.operations.jobs import running
from koers.reports.formats import FORMATS, render
from koers.reports.models import Report
from koers.reports.publishing import live_content
from koers.reports.services import publish_report


@task()
def publish_job(job_id: str, report_id: int, user_id: int | None, address: str) -> None:
    with running(job_id) as job:
        report = Report.objects.select_related("programme__theme").get(pk=report_id)
        user = get_user_model().objects.get(pk=user_id) if user_id else None
        publish_report(user, report, progress=job.step)
        job.done(url=address)


@task()
def live_report_job(
    job_id: str, framework_id: int, programme_id: int | None, on: str, fmt: str, language: str
) -> None:
    with running(job_id) as job, translation.override(language):
        job.step(translation.gettext("Reading the plan and the figures"), 10)
        content = live_content(framework_id, programme_id, date.fromisoformat(on))
        job.step(
            translation.gettext("Making the %(format)s file") % {"format": FORMATS[fmt].label}, 40
        )
        data = render(content, fmt)
        name = slugify(content["title"]) or "rapportage"
        job.done(file=data, filename=f"{name}.{fmt}", content_type=FORMATS[fmt].content_type)
