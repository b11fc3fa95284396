"""What is due for whom on a date: the plan's facts read from the database and put to the
rules of `koers.reminders.rules`, as one list of reminders with the person, the item and
the page that resolves it."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from koers.accounts.models import Role
from koers.addresses import plan_reverse
from koers.monitor.models import Indicator
from koers.monitor.status import format_period
from koers.monitor.tree import NodeKind, cached_trees
from koers.plans.models import (
    OPEN_ACTION_STATUSES,
    Action,
    Contact,
    Framework,
    Municipality,
    Task,
)
from koers.reminders import rules
from koers.reminders.kinds import ReminderKind
from koers.reports.cycle import draft_for, next_moment, tasks_without_explanation


@dataclass(frozen=True)
class Reminder:
    """One item due for one person: what it is, why now, and where to resolve it."""

    contact_id: int
    kind: ReminderKind
    item: str  # "action:12", "indicator:7", "theme:3"
    occasion: str
    title: str
    detail: str
    path: str  # the page with the form that resolves it
    day: date | None = None

    @property
    def key(self) -> tuple[int, str, str, str]:
        return (self.contact_id, str(self.kind), self.item, self.occasion)


def current_frameworks(on: date, municipality: Municipality | None = None) -> list[Framework]:
    """The framework of each municipality that runs on `on` (reminders are about the plan
    in force, not about plans of earlier periods)."""
    municipalities = Municipality.objects.prefetch_related("frameworks")
    if municipality is not None:
        municipalities = municipalities.filter(pk=municipality.pk)
    found = []
    for each in municipalities:
        framework = each.current_framework(on)
        if framework is not None and framework.start_year <= on.year <= framework.end_year:
            framework.municipality = each
            found.append(framework)
    return found


def format_date(day: date) -> str:
    """A date as a letter writes it: 12 december 2026."""
    return date_format(day, "j F Y")


def _action_detail(due: rules.Due, on: date) -> str:
    assert due.day is not None
    if due.kind == ReminderKind.ACTION_LATE:
        return _("The deadline %(date)s has passed; the action is not done.") % {
            "date": format_date(due.day)
        }
    if due.kind == ReminderKind.ACTION_DUE:
        return _("The deadline is %(date)s, in %(days)s days.") % {
            "date": format_date(due.day),
            "days": (due.day - on).days,
        }
    return _("No update since %(date)s.") % {"date": format_date(due.day)}


def _actions(frameworks: list[Framework], on: date, timing: rules.Timing) -> list[Reminder]:
    by_pk = {f.pk: f for f in frameworks}
    actions = (
        Action.objects.filter(
            ambition__programme__framework__in=frameworks,
            responsible__isnull=False,
            status__in=OPEN_ACTION_STATUSES,
            successor__isnull=True,
        )
        .select_related("ambition__programme", "ambition__task")
        .annotate(last_note=Max("notes__noted_on"))
        .order_by("pk")
    )
    found = []
    for action in actions:
        programme = action.ambition.programme
        # An update is a progress note or a change of status or progress, not any save.
        dates = [date(programme.start_year, 1, 1), action.last_note, action.updated_on]
        facts = rules.ActionFacts(
            status=action.status,
            deadline=action.deadline,
            last_update=max(d for d in dates if d is not None),
        )
        framework = by_pk[programme.framework_id]
        title = _("Action %(code)s of task %(task)s: %(text)s") % {
            "code": action.code,
            "task": action.ambition.task.code,
            "text": Truncator(action.text).chars(100),
        }
        for due in rules.action_reminders(facts, on, timing):
            found.append(
                Reminder(
                    int(action.responsible_id or 0),  # filtered on responsible
                    due.kind,
                    f"action:{action.pk}",
                    due.occasion,
                    title,
                    _action_detail(due, on),
                    plan_reverse(framework, "web:action", action.pk),
                    due.day,
                )
            )
    return found


def _indicators(frameworks: list[Framework], on: date, timing: rules.Timing) -> list[Reminder]:
    due_by_indicator = {}
    for framework in frameworks:
        for node in cached_trees(framework, on)[0].walk():
            status = node.status
            if node.kind == NodeKind.INDICATOR and status.next_due and status.next_period:
                due_by_indicator[node.pk] = (status.next_period, status.next_due)
    indicators = (
        Indicator.objects.filter(task__framework__in=frameworks)
        .filter(Q(data_supplier__isnull=False) | Q(responsible__isnull=False))
        .select_related("task")
        .annotate(waiting=Count("measurements", filter=Q(measurements__confirmed=False)))
        .order_by("pk")
    )
    by_pk = {f.pk: f for f in frameworks}
    found = []
    for indicator in indicators:
        framework = by_pk[indicator.task.framework_id]
        title = _("Indicator %(name)s (task %(task)s)") % {
            "name": indicator.name,
            "task": indicator.task.code,
        }
        supplier = int(indicator.data_supplier_id or indicator.responsible_id or 0)
        page = plan_reverse(framework, "web:indicator", indicator.task.code, indicator.code)
        for due in rules.figure_reminders(due_by_indicator.get(indicator.pk), on, timing):
            expected = due_by_indicator[indicator.pk]
            words = {"period": format_period(expected[0]), "date": format_date(expected[1])}
            detail = (
                _("The figure for %(period)s has been due since %(date)s.")
                if due.kind == ReminderKind.FIGURE_OVERDUE
                else _("The figure for %(period)s is expected by %(date)s.")
            ) % words
            found.append(
                Reminder(
                    supplier,
                    due.kind,
                    f"indicator:{indicator.pk}",
                    due.occasion,
                    title,
                    detail,
                    plan_reverse(framework, "web:measure", indicator.task.code, indicator.code),
                    due.day,
                )
            )
        confirmer = indicator.responsible_id
        if confirmer is None:
            continue
        for due in rules.confirmation_reminders(indicator.waiting, on, timing):
            detail = _("%(count)s figures wait for your confirmation.") % {
                "count": indicator.waiting
            }
            found.append(
                Reminder(
                    confirmer,
                    due.kind,
                    f"indicator:{indicator.pk}",
                    due.occasion,
                    title,
                    detail,
                    page,
                )
            )
    return found


def _editors_by_theme(framework: Framework) -> dict[int | None, list[int]]:
    """Contact ids of the editors of the municipality, by theme they edit (None: all)."""
    contacts = {
        c.user_id: c.pk
        for c in Contact.objects.filter(
            municipality_id=framework.municipality_id, user__isnull=False
        )
    }
    found: dict[int | None, list[int]] = defaultdict(list)
    roles = Role.objects.filter(
        municipality_id=framework.municipality_id, kind=Role.Kind.EDITOR, user__is_active=True
    ).prefetch_related("themes")
    for role in roles:
        contact = contacts.get(role.user_id)
        if contact is None:
            continue
        chosen = list(role.themes.all())
        # No themes chosen: every theme; chosen in another framework only: none of this one.
        themes: list[int | None] = (
            [t.pk for t in chosen if t.framework_id == framework.pk] if chosen else [None]
        )
        for theme in themes:
            found[theme].append(contact)
    return found


def _explanations(frameworks: list[Framework], on: date, timing: rules.Timing) -> list[Reminder]:
    found = []
    for framework in frameworks:
        moment = next_moment(framework.municipality_id, on)
        if moment is None:
            continue
        report = draft_for(moment, framework)
        missing = tasks_without_explanation(framework, report)
        by_theme: dict[int, list[Task]] = defaultdict(list)
        for task in missing:
            by_theme[task.theme_id].append(task)
        editors = _editors_by_theme(framework)
        page = (
            plan_reverse(framework, "reports:detail", report.pk)
            if report is not None
            else plan_reverse(framework, "reports:index")
        )
        for theme_id, tasks in by_theme.items():
            theme = tasks[0].theme
            dues = rules.explanation_reminders(
                moment.deadline, f"moment:{moment.pk}", len(tasks), on, timing
            )
            for due in dues:
                title = _("%(moment)s: theme %(chapter)s %(title)s") % {
                    "moment": moment.title,
                    "chapter": theme.chapter,
                    "title": theme.title,
                }
                detail = _("Ready by %(date)s; tasks without an explanation: %(codes)s.") % {
                    "date": format_date(moment.deadline),
                    "codes": ", ".join(t.code for t in tasks),
                }
                for contact in {*editors.get(theme_id, []), *editors.get(None, [])}:
                    found.append(
                        Reminder(
                            contact, due.kind, f"theme:{theme_id}", due.occasion, title, detail,
                            page, moment.deadline,
                        )
                    )  # fmt: skip
    return found


def reminders_due(
    on: date, timing: rules.Timing, municipality: Municipality | None = None
) -> list[Reminder]:
    """Every reminder due on `on`, for every person responsible, sent or not."""
    frameworks = current_frameworks(on, municipality)
    if not frameworks:
        return []
    return [
        *_actions(frameworks, on, timing),
        *_indicators(frameworks, on, timing),
        *_explanations(frameworks, on, timing),
    ]
