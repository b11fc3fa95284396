"""Drafts and publication: a draft is rendered from today's data with its explanations; a
published report is frozen, its content and every file stored as they were sent.
"""

import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.history import record
from koers.reports import structure
from koers.reports.content import build_content
from koers.reports.formats import FORMATS, render
from koers.reports.models import Report, ReportFile

# Reports go to the council in Dutch, whatever language the publisher's pages use.
PUBLISH_LANGUAGE = "nl"


def previous_content(
    framework_id: int, programme_id: int | None, on: date, exclude: int | None = None
) -> dict[str, Any] | None:
    """The content of the latest published report on the same subject up to date `on`."""
    same_subject = (
        Q(programme_id=programme_id) if programme_id is not None else Q(programme__isnull=True)
    )
    reports = Report.objects.filter(
        same_subject,
        state=Report.State.PUBLISHED,
        framework_id=framework_id,
        reporting_date__lte=on,
    )
    if exclude is not None:
        reports = reports.exclude(pk=exclude)
    previous = reports.order_by("-reporting_date", "-published_at").only("content").first()
    return previous.content if previous is not None else None


def draft_content(report: Report) -> structure.Report:
    """A draft report as it would be published now: today's data and its explanations."""
    explanations = {e.task_id: e.text for e in report.explanations.all() if e.text.strip()}
    return build_content(
        report.framework_id,
        report.programme_id,
        report.reporting_date,
        explanations=explanations,
        key_message=report.key_message,
        previous=previous_content(
            report.framework_id, report.programme_id, report.reporting_date, exclude=report.pk
        ),
        report=report,
    )


def live_content(framework_id: int, programme_id: int | None, on: date) -> structure.Report:
    """The current state as a report, for anyone: no explanations, as nobody wrote them."""
    return build_content(
        framework_id,
        programme_id,
        on,
        previous=previous_content(framework_id, programme_id, on),
    )


def report_content(report: Report) -> structure.Report:
    """What a report shows: as frozen when published, else as it would be published now."""
    if report.published and report.content is not None:
        stored: structure.Report = report.content  # written by publish() from build_content
        return stored
    return draft_content(report)


def report_file(report: Report, code: str) -> bytes:
    """One format of a report: the stored bytes once published, else rendered now."""
    if report.published:
        return bytes(report.files.get(format=code).data)
    return render(draft_content(report), code)


def publish(
    report: Report, by: Any, progress: Callable[[str, int], None] = lambda _text, _pct: None
) -> Report:
    """Freeze a draft: store its content and every format; nothing changes them after.
    `progress` hears of each step (a background job shows them)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.published:
            raise ValidationError(_("This report has already been published."))
        with translation.override(PUBLISH_LANGUAGE):
            progress(_("Reading the plan and the figures"), 5)
            content = draft_content(report)
            content["state"] = Report.State.PUBLISHED
            content["published_at"] = timezone.localtime().replace(microsecond=0).isoformat()
            content["published_by"] = _name(by) or None
            files = {}
            for done, code in enumerate(FORMATS):
                progress(
                    _("Making the %(format)s file") % {"format": FORMATS[code].label},
                    10 + 85 * done // len(FORMATS),
                )
                files[code] = render(content, code)
        report.content = content
        report.state = Report.State.PUBLISHED
        report.published_at = timezone.now()
        report.published_by = _name(by)
        record(report, by, "publish").save()
        ReportFile.objects.bulk_create(
            ReportFile(
                report=report, format=code, data=data, sha256=hashlib.sha256(data).hexdigest()
            )
            for code, data in files.items()
        )
    return report


def _name(user: Any) -> str:
    """The publisher as a reader knows them: a person's name, never a login name."""
    if user is None:
        return ""
    return user.get_full_name().strip()
