"""Reading one plan: a framework with its themes, tasks and programmes and everything the
pages and the status tree use of them, in one query per relation.

Every query is filtered on the framework by a join (never a list of ids), so it reads the
rows of this plan only, whatever else the database holds; the rows are handed to their
parents by `koers.prefetch` and read as `prefetch_related` would leave them. It reads what
`programmes_with_items` and `indicators_with_figures` (koers.monitor.tree) describe, for
one plan: a reader of the tree finds the same relations whichever of the two filled them,
except that figures by category are each indicator's `breakdown` here, and that other
municipalities' figures (the comparable municipalities) are handed to each indicator as
its `peer_bands`, not among its own figures.

For a published view (`confirmed_only`) the disclosure rules take out the figures too small
to publish (`koers.monitor.publication`); each indicator keeps where they would be as its
`withheld`. For insiders nothing is taken out, and `withheld` says which of the figures
residents do not see.
"""

from decimal import Decimal

from django.db.models import Q, QuerySet

from koers.budgets.models import BudgetLine
from koers.monitor.models import Area, Assessment, Indicator, Measurement, Target, TargetValue
from koers.monitor.peers import bands
from koers.monitor.publication import Withheld, rules, withhold
from koers.plans.models import (
    Action,
    Ambition,
    Contact,
    Framework,
    Programme,
    ProgrammeAmbition,
    Result,
    Task,
    Team,
    Theme,
)
from koers.prefetch import attach, attach_many

_PEOPLE = "_koers_people"


def _people(framework: Framework) -> tuple[dict[int, Contact], dict[int, Team]]:
    """The municipality's contacts and teams, read once per plan: each item's responsible
    person and team is one of them (not a copy per item by a join)."""
    found = getattr(framework, _PEOPLE, None)
    if found is None:
        municipality = framework.municipality_id
        teams = {t.pk: t for t in Team.objects.filter(municipality_id=municipality)}
        contacts = {
            c.pk: c
            for c in Contact.objects.filter(municipality_id=municipality).select_related(
                "organisation"
            )
        }
        for contact in contacts.values():
            team = teams.get(contact.team_id) if contact.team_id else None
            Contact.team.field.set_cached_value(contact, team)
        found = (contacts, teams)
        setattr(framework, _PEOPLE, found)
    return found


def _hand_out_people(framework: Framework, items: list, roles: tuple[str, ...]) -> None:
    contacts, teams = _people(framework)  # read even for no items: a fixed query count
    if not items:
        return
    meta = type(items[0])._meta
    fields = [(meta.get_field(role), teams if role == "team" else contacts) for role in roles]
    for item in items:
        for field, people in fields:
            field.set_cached_value(item, people.get(getattr(item, field.attname)))


def read_themes_and_programmes(framework: Framework) -> None:
    """`framework.themes`, and `framework.programmes` with their budget lines, ambitions,
    actions and results."""
    themes = Theme.objects.filter(framework=framework).order_by("order", "chapter")
    attach([framework], "themes", themes)
    programmes: list[Programme] = attach(
        [framework],
        "programmes",
        Programme.objects.filter(framework=framework)
        .select_related("theme")
        .order_by("start_year", "title", "pk"),
    )
    lines = BudgetLine.objects.filter(programme__framework=framework).select_related(
        "task__theme", "taakveld"
    )
    attach(programmes, "budget_lines", lines.order_by("order", "pk"))
    ambitions: list[ProgrammeAmbition] = attach(
        programmes,
        "ambitions",
        ProgrammeAmbition.objects.filter(programme__framework=framework)
        .select_related("task")
        .order_by("order", "pk"),
    )

    in_plan = {"ambition__programme__framework": framework}
    actions: list[Action] = attach(
        ambitions,
        "actions",
        Action.objects.filter(**in_plan).select_related("owner").order_by("order", "pk"),
    )
    results: list[Result] = attach(
        ambitions,
        "results",
        Result.objects.filter(**in_plan).select_related("action").order_by("order", "pk"),
    )

    _hand_out_people(framework, actions, ("responsible", "team"))
    _hand_out_people(framework, results, ("responsible", "team"))

    of_actions = {"action__ambition__programme__framework": framework}
    partners = Action.partners.through.objects.filter(**of_actions).select_related("partner")
    pairs = ((row.action_id, row.partner) for row in partners.order_by("partner__name", "pk"))
    attach_many(actions, "partners", pairs)
    items: list[Action] | list[Result]
    for model, items, key in ((Action, actions, "action"), (Result, results, "result")):
        links = model.references.through.objects.filter(
            **{f"{key}__ambition__programme__framework": framework}
        ).select_related("task")
        links = links.order_by("task__order", "task__code", "pk")
        attach_many(items, "references", ((getattr(row, f"{key}_id"), row.task) for row in links))


def other_municipalities(framework: Framework) -> Q:
    """Figures of other municipalities than the plan's own: the comparable municipalities'
    band, never shown one by one on the plan's pages (read apart by `read_tasks`)."""
    own = framework.municipality
    return Q(area__kind=Area.Kind.MUNICIPALITY) & ~(
        Q(area__municipality=own.pk) | Q(area__code=own.cbs_code) | Q(area__cbs_code=own.cbs_code)
    )


def read_tasks(framework: Framework, confirmed_only: bool) -> list[Task]:
    """The framework's tasks, in the order of their themes, with their ambitions and their
    indicators (source, targets and yearly values, figures of every area, assessments).

    `confirmed_only` leaves out figures a partner entered that no editor confirmed yet.
    """
    tasks = list(
        Task.objects.filter(framework=framework)
        .select_related("theme")
        .order_by("theme__order", "order", "pk")
    )
    ambitions = Ambition.objects.filter(task__framework=framework).order_by("order", "pk")
    attach(tasks, "ambitions", ambitions)
    indicators: list[Indicator] = attach(
        tasks,
        "indicators",
        Indicator.objects.filter(task__framework=framework)
        .select_related("source")
        .order_by("order", "pk"),
    )

    _hand_out_people(framework, indicators, ("responsible", "team", "data_supplier"))

    of_indicators = {"indicator__task__framework": framework}
    targets: list[Target] = attach(
        indicators,
        "targets",
        Target.objects.filter(**of_indicators)
        .select_related("category__dimension")
        .order_by("order", "pk"),
    )
    values = TargetValue.objects.filter(target__indicator__task__framework=framework)
    attach(targets, "values", values.order_by("year", "pk"))
    figures = Measurement.objects.filter(**of_indicators)
    if confirmed_only:
        figures = figures.filter(confirmed=True)
    peers = other_municipalities(framework)
    own = list(
        figures.exclude(peers)
        .select_related("area", "source", "category__dimension")
        .order_by("period", "area__code", "category__order", "category__code", "pk")
    )
    withheld: dict[int, list] = {}
    units = {i.pk: i.unit for i in indicators}
    if confirmed_only:
        own, hidden = withhold(own, units)
    else:  # insiders see every figure, and which of them residents will not see
        hidden = withhold([m for m in own if m.confirmed], units)[1]
    for mark in hidden:
        withheld.setdefault(mark.indicator_id, []).append(mark)
    attach(indicators, "measurements", [m for m in own if m.category_id is None])
    breakdown: dict[int, list[Measurement]] = {}
    for m in own:
        if m.category_id is not None:
            breakdown.setdefault(m.indicator_id, []).append(m)
    in_group = figures.filter(
        peers, category=None, area__peer_groups__municipality=framework.municipality_id
    )
    band_figures: dict[int, list[tuple[str, Decimal]]] = {}
    for indicator_id, period, value in in_group.values_list("indicator", "period", "value"):
        band_figures.setdefault(indicator_id, []).append((period, value))
    for indicator in indicators:
        indicator.peer_bands = bands(band_figures.get(indicator.pk, []))  # type: ignore[attr-defined]
        indicator.breakdown = breakdown.get(indicator.pk, [])  # type: ignore[attr-defined]
        indicator.withheld = withheld.get(indicator.pk, [])  # type: ignore[attr-defined]
    assessments = Assessment.objects.filter(**of_indicators).order_by("assessed_on", "pk")
    attach(indicators, "assessments", assessments)
    return tasks


def withheld_of(figures: QuerySet[Measurement]) -> list[Withheld]:
    """Which of these figures a published view (open data, the API for the public) leaves
    out by the disclosure rules; `figures` are whole tables (all published figures of their
    indicators). Only a table with a figure too small to publish on its own can hold one to
    withhold, so only those tables are read and judged."""
    found = rules()
    small = (
        Q(indicator__unit=Indicator.Unit.COUNT)
        & Q(value__gt=-found.min_count, value__lt=found.min_count)
        & ~Q(value=0)
    ) | Q(sample_size__lt=found.min_respondents)
    tables = set(figures.filter(small).values_list("indicator", "period"))
    if not tables:
        return []
    suspect = Q()
    for indicator, period in tables:
        suspect |= Q(indicator=indicator, period=period)
    judged = list(
        figures.filter(suspect).select_related("area", "category__dimension", "indicator")
    )
    return withhold(judged, {m.indicator_id: m.indicator.unit for m in judged}, found)[1]
