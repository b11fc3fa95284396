"""An annual account's progress, matched to a plan Koers holds and saved through the
services: each result's note and status by `plans.services.update_action`, each realised
figure by the monitor's `FigureWriter`, all or nothing (docs/document-import.md).

A result is found by its programme (the theme with that chapter), its goal (the task
"programme.goal") and its code in the programme of the account's year; failing that, by
its text among that programme's actions. An indicator by its name among the theme's
indicators. What is not found is listed, not guessed.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from koers.imports.document import DocumentError
from koers.imports.document.annual_accounts import Verdict
from koers.monitor.models import Area, Indicator, Measurement
from koers.monitor.services import Figure, FigureWriter, Outcome, Refusal, raise_refusals
from koers.plans.models import Action, Framework, Programme
from koers.plans.services import Note, update_action

# How alike two texts must be to be the same result or indicator.
SAME = 0.85


@dataclass
class ProgressUpdate:
    result: dict[str, Any]  # as read: programme, goal, code, text, note, verdict, line
    action: Action
    changes: dict[str, Any]  # status and progress the verdict gives
    note: Note
    known: bool = False  # this note is there already (the account was imported before)

    @property
    def status_label(self) -> str:
        status = self.changes.get("status")
        return str(Action.Status(status).label) if status else ""


@dataclass
class RealisedFigure:
    read: dict[str, Any]  # programme, name, period, value, unit, line
    indicator: Indicator
    area: Area

    @property
    def value(self) -> Decimal:
        return Decimal(self.read["value"])


@dataclass
class AccountsPlan:
    framework: Framework
    year: int
    updates: list[ProgressUpdate] = field(default_factory=list)
    figures: list[RealisedFigure] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)  # line and message
    # Figures Koers holds with another value for the same period: listed, not written.
    differences: list[dict[str, Any]] = field(default_factory=list)

    @property
    def new(self) -> list[ProgressUpdate]:
        return [u for u in self.updates if not u.known]


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, " ".join(a.lower().split()), " ".join(b.lower().split())).ratio()


def _framework(accounts: dict[str, Any], framework_id: int | None) -> Framework:
    year = accounts.get("year")
    if framework_id is not None:
        found = Framework.objects.filter(pk=framework_id).first()
    else:
        name = accounts.get("municipality") or ""
        candidates = Framework.objects.filter(municipality__name__iexact=name)
        if year:
            candidates = candidates.filter(start_year__lte=year, end_year__gte=year)
        found = candidates.order_by("-start_year").first() if candidates.count() == 1 else None
    if found is None:
        raise DocumentError(
            _(
                "Choose the plan this annual account reports on: Koers holds no single plan "
                "of %(name)s for %(year)s."
            )
            % {"name": accounts.get("municipality") or "?", "year": year or "?"}
        )
    return found


def _programme(framework: Framework, chapter: str, year: int | None) -> Programme | None:
    programmes = list(framework.programmes.filter(theme__chapter=chapter).order_by("-start_year"))
    covering = [p for p in programmes if year and p.start_year <= year <= p.end_year]
    return (covering or programmes or [None])[0]


def _changes(verdict: Verdict, action: Action) -> dict[str, Any]:
    if verdict is Verdict.ACHIEVED:
        return {"status": Action.Status.DONE, "progress": 100}
    if verdict is Verdict.CANCELLED:
        return {"status": Action.Status.CANCELLED}
    if verdict is Verdict.PARTLY and action.status == Action.Status.NOT_STARTED:
        return {"status": Action.Status.IN_PROGRESS}
    return {}  # not achieved, or not said: the note tells, the deadline judges


def plan_accounts(accounts: dict[str, Any], framework_id: int | None = None) -> AccountsPlan:
    """What saving the account would write, matched to the plan. Writes nothing."""
    framework = _framework(accounts, framework_id)
    year = accounts.get("year") or framework.start_year
    plan = AccountsPlan(framework, year)
    noted_on = min(date(year, 12, 31), date.today())
    for result in accounts["results"]:
        action = _action(framework, result, year)
        if action is None:
            plan.unmatched.append(
                {
                    "line": result["line"],
                    "message": _(
                        "Result %(code)s of programme %(programme)s (“%(text)s”) is not in the "
                        "plan; it was left out."
                    )
                    % result,
                }
            )
            continue
        note = Note(text=result["note"], noted_on=noted_on)
        known = action.notes.filter(noted_on=noted_on, text=note.text).exists()
        changes = _changes(Verdict(result["verdict"]), action)
        plan.updates.append(ProgressUpdate(result, action, changes, note, known))
    area = Area.objects.filter(
        municipality=framework.municipality, kind=Area.Kind.MUNICIPALITY
    ).first()
    for read in accounts["figures"]:
        indicator = _indicator(framework, read)
        if indicator is None or area is None:
            plan.unmatched.append(
                {
                    "line": read["line"],
                    "message": _(
                        "Indicator “%(name)s” is not in the plan; its figure was left out."
                    )
                    % read
                    if indicator is None
                    else _("Koers holds no area for %(name)s; the figure was left out.")
                    % {"name": framework.municipality.name},
                }
            )
            continue
        stored = Measurement.objects.filter(
            indicator=indicator, area=area, period=read["period"]
        ).first()
        if stored is None:
            plan.figures.append(RealisedFigure(read, indicator, area))
        elif stored.value != Decimal(read["value"]):
            # Koers never overwrites a figure from a document; the adviser decides.
            plan.differences.append(
                {
                    "line": read["line"],
                    "message": _(
                        "Koers holds %(stored)s for “%(name)s” in %(period)s; the account says "
                        "%(value)s. The stored figure stays."
                    )
                    % {**read, "stored": stored.value.normalize()},
                }
            )
    return plan


def _action(framework: Framework, result: dict[str, Any], year: int) -> Action | None:
    programme = _programme(framework, result["programme"], year)
    if programme is None:
        return None
    actions = list(
        Action.objects.filter(ambition__programme=programme).select_related("ambition__task")
    )
    task = f"{result['programme']}.{result['goal']}"
    by_code = [a for a in actions if a.code == result["code"] and a.ambition.task.code == task]
    if len(by_code) == 1:
        return by_code[0]
    scored = sorted(((_similar(a.text, result["text"]), a.pk, a) for a in actions), reverse=True)
    return scored[0][2] if scored and scored[0][0] >= SAME else None


def _indicator(framework: Framework, read: dict[str, Any]) -> Indicator | None:
    indicators = Indicator.objects.filter(
        task__framework=framework, task__theme__chapter=read["programme"]
    )
    scored = sorted(((_similar(i.name, read["name"]), i.pk, i) for i in indicators), reverse=True)
    return scored[0][2] if scored and scored[0][0] >= SAME else None


@transaction.atomic
def apply_accounts(
    user: Any,
    plan: AccountsPlan,
    *,
    left_out_actions: frozenset[int] = frozenset(),
    left_out_indicators: frozenset[int] = frozenset(),
    origin: str = "",
) -> int:
    """Save the updates and figures (but those of the actions and indicators left out),
    all or nothing; returns how many were written. The services check who may write what;
    a refusal raises and nothing is saved."""
    written = 0
    for update in plan.new:
        if update.action.pk in left_out_actions:
            continue
        update_action(user, update.action, update.changes, note=update.note)
        written += 1
    # One import is one reason: the history tells which figures it wrote.
    writer = FigureWriter(user, reason=f"{origin or _('annual account')} ({uuid.uuid4().hex[:8]})")
    figures = [
        Figure(f.indicator, f.area, str(f.read["period"]), f.value)
        for f in plan.figures
        if f.indicator.pk not in left_out_indicators
    ]
    refusals = [r for figure in figures for r in writer.check(figure)]
    if not refusals and figures:
        outcomes = writer.write(figures)
        refusals = [o for o, _m in outcomes if isinstance(o, Refusal)]
        written += sum(o in (Outcome.CREATED, Outcome.UPDATED) for o, _m in outcomes)
    if refusals:
        raise_refusals(refusals)
    return written
