"""The planning-and-control cycle (P&C-cyclus): the reporting moments of a municipality's
year, what the next one still misses, and the draft report prepared for it
(docs/cycle.md)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from koers.accounts.permissions import is_editor
from koers.history import record
from koers.monitor.tree import Node, NodeKind, cached_trees
from koers.plans.models import OPEN_ACTION_STATUSES, Action, Framework, Municipality, Task
from koers.reports.models import Report, ReportingMoment
from koers.reports.services import create_report


@dataclass(frozen=True)
class MomentDates:
    kind: ReportingMoment.Kind
    reporting: tuple[int, int, int]  # (year offset, month, day) of the reporting date
    ready: tuple[int, int, int]  # and of the date the report is ready


# The common Dutch calendar: the annual accounts look back on the year before, the spring
# memorandum on the first months, the autumn memorandum on the first eight. A municipality
# changes the dates in the admin.
USUAL_YEAR = (
    MomentDates(ReportingMoment.Kind.ANNUAL, (-1, 12, 31), (0, 4, 15)),
    MomentDates(ReportingMoment.Kind.SPRING, (0, 3, 31), (0, 5, 15)),
    MomentDates(ReportingMoment.Kind.AUTUMN, (0, 8, 31), (0, 10, 15)),
)


def _title(kind: ReportingMoment.Kind, year: int) -> str:
    if kind == ReportingMoment.Kind.ANNUAL:
        return _("Annual accounts %(year)s") % {"year": year - 1}
    return f"{str(kind.label).capitalize()} {year}"


@transaction.atomic
def plan_year(user: Any, municipality: Municipality, year: int) -> list[ReportingMoment]:
    """The usual moments of `year`, made where the municipality has none of that kind in
    that year; those it has stay as they are."""
    framework = municipality.current_framework(date(year, 6, 30))
    if not is_editor(user, framework):
        raise PermissionDenied(_("You may not plan this municipality's reporting moments."))
    made = []
    for usual in USUAL_YEAR:
        ready = date(year + usual.ready[0], usual.ready[1], usual.ready[2])
        taken = ReportingMoment.objects.filter(
            municipality=municipality, kind=usual.kind, deadline__year=ready.year
        )
        if taken.exists():
            continue
        moment = ReportingMoment(
            municipality=municipality,
            kind=usual.kind,
            title=_title(usual.kind, year),
            reporting_date=date(year + usual.reporting[0], usual.reporting[1], usual.reporting[2]),
            deadline=ready,
        )
        record(moment, user, _("reporting moments of the year planned")).save()
        made.append(moment)
    return made


def next_moment(municipality_id: int, on: date) -> ReportingMoment | None:
    """The reporting moment whose report is due next (on `on` or later)."""
    return (
        ReportingMoment.objects.filter(municipality_id=municipality_id, deadline__gte=on)
        .order_by("deadline", "pk")
        .first()
    )


def draft_for(moment: ReportingMoment, framework: Framework) -> Report | None:
    return (
        Report.objects.filter(moment=moment, framework=framework, state=Report.State.DRAFT)
        .select_related("programme")
        .first()
    )


def tasks_without_explanation(framework: Framework, report: Report | None) -> list[Task]:
    """The tasks of the framework (or of the report's programme's theme) that the draft
    report for the moment does not explain yet; all of them when there is no draft."""
    tasks = Task.objects.filter(framework=framework).select_related("theme")
    if report is not None and report.programme is not None:
        tasks = tasks.filter(theme_id=report.programme.theme_id)
    explained = (
        set(report.explanations.exclude(text="").values_list("task_id", flat=True))
        if report is not None
        else set()
    )
    ordered = tasks.order_by("theme__order", "order", "pk")
    return [task for task in ordered if task.pk not in explained]


@dataclass
class Missing:
    """What the report for the next moment still lacks."""

    moment: ReportingMoment
    draft: Report | None
    unexplained: list[Task]
    overdue_figures: list[Node]  # indicator nodes whose expected figure is overdue
    quiet_actions: Sequence[Action]  # open actions without an update since the last report
    since: date | None  # the reporting date of the last published report

    @property
    def complete(self) -> bool:
        return not (self.unexplained or self.overdue_figures or self.quiet_actions)


def missing_for(framework: Framework, on: date) -> Missing | None:
    """The next reporting moment of the framework's municipality and what is missing for
    it; None when no moment is planned."""
    moment = next_moment(framework.municipality_id, on)
    if moment is None:
        return None
    draft = draft_for(moment, framework)
    overdue = [
        node
        for node in cached_trees(framework, on)[0].walk()
        if node.kind == NodeKind.INDICATOR
        and node.status.next_due is not None
        and node.status.next_due < on
    ]
    last = (
        Report.objects.filter(framework=framework, state=Report.State.PUBLISHED)
        .order_by("-reporting_date")
        .values_list("reporting_date", flat=True)
        .first()
    )
    actions = (
        Action.objects.filter(
            ambition__programme__framework=framework, status__in=OPEN_ACTION_STATUSES
        )
        .filter(ambition__programme__start_year__lte=on.year, successor__isnull=True)
        .select_related("ambition__task")
        .annotate(last_note=Max("notes__noted_on"))
        .order_by("ambition__task__order", "ambition__order", "order")
    )
    quiet = [a for a in actions if a.last_note is None or (last is not None and a.last_note < last)]
    return Missing(moment, draft, tasks_without_explanation(framework, draft), overdue, quiet, last)


@transaction.atomic
def prepare_draft(user: Any, framework: Framework, moment: ReportingMoment) -> Report:
    """The draft report for the moment: the one made before, or a new one on its date."""
    if moment.municipality_id != framework.municipality_id:
        raise PermissionDenied(_("This moment belongs to another municipality."))
    found = draft_for(moment, framework)
    if found is not None:
        return found
    report = create_report(user, framework, None, moment.reporting_date)
    report.moment = moment
    report.title = _("%(moment)s: progress of the social domain") % {"moment": moment.title}
    record(report, user, _("prepared from the reporting calendar")).save()
    return report
