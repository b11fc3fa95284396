"""A draft read from a policy document, as a Koers document, loaded by the one loader in
the mode that only adds.

Koers never overwrites reviewed plan data from a document: a theme, task or programme that
exists already is kept as it is, and where the document says something else that is
listed for the adviser. New themes, tasks (with their ambitions and indicators) and
programmes (with ambitions, actions, results and budget lines) are added. Importing a
document a second time therefore changes nothing. What saving would do is the same load,
run and rolled back (`plan_import`); saving runs it for real (`apply_import`).
"""

import copy
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from koers.budgets.classification import Editions
from koers.imports.document import DocumentError, Draft
from koers.imports.loader import DocumentError as LoadError
from koers.imports.loader import load
from koers.monitor.models import Area
from koers.plans.models import Framework, Municipality, Partner, Programme, Task, Theme

# What the adviser sees one by one; everything under them is counted.
HEADLINES = (Municipality, Framework, Theme, Task, Programme)


@dataclass
class Change:
    action: str  # "add" or "differs"
    what: str


@dataclass
class ImportPlan:
    draft: Draft
    document: dict[str, Any]  # the draft as a complete Koers document
    origin: str
    changes: list[Change] = field(default_factory=list)
    framework: Framework | None = None
    municipality: Municipality | None = None

    @property
    def additions(self) -> list[Change]:
        return [c for c in self.changes if c.action == "add"]


def plan_import(
    draft: Draft,
    municipality_code: str | None = None,
    framework_id: int | None = None,
    origin: str = "",
) -> ImportPlan:
    """What importing the draft would add, and where the database differs. Writes nothing."""
    if draft.shape == "framework":
        plan = _framework_document(draft, municipality_code, origin)
    else:
        plan = _programme_document(draft, framework_id, origin)
    loaded = _load(plan, _("review"), dry_run=True)
    plan.changes = [Change("add", label) for label in _describe(loaded.added)]
    plan.changes += [Change("differs", text) for text in loaded.differences]
    return plan


def apply_import(plan: ImportPlan, reason: str) -> int:
    """Add what is new, all or nothing; returns how many objects were made."""
    return len(_load(plan, reason).added)


def _load(plan: ImportPlan, reason: str, dry_run: bool = False) -> Any:
    try:
        return load(plan.document, plan.origin, reason, add_only=True, dry_run=dry_run)
    except LoadError as error:
        raise DocumentError(str(error)) from None


def _describe(added: list[models.Model]) -> list[str]:
    """One line per theme, task or programme (and a new framework or municipality), and a
    line counting what comes with them."""
    lines = []
    others: Counter[str] = Counter()
    for obj in added:
        if isinstance(obj, Municipality):
            lines.append(f"{_('municipality')} {obj.name} ({obj.cbs_code})")
        elif isinstance(obj, Framework | Programme):
            lines.append(obj.title)  # "Kaderdocument ...", "Uitvoeringsprogramma ..."
        elif isinstance(obj, Theme):
            lines.append(f"{_('theme')} {obj.chapter} {obj.title}")
        elif isinstance(obj, Task):
            lines.append(f"{_('task')} {obj.code} {obj.title}")
        else:
            others[str(obj._meta.verbose_name_plural)] += 1
    if others:
        lines.append(
            _("with %(items)s") % {"items": ", ".join(f"{n} {name}" for name, n in others.items())}
        )
    return lines


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).lower().rstrip(".")


# -- frameworks --------------------------------------------------------------------------------


def _municipality(draft: Draft, code: str | None) -> Municipality:
    names = draft.document.get("municipalities") or []
    name = names[0]["name"] if names else None
    if code:
        found = Municipality.objects.filter(cbs_code=code).first()
        if found is None and not name:
            raise DocumentError(_("No municipality with CBS code %(code)s.") % {"code": code})
        return found or Municipality(cbs_code=code, name=name)
    found = Municipality.objects.filter(name__iexact=name).first() if name else None
    if found is None:
        raise DocumentError(
            _(
                "The document names no municipality Koers knows (%(name)s); give its CBS code, "
                "such as GM0246."
            )
            % {"name": name or "?"}
        )
    return found


def _framework_document(draft: Draft, code: str | None, origin: str) -> ImportPlan:
    document = copy.deepcopy(draft.document)
    data = document["frameworks"][0]
    municipality = _municipality(draft, code)
    if not data.get("title") or not data.get("start_year"):
        raise DocumentError(_("The document gives no title and years for the framework."))
    existing = None
    if municipality.pk:
        existing = (
            Framework.objects.filter(municipality=municipality, title__iexact=data["title"]).first()
            or Framework.objects.filter(
                municipality=municipality,
                start_year=data["start_year"],
                end_year=data["end_year"],
            ).first()
        )
    if existing is not None:
        # The stored framework is the one the document speaks of, whatever its exact title.
        data.update(title=existing.title, start_year=existing.start_year)
        data["end_year"] = existing.end_year
    data["end_year"] = data.get("end_year") or data["start_year"]
    data["municipality"] = municipality.cbs_code
    if existing is None:  # a programme budget's programmes name their partners
        document["partners"] = _new_partners(data.get("programmes") or [])
    if municipality.cbs_code and not Area.objects.filter(code=municipality.cbs_code).exists():
        # The municipality's own area, so that its figures can be entered.
        document["areas"] = [
            {
                "code": municipality.cbs_code,
                "name": municipality.name,
                "kind": "municipality",
                "cbs_code": municipality.cbs_code,
                "municipality": municipality.cbs_code,
            }
        ]
    document["municipalities"] = [{"cbs_code": municipality.cbs_code, "name": municipality.name}]
    plan = ImportPlan(draft, document, origin, framework=existing, municipality=municipality)
    return plan


# -- programmes --------------------------------------------------------------------------------


def _programme_document(draft: Draft, framework_id: int | None, origin: str) -> ImportPlan:
    data = copy.deepcopy(draft.document["programmes"][0])
    codes = {a["task"] for a in data["ambitions"]} | {b["task"] for b in data["budget_lines"]}
    frameworks = (
        Framework.objects.filter(pk=framework_id) if framework_id else Framework.objects.all()
    )
    fitting = [f for f in frameworks if codes <= set(f.tasks.values_list("code", flat=True))]
    if len(fitting) != 1:
        raise DocumentError(
            _(
                "Choose the framework this programme belongs to: %(count)d framework(s) hold "
                "all its tasks (%(codes)s)."
            )
            % {"count": len(fitting), "codes": ", ".join(sorted(codes)) or "-"}
        )
    framework = fitting[0]
    if not data.get("theme"):
        raise DocumentError(_("The document names no task of the framework, so no theme."))
    if not framework.themes.filter(chapter=data.get("theme")).exists():
        raise DocumentError(
            _("The framework has no theme %(chapter)s.") % {"chapter": data.get("theme")}
        )
    existing = Programme.objects.filter(framework=framework, title__iexact=data["title"]).first()
    if existing is not None:
        data["title"] = existing.title
    data["end_year"] = data.get("end_year") or data.get("start_year")
    editions = Editions()
    for line in data["budget_lines"]:
        # A code the edition for the programme's year does not hold stays in the line's
        # text only: the document is read, not refused, for an outdated code.
        if (
            line.get("taakveld")
            and editions.find(line["taakveld"], data.get("start_year") or framework.start_year)
            is None
        ):
            del line["taakveld"]
    municipality = framework.municipality
    document = {
        "format": "koers",
        "version": 1,
        # A programme Koers holds is kept whole, so the partners its actions name are not
        # needed; adding them would make a second import change something.
        "partners": _new_partners([data]) if existing is None else [],
        "municipalities": [{"cbs_code": municipality.cbs_code, "name": municipality.name}],
        "frameworks": [
            {
                "municipality": municipality.cbs_code,
                "title": framework.title,
                "start_year": framework.start_year,
                "end_year": framework.end_year,
                "programmes": [data],
            }
        ],
    }
    return ImportPlan(draft, document, origin, framework=framework, municipality=municipality)


def _new_partners(programmes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The partners the programmes' actions name that Koers does not hold yet."""
    names = []
    for programme in programmes:
        for ambition in programme.get("ambitions") or []:
            for action in ambition.get("actions") or []:
                named = [*(action.get("partners") or []), action.get("owner")]
                names += [n for n in named if n and n not in names]
    held = set(Partner.objects.filter(name__in=names).values_list("name", flat=True))
    return [
        {"name": name, "kind": "municipal" if name.lower().startswith("gemeente ") else "external"}
        for name in names
        if name not in held
    ]
