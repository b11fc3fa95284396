"""Load a Koers document (docs/export-format.md) into the database.

Objects are matched on their natural keys and only saved when something differs, so
loading the same document twice changes nothing, not even the history. Everything
happens in one transaction: a document with one error writes nothing, and the error says
in which file, at which object and in which field.

In the mode that only adds (`add_only`), an object that exists is kept as it is, and where
the document says something else that is listed (`Loaded.differences`); only new objects
are made. The document import loads a plan read from a policy document this way, so a
plan is walked and written in one place whatever its origin.
"""

import dataclasses
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from koers.budgets.models import BudgetLine, Spending
from koers.history import record
from koers.imports import fields as f
from koers.monitor.models import (
    Area,
    Assessment,
    Indicator,
    Measurement,
    Source,
    Target,
    TargetValue,
)
from koers.monitor.services import Figure, figure_problems
from koers.plans.models import (
    Action,
    ActionNote,
    Ambition,
    Framework,
    Municipality,
    Partner,
    Programme,
    ProgrammeAmbition,
    Result,
    Task,
    Theme,
)


class DocumentError(Exception):
    """A document that cannot be loaded; the message names file, object and field."""


class _Location:
    def __init__(self, origin: str, path: tuple[str, ...] = ()) -> None:
        self.origin = origin
        self.path = path

    def at(self, step: str) -> "_Location":
        return _Location(self.origin, (*self.path, step))

    def error(self, message: str) -> DocumentError:
        where = " > ".join(self.path)
        return DocumentError(
            f"{self.origin}: {where}: {message}" if where else f"{self.origin}: {message}"
        )


def load_document(document: dict, origin: str, change_reason: str) -> dict[str, int]:
    """Load `document` atomically; return how many objects were created or changed per model."""
    return load(document, origin, change_reason).counts


@dataclasses.dataclass
class Loaded:
    """What a load made or changed (per model), and in the mode that only adds, what it
    kept although the document says otherwise."""

    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    added: list[models.Model] = dataclasses.field(default_factory=list)
    differences: list[str] = dataclasses.field(default_factory=list)


def load(
    document: dict,
    origin: str,
    change_reason: str,
    *,
    add_only: bool = False,
    dry_run: bool = False,
) -> Loaded:
    """Load `document` atomically; with `dry_run` say what it would do and write nothing."""
    loader = _Loader(origin, change_reason, add_only=add_only)
    with transaction.atomic():
        loader.load(document)
        if dry_run:
            transaction.set_rollback(True)
    return loader.result


class _Loader:
    def __init__(self, origin: str, change_reason: str, add_only: bool = False) -> None:
        self.root = _Location(origin)
        self.change_reason = change_reason
        self.add_only = add_only
        self.result = Loaded()
        self.counts = self.result.counts
        self.made: set[tuple[str, Any]] = set()
        self.seen: set[tuple] = set()
        self.areas: dict[str, Area] = {}
        self.sources: dict[str, Source] = {}
        self.partners: dict[str, Partner] = {}

    # -- the tree ---------------------------------------------------------------------------

    def load(self, document: dict) -> None:
        at = self.root
        self._check_keys(
            document,
            at,
            {"format", "version", "municipalities", "areas", "sources", "partners", "frameworks"},
        )
        if document.get("format", "koers") != "koers" or document.get("version", 1) != 1:
            raise at.error(_("not a Koers document of version 1 (fields 'format' and 'version')"))
        municipalities = {}
        for i, data in self._items(document, "municipalities", at):
            where = at.at(f"municipalities[{i}]")
            values = self._values(Municipality, f.MUNICIPALITY, data, where)
            code = values.pop("cbs_code")
            municipalities[code] = self._upsert(Municipality, {"cbs_code": code}, values, where)
        for i, data in self._items(document, "areas", at):
            where = at.at(f"areas[{i}]")
            values = self._values(Area, f.AREA, data, where, extra={"municipality"})
            values["municipality"] = self._ref(
                municipalities,
                data.get("municipality"),
                "municipality",
                where,
                Municipality,
                "cbs_code",
            )
            code = values.pop("code")
            self.areas[code] = self._upsert(Area, {"code": code}, values, where)
        for i, data in self._items(document, "sources", at):
            where = at.at(f"sources[{i}]")
            values = self._values(Source, f.SOURCE, data, where)
            code = values.pop("code")
            self.sources[code] = self._upsert(Source, {"code": code}, values, where)
        for i, data in self._items(document, "partners", at):
            where = at.at(f"partners[{i}]")
            values = self._values(Partner, f.PARTNER, data, where)
            name = values.pop("name")
            self.partners[name] = self._upsert(Partner, {"name": name}, values, where)
        for i, data in self._items(document, "frameworks", at):
            self._framework(data, municipalities, at.at(f"frameworks[{i}]"))

    def _framework(self, data: dict, municipalities: dict, at: _Location) -> None:
        values = self._values(
            Framework, f.FRAMEWORK, data, at, extra={"municipality", "themes", "programmes"}
        )
        municipality = self._ref(
            municipalities,
            data.get("municipality"),
            "municipality",
            at,
            Municipality,
            "cbs_code",
            required=True,
        )
        framework = self._upsert(
            Framework, {"municipality": municipality, "title": values.pop("title")}, values, at
        )
        # A document may add to a framework stored already (a programme for its themes).
        themes: dict[str, Theme] = {t.chapter: t for t in framework.themes.all()}
        tasks: dict[str, Task] = {t.code: t for t in framework.tasks.all()}
        for i, theme_data in self._items(data, "themes", at):
            where = self._origin_of(
                theme_data,
                at.at(_("theme %(chapter)s") % {"chapter": theme_data.get("chapter", i)}),
            )
            values = self._values(Theme, f.THEME, theme_data, where, extra={"tasks"})
            chapter = values.pop("chapter")
            theme = self._upsert(
                Theme, {"framework": framework, "chapter": chapter}, {**values, "order": i}, where
            )
            themes[chapter] = theme
            for j, task_data in self._items(theme_data, "tasks", where):
                task_at = where.at(_("task %(code)s") % {"code": task_data.get("code", j)})
                tasks.update([self._task(task_data, framework, theme, j, task_at)])
        for i, programme_data in self._items(data, "programmes", at):
            where = self._origin_of(
                programme_data, at.at(_("programme %(number)s") % {"number": i + 1})
            )
            self._programme(programme_data, framework, themes, tasks, where)

    def _task(
        self, data: dict, framework: Framework, theme: Theme, order: int, at: _Location
    ) -> tuple[str, Task]:
        values = self._values(Task, f.TASK, data, at, extra={"ambitions", "indicators"})
        code = values.pop("code")
        task = self._upsert(
            Task,
            {"framework": framework, "code": code},
            {**values, "theme": theme, "order": order},
            at,
        )
        if self._kept(task):
            return code, task
        for i, ambition in self._items(data, "ambitions", at):
            where = at.at(_("ambition %(number)s") % {"number": i + 1})
            values = self._values(Ambition, f.AMBITION, ambition, where)
            self._upsert(Ambition, {"task": task, "order": i}, values, where)
        for i, indicator in self._items(data, "indicators", at):
            self._indicator(
                indicator,
                task,
                i,
                at.at(_("indicator %(code)s") % {"code": indicator.get("code", i)}),
            )
        return code, task

    def _indicator(self, data: dict, task: Task, order: int, at: _Location) -> None:
        values = self._values(
            Indicator,
            f.INDICATOR,
            data,
            at,
            extra={"source", "targets", "measurements", "assessments"},
        )
        values["source"] = self._ref(self.sources, data.get("source"), "source", at, Source, "code")
        indicator = self._upsert(
            Indicator, {"task": task, "code": values.pop("code")}, {**values, "order": order}, at
        )
        for i, target_data in self._items(data, "targets", at):
            where = at.at(_("target %(number)s") % {"number": i + 1})
            values = self._values(Target, f.TARGET, target_data, where, extra={"values"})
            target = self._upsert(Target, {"indicator": indicator, "order": i}, values, where)
            for j, value_data in self._items(target_data, "values", where):
                value_at = where.at(f"values[{j}]")
                values = self._values(TargetValue, f.TARGET_VALUE, value_data, value_at)
                self._upsert(
                    TargetValue, {"target": target, "year": values.pop("year")}, values, value_at
                )
        for i, measurement in self._items(data, "measurements", at):
            where = at.at(_("measurement %(number)s") % {"number": i + 1})
            values = self._values(
                Measurement, f.MEASUREMENT, measurement, where, extra={"area", "source"}
            )
            area = self._ref(
                self.areas, measurement.get("area"), "area", where, Area, "code", required=True
            )
            values["source"] = self._ref(
                self.sources, measurement.get("source"), "source", where, Source, "code"
            )
            period = values.pop("period", "")
            self._check_figure(indicator, area, period, values, where)
            self._upsert(
                Measurement,
                {"indicator": indicator, "area": area, "period": period},
                values,
                where,
            )
        for i, assessment in self._items(data, "assessments", at):
            where = at.at(_("assessment %(number)s") % {"number": i + 1})
            values = self._values(Assessment, f.ASSESSMENT, assessment, where)
            self._upsert(
                Assessment,
                {"indicator": indicator, "assessed_on": values.pop("assessed_on")},
                values,
                where,
            )

    def _programme(
        self,
        data: dict,
        framework: Framework,
        themes: dict[str, Theme],
        tasks: dict[str, Task],
        at: _Location,
    ) -> None:
        values = self._values(
            Programme, f.PROGRAMME, data, at, extra={"theme", "ambitions", "budget_lines"}
        )
        values["theme"] = self._ref(themes, data.get("theme"), "theme", at, required=True)
        programme = self._upsert(
            Programme, {"framework": framework, "title": values.pop("title")}, values, at
        )
        if self._kept(programme):
            return
        for i, ambition_data in self._items(data, "ambitions", at):
            where = at.at(
                _("task %(code)s ambition %(number)s")
                % {"code": ambition_data.get("task"), "number": ambition_data.get("number")}
            )
            values = self._values(
                ProgrammeAmbition,
                f.PROGRAMME_AMBITION,
                ambition_data,
                where,
                extra={"task", "actions", "results"},
            )
            task = self._ref(tasks, ambition_data.get("task"), "task", where, required=True)
            ambition = self._upsert(
                ProgrammeAmbition,
                {"programme": programme, "task": task, "number": values.pop("number")},
                {**values, "order": i},
                where,
            )
            actions = {}
            for j, action_data in self._items(ambition_data, "actions", where):
                action_at = where.at(_("action %(code)s") % {"code": action_data.get("code", j)})
                values = self._values(
                    Action,
                    f.ACTION,
                    action_data,
                    action_at,
                    extra={"owner", "partners", "references", "notes"},
                )
                values["owner"] = self._ref(
                    self.partners, action_data.get("owner"), "owner", action_at, Partner, "name"
                )
                action = self._upsert(
                    Action,
                    {"ambition": ambition, "code": values.pop("code")},
                    {**values, "order": j},
                    action_at,
                )
                self._set_many(
                    action,
                    "partners",
                    [
                        self._ref(
                            self.partners,
                            name,
                            "partners",
                            action_at,
                            Partner,
                            "name",
                            required=True,
                        )
                        for name in self._list(action_data, "partners", action_at)
                    ],
                )
                self._set_many(
                    action,
                    "references",
                    [
                        self._ref(tasks, code, "references", action_at, required=True)
                        for code in self._list(action_data, "references", action_at)
                    ],
                )
                self._notes(action, action_data, action_at)
                actions[action.code] = action
            for j, result_data in self._items(ambition_data, "results", where):
                result_at = where.at(
                    _("result %(number)s (%(code)s)")
                    % {"number": j + 1, "code": result_data.get("code")}
                )
                values = self._values(
                    Result, f.RESULT, result_data, result_at, extra={"action", "references"}
                )
                values["action"] = self._ref(
                    actions, result_data.get("action"), "action", result_at
                )
                result = self._upsert(Result, {"ambition": ambition, "order": j}, values, result_at)
                self._set_many(
                    result,
                    "references",
                    [
                        self._ref(tasks, code, "references", result_at, required=True)
                        for code in self._list(result_data, "references", result_at)
                    ],
                )
        for i, line_data in self._items(data, "budget_lines", at):
            where = at.at(_("budget line %(number)s") % {"number": i + 1})
            values = self._values(
                BudgetLine, f.BUDGET_LINE, line_data, where, extra={"task", "spending"}
            )
            values["task"] = self._ref(tasks, line_data.get("task"), "task", where, required=True)
            line = self._upsert(BudgetLine, {"programme": programme, "order": i}, values, where)
            for k, spent in self._items(line_data, "spending", where):
                spent_at = where.at(_("spending %(number)s") % {"number": k + 1})
                values = self._values(Spending, f.SPENDING, spent, spent_at)
                lookup = {
                    "budget_line": line,
                    "spent_on": values.pop("spent_on"),
                    "description": values.pop("description", ""),
                }
                self._upsert(Spending, lookup, values, spent_at)

    # -- helpers ----------------------------------------------------------------------------

    def _check_figure(
        self, indicator: Indicator, area: Area, period: str, values: dict, at: _Location
    ) -> None:
        """The monitor's rules for a figure hold for figures in documents too."""
        figure = Figure(
            indicator=indicator,
            area=area,
            period=period,
            value=values["value"],
            margin=values.get("margin"),
            sample_size=values.get("sample_size"),
            status=values.get("status") or Measurement.Status.FINAL,
            source=values.get("source"),
            note=values.get("note") or "",
        )
        problems = figure_problems(figure, date.today())
        if problems:
            raise at.error(
                "; ".join(f"'{problem.field}': {problem.message}" for problem in problems)
            )

    def _kept(self, obj: models.Model) -> bool:
        """In the mode that only adds, a task or programme stored already is kept whole."""
        return self.add_only and (obj._meta.label, obj.pk) not in self.made

    @staticmethod
    def _origin_of(data: dict, at: _Location) -> _Location:
        """Objects merged from several data files carry the file they came from."""
        origin = data.get("_file")
        return _Location(origin, at.path[-1:]) if origin else at

    def _items(self, data: dict, key: str, at: _Location) -> Iterable[tuple[int, dict]]:
        items = data.get(key) or []
        if not isinstance(items, list):
            raise at.error(_("'%(key)s' must be a list") % {"key": key})
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise at.error(
                    _("'%(key)s' item %(number)s must be an object") % {"key": key, "number": i + 1}
                )
            yield i, item

    @staticmethod
    def _list(data: dict, key: str, at: _Location) -> list:
        items = data.get(key) or []
        if not isinstance(items, list):
            raise at.error(_("'%(key)s' must be a list") % {"key": key})
        return items

    def _check_keys(self, data: dict, at: _Location, allowed: set[str]) -> None:
        unknown = sorted(k for k in data if k not in allowed and not str(k).startswith("_"))
        if unknown:
            raise at.error(
                _("unknown field(s) %(fields)s") % {"fields": ", ".join(map(repr, unknown))}
            )

    def _values(
        self,
        model: type[models.Model],
        spec: list[f.Field],
        data: dict,
        at: _Location,
        extra: set[str] = frozenset(),
    ) -> dict[str, Any]:
        self._check_keys(data, at, {field.key for field in spec} | set(extra))
        values = {}
        for field in spec:
            try:
                value = field.parse(data)
            except f.FieldError as error:
                raise at.error(str(error)) from None
            if value is f.MISSING:
                if self.add_only:
                    continue  # new objects take the model's default; stored ones keep theirs
                value = model._meta.get_field(field.name).get_default()
            values[field.name] = value
        return values

    def _ref(
        self,
        known: dict,
        key: Any,
        name: str,
        at: _Location,
        model: type[models.Model] | None = None,
        lookup: str = "",
        required: bool = False,
    ) -> Any:
        if key is None or key == "":
            if required:
                raise at.error(_("'%(field)s' is required") % {"field": name})
            return None
        key = str(key)
        if key in known:
            return known[key]
        # Areas and municipalities may already be in the database (load-demo run before).
        if model is not None:
            found = model.objects.filter(**{lookup: key}).first()
            if found is not None:
                known[key] = found
                return found
        raise at.error(
            _("'%(field)s': %(value)r is not defined in this document")
            % {"field": name, "value": key}
        )

    def _notes(self, action: Action, data: dict, at: _Location) -> None:
        """Progress notes; the author is kept when a user of that name exists here."""
        users = get_user_model()
        for k, note in self._items(data, "notes", at):
            where = at.at(_("note %(number)s") % {"number": k + 1})
            values = self._values(ActionNote, f.NOTE, note, where, extra={"author"})
            name = note.get("author")
            values["author"] = users.objects.filter(username=name).first() if name else None
            lookup = {
                "action": action,
                "noted_on": values.pop("noted_on"),
                "text": values.pop("text"),
            }
            self._upsert(ActionNote, lookup, values, where)

    def _upsert(
        self, model: type[models.Model], lookup: dict, values: dict, at: _Location
    ) -> models.Model:
        identity = (model, *sorted((k, getattr(v, "pk", v)) for k, v in lookup.items()))
        if identity in self.seen:
            raise at.error(
                _("%(object)s %(key)s is defined twice")
                % {"object": model._meta.verbose_name, "key": self._describe(lookup)}
            )
        self.seen.add(identity)
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
        else:
            changed = {k: v for k, v in values.items() if not self._same(obj, k, v)}
            if not changed:
                return obj
            if self.add_only:
                # What the document leaves empty it does not contradict.
                said = [k for k, v in changed.items() if v not in ("", None, [])]
                if said:
                    self.result.differences.append(
                        _("%(object)s “%(name)s”, %(fields)s: Koers keeps what it holds")
                        % {
                            "object": model._meta.verbose_name,
                            "name": obj,
                            "fields": ", ".join(
                                str(model._meta.get_field(k).verbose_name) for k in said
                            ),
                        }
                    )
                return obj
            for key, value in changed.items():
                setattr(obj, key, value)
        try:
            obj.full_clean()
        except ValidationError as error:
            raise at.error(self._explain(error)) from None
        record(obj, None, self.change_reason)
        created = obj.pk is None
        obj.save()
        if created:
            self.made.add((model._meta.label, obj.pk))
            self.result.added.append(obj)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + 1
        return obj

    @staticmethod
    def _same(obj: models.Model, key: str, value: Any) -> bool:
        if isinstance(value, models.Model) or value is None:
            field = obj._meta.get_field(key)
            if field.is_relation:
                return getattr(obj, field.attname) == getattr(value, "pk", None)
        return getattr(obj, key) == value

    def _set_many(self, obj: models.Model, name: str, targets: list[models.Model]) -> None:
        if self._kept(obj):
            return  # an object kept as it was keeps its links too
        manager = getattr(obj, name)
        if {t.pk for t in targets} != set(manager.values_list("pk", flat=True)):
            manager.set(targets)
            label = f"{obj._meta.label}.{name}"
            self.counts[label] = self.counts.get(label, 0) + 1

    @staticmethod
    def _describe(lookup: dict) -> str:
        return ", ".join(f"{k}={v}" for k, v in lookup.items() if not isinstance(v, models.Model))

    @staticmethod
    def _explain(error: ValidationError) -> str:
        if hasattr(error, "message_dict"):
            return "; ".join(
                f"'{field}': {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
        return " ".join(error.messages)
