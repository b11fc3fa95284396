"""Every change to progress reports: make a draft, write an explanation or the key message,
publish.

Who: a draft on a programme is made by an editor of its theme, a draft on a whole framework
by any editor; an explanation by an editor of the task's theme, and only for a task the
report covers; publishing and the key message by an editor of every theme in the report
(docs/services.md).
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.accounts.permissions import can_edit, can_publish, is_editor
from koers.concurrency import Conflict, claim
from koers.history import record
from koers.plans.models import Framework, Programme, Task, Theme
from koers.reports.content import report_title
from koers.reports.models import Explanation, Report
from koers.reports.publishing import publish


def report_themes(report: Report) -> list[Theme]:
    """The themes a report speaks for."""
    if report.programme is not None:
        return [report.programme.theme]
    return list(Theme.objects.filter(framework_id=report.framework_id))


def may_publish(user: Any, report: Report) -> bool:
    return not report.published and can_publish(user, report_themes(report))


def covers(report: Report, task: Task) -> bool:
    """Whether the report has a place for this task's explanation."""
    if task.framework_id != report.framework_id:
        return False
    programme = report.programme
    if programme is None:
        return True
    return (
        task.theme_id == programme.theme_id or programme.ambitions.filter(task_id=task.pk).exists()
    )


@transaction.atomic
def create_report(user: Any, framework: Framework, programme: Programme | None, on: date) -> Report:
    if programme is not None and programme.framework_id != framework.pk:
        raise ValidationError({"subject": [_("This programme belongs to another framework.")]})
    allowed = (
        can_edit(user, programme.theme) if programme is not None else is_editor(user, framework)
    )
    if not allowed:
        raise PermissionDenied(_("You may not make a report on this subject."))
    report = Report(
        framework=framework,
        programme=programme,
        reporting_date=on,
        title=report_title(programme.title if programme else framework.title, on),
        created_by=user,
    )
    record(report, user).save()
    return report


@transaction.atomic
def write_explanation(
    user: Any, report: Report, task: Task, text: str, expected_version: int | None = None
) -> Explanation:
    """The explanation of one task in a draft report; a second writer's save conflicts."""
    if not can_edit(user, task.theme):
        raise PermissionDenied(_("Only an editor of the task's theme explains it."))
    if not covers(report, task):
        raise PermissionDenied(_("Task %(code)s is not part of this report.") % {"code": task.code})
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.published:
        raise ValidationError(_("The report is published; its explanations are frozen."))
    if "\x00" in text:
        raise ValidationError({"text": [_("The text holds a NUL character.")]})
    explanation = Explanation.objects.filter(report=report, task=task).first()
    if explanation is None:
        if expected_version not in (None, 0):
            raise Conflict(None)  # it was there when the writer read it, and is gone
        explanation = Explanation(report=report, task=task)
    else:
        claim(explanation, expected_version)
    explanation.text = text
    record(explanation, user).save()
    return explanation


@transaction.atomic
def write_key_message(
    user: Any, report: Report, text: str, expected_version: int | None = None
) -> Report:
    """The key message of a draft: written by whoever may publish it, as it speaks for all."""
    if not can_publish(user, report_themes(report)):
        raise PermissionDenied(
            _("Only an editor of every theme in the report writes its key message.")
        )
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.published:
        raise ValidationError(_("The report is published; its key message is frozen."))
    if "\x00" in text:
        raise ValidationError({"text": [_("The text holds a NUL character.")]})
    claim(report, expected_version)
    report.key_message = text
    record(report, user).save()
    return report


def publish_report(
    user: Any, report: Report, progress: Callable[[str, int], None] = lambda _text, _pct: None
) -> Report:
    """Freeze a draft with every format; only for an editor of all its themes."""
    if not can_publish(user, report_themes(report)):
        raise PermissionDenied(_("Only an editor of every theme in the report publishes it."))
    return publish(report, user, progress)
