"""The shape of the Koers document (docs/export-format.md): which objects hold which.

One description serves both directions: the loader walks it to read a document and the
exporter walks it to write one, so a new field is one `Field` in `koers.imports.fields`
and a new kind of child is one `Branch` here (plus its model, migration and test).

A `Branch` is a list in the document: the objects of one model under their parent, each
found again by its natural key (the parent it belongs to plus `natural`). A `Ref` is a
field that names another object by its natural key: a source by code, a task by code
within the same framework, a partner by name.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_noop

from koers.imports import fields as f

POSITION = "order"  # in `natural`: the object's place in its list is its key


@dataclass(frozen=True)
class Ref:
    """A field of the document that names another object by its natural key."""

    key: str  # the key in the document and the model field
    model: str  # app label of the named model, e.g. "plans.Task"
    natural: str  # the named object's field that the document gives
    within: str = ""  # the named objects are unique within this parent (e.g. the framework)
    required: bool = False
    many: bool = False
    identity: bool = False  # part of the natural key of the object that names it
    missing_ok: bool = False  # an unknown name leaves the field empty (a note's author)
    # A taakveld: its code in the Iv3 edition for the year of `within`
    # (koers.budgets.classification).
    listed: bool = False


@dataclass(frozen=True)
class Branch:
    """A list of objects of one model in the document, with what they hold."""

    key: str  # the list's key in the parent object, and the parent's related name
    model: str  # app label, e.g. "plans.Action"
    fields: list[f.Field]
    label: str  # where an error is: formatted with the object's data and its `number`
    owner: str = ""  # the foreign key to the parent the natural key is unique within
    under: str = ""  # the foreign key to the parent in the document, where that is not `owner`
    natural: tuple[str, ...] = ()
    refs: tuple[Ref, ...] = ()
    children: tuple["Branch", ...] = ()
    ordered: bool = False  # keeps its place in the list as `order`
    passes: tuple[str, ...] = ()  # its fields that the objects under it name things within
    whole: bool = False  # in the mode that only adds, a stored object is kept with all below it

    @property
    def parent(self) -> str:
        return self.under or self.owner

    @property
    def keys(self) -> set[str]:
        return (
            {fld.key for fld in self.fields}
            | {ref.key for ref in self.refs}
            | {child.key for child in self.children}
        )


_TASK = "plans.Task"
_TAAKVELD = Ref("taakveld", "budgets.Taakveld", "code", within="programme", listed=True)
_CONTACT = "plans.Contact"
_IN_MUNICIPALITY = "municipality"


def _people(*roles: str) -> tuple[Ref, ...]:
    """Who is responsible for an item, by name among the municipality's contacts and teams."""
    return tuple(
        Ref(role, "plans.Team" if role == "team" else _CONTACT, "name", within=_IN_MUNICIPALITY)
        for role in roles
    )


TEAM = Branch(
    "teams", "plans.Team", f.TEAM, gettext_noop("team %(name)s"), owner="municipality",
    natural=("name",),
)  # fmt: skip
CONTACT = Branch(
    "contacts",
    _CONTACT,
    f.CONTACT,
    gettext_noop("contact %(name)s"),
    owner="municipality",
    natural=("name",),
    refs=(
        Ref("organisation", "plans.Partner", "name"),
        Ref("team", "plans.Team", "name", within=_IN_MUNICIPALITY),
        Ref("user", settings.AUTH_USER_MODEL, "username", missing_ok=True),
    ),
)

SPENDING = Branch(
    "spending",
    "budgets.Spending",
    f.SPENDING,
    gettext_noop("spending %(number)s"),
    owner="budget_line",
    natural=("spent_on", "description"),
)
BUDGET_LINE = Branch(
    "budget_lines",
    "budgets.BudgetLine",
    f.BUDGET_LINE,
    gettext_noop("budget line %(number)s"),
    owner="programme",
    natural=(POSITION,),
    refs=(
        Ref("task", _TASK, "code", within="framework", required=True, identity=True),
        _TAAKVELD,
    ),
    children=(SPENDING,),
)
PROGRAMME_AMOUNT = Branch(
    "amounts",
    "budgets.ProgrammeAmount",
    f.PROGRAMME_AMOUNT,
    gettext_noop("amount %(number)s"),
    owner="programme",
    natural=("year", "taakveld"),
)
NOTE = Branch(
    "notes",
    "plans.ActionNote",
    f.NOTE,
    gettext_noop("note %(number)s"),
    owner="action",
    natural=("noted_on", "text"),
    refs=(Ref("author", settings.AUTH_USER_MODEL, "username", missing_ok=True),),
)
ACTION = Branch(
    "actions",
    "plans.Action",
    f.ACTION,
    gettext_noop("action %(code)s"),
    owner="ambition",
    natural=("code",),
    ordered=True,
    refs=(
        Ref("owner", "plans.Partner", "name"),
        Ref("partners", "plans.Partner", "name", many=True),
        Ref("references", _TASK, "code", within="framework", many=True),
        *_people("responsible", "team"),
    ),
    children=(NOTE,),
)
RESULT = Branch(
    "results",
    "plans.Result",
    f.RESULT,
    gettext_noop("result %(number)s (%(code)s)"),
    owner="ambition",
    natural=(POSITION,),
    refs=(
        Ref("action", "plans.Action", "code", within="ambition"),
        Ref("references", _TASK, "code", within="framework", many=True),
        *_people("responsible", "team"),
    ),
)
PROGRAMME_AMBITION = Branch(
    "ambitions",
    "plans.ProgrammeAmbition",
    f.PROGRAMME_AMBITION,
    gettext_noop("task %(task)s ambition %(number)s"),
    owner="programme",
    natural=("number",),
    ordered=True,
    refs=(Ref("task", _TASK, "code", within="framework", required=True, identity=True),),
    children=(ACTION, RESULT),
)
PROGRAMME = Branch(
    "programmes",
    "plans.Programme",
    f.PROGRAMME,
    gettext_noop("programme %(number)s"),
    owner="framework",
    natural=("title",),
    whole=True,
    refs=(Ref("theme", "plans.Theme", "chapter", within="framework", required=True),),
    children=(PROGRAMME_AMBITION, BUDGET_LINE, PROGRAMME_AMOUNT),
)

TARGET_VALUE = Branch(
    "values", "monitor.TargetValue", f.TARGET_VALUE, "values[%(index)s]", owner="target",
    natural=("year",),
)  # fmt: skip
TARGET = Branch(
    "targets",
    "monitor.Target",
    f.TARGET,
    gettext_noop("target %(number)s"),
    owner="indicator",
    natural=(POSITION,),
    refs=(Ref("category", "monitor.Category", "code"),),
    children=(TARGET_VALUE,),
)
MEASUREMENT = Branch(
    "measurements",
    "monitor.Measurement",
    f.MEASUREMENT,
    gettext_noop("measurement %(number)s"),
    owner="indicator",
    natural=("period",),
    refs=(
        Ref("area", "monitor.Area", "code", required=True, identity=True),
        Ref("category", "monitor.Category", "code", identity=True),
        Ref("source", "monitor.Source", "code"),
    ),
)
ASSESSMENT = Branch(
    "assessments",
    "monitor.Assessment",
    f.ASSESSMENT,
    gettext_noop("assessment %(number)s"),
    owner="indicator",
    natural=("assessed_on",),
)
INDICATOR = Branch(
    "indicators",
    "monitor.Indicator",
    f.INDICATOR,
    gettext_noop("indicator %(code)s"),
    owner="task",
    natural=("code",),
    ordered=True,
    refs=(
        Ref("source", "monitor.Source", "code"),
        *_people("responsible", "team", "data_supplier"),
    ),
    children=(TARGET, MEASUREMENT, ASSESSMENT),
)
AMBITION = Branch(
    "ambitions",
    "plans.Ambition",
    f.AMBITION,
    gettext_noop("ambition %(number)s"),
    owner="task",
    natural=(POSITION,),
)
TASK = Branch(
    "tasks",
    _TASK,
    f.TASK,
    gettext_noop("task %(code)s"),
    owner="framework",
    under="theme",
    natural=("code",),
    ordered=True,
    whole=True,
    refs=(
        Ref("taakvelden", "budgets.Taakveld", "code", within="framework", many=True, listed=True),
    ),
    children=(AMBITION, INDICATOR),
)
THEME = Branch(
    "themes",
    "plans.Theme",
    f.THEME,
    gettext_noop("theme %(chapter)s"),
    owner="framework",
    natural=("chapter",),
    ordered=True,
    children=(TASK,),
)
FRAMEWORK = Branch(
    "frameworks",
    "plans.Framework",
    f.FRAMEWORK,
    "frameworks[%(index)s]",
    natural=("title",),
    refs=(Ref("municipality", "plans.Municipality", "cbs_code", required=True, identity=True),),
    children=(THEME, PROGRAMME),
    passes=(_IN_MUNICIPALITY,),
)

# The lists at the top of a document, in the order they are loaded: what later lists
# name comes first.
DOCUMENT = (
    Branch("partners", "plans.Partner", f.PARTNER, "partners[%(index)s]", natural=("name",)),
    Branch(
        "municipalities", "plans.Municipality", f.MUNICIPALITY, "municipalities[%(index)s]",
        natural=("cbs_code",), children=(TEAM, CONTACT),
    ),
    Branch(
        "areas", "monitor.Area", f.AREA, "areas[%(index)s]", natural=("code",),
        refs=(Ref("municipality", "plans.Municipality", "cbs_code"),),
    ),
    Branch("sources", "monitor.Source", f.SOURCE, "sources[%(index)s]", natural=("code",)),
    Branch(
        "dimensions", "monitor.Dimension", f.DIMENSION, "dimensions[%(index)s]",
        natural=("code",),
        children=(
            Branch(
                "categories", "monitor.Category", f.CATEGORY, "categories[%(index)s]",
                owner="dimension", natural=("code",),
            ),
        ),
    ),
    FRAMEWORK,
)  # fmt: skip

# Stored fields that are not part of the document, with why (docs/export-format.md).
NOT_IN_DOCUMENT = {
    "version": "a counter against lost updates, started anew when a document is loaded",
    "created_at": "the moment of saving, not of the plan",
    "evidence_file": "uploaded files are backed up with the media directory",
    "data_version": "a counter of changes, for statuses kept in the cache",
    "predecessor": "the link to the previous programme period (kept in backups; a document "
    "holds each programme on its own)",
}


def walk(branches: tuple[Branch, ...] = DOCUMENT) -> Iterator[Branch]:
    """Every branch of the document, parents before their children."""
    for branch in branches:
        yield branch
        yield from walk(branch.children)
