"""Load a Koers document (docs/export-format.md) into the database.

The loader walks the shape in `koers.imports.branches`. Objects are matched on their
natural keys and only saved when something differs, so loading the same document twice
changes nothing, not even the history. Everything happens in one transaction: a document
with one error writes nothing, and the error says in which file, at which object and in
which field.

In the mode that only adds (`add_only`), an object that exists is kept as it is, and where
the document says something else that is listed (`Loaded.differences`); only new objects
are made. The document import loads a plan read from a policy document this way, so a
plan is walked and written in one place whatever its origin.
"""

import dataclasses
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from koers.budgets import classification
from koers.history import record
from koers.imports import fields as f
from koers.imports.branches import DOCUMENT, POSITION, Branch, Ref
from koers.monitor.models import Measurement
from koers.monitor.services import Figure, figure_problems
from koers.plans.versions import one_change


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


class _Label(dict):
    """What a branch's label is formatted with: the object's data, its `number` in the
    list (from 1) and its `index` (from 0)."""

    def __init__(self, data: dict, index: int) -> None:
        super().__init__(data)
        self.index = index

    def __missing__(self, key: str) -> Any:
        return self.index if key == "index" else self.index + 1


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
        with one_change():
            loader.load(document)
        if dry_run:
            transaction.set_rollback(True)
    return loader.result


Context = dict[str, models.Model]  # the objects above, by the foreign key that names them


def _check_figure(values: dict, at: _Location) -> None:
    """The monitor's rules for a figure hold for figures in documents too."""
    figure = Figure(
        indicator=values["indicator"],
        area=values["area"],
        period=values["period"],
        value=values["value"],
        margin=values.get("margin"),
        sample_size=values.get("sample_size"),
        status=values.get("status") or Measurement.Status.FINAL,
        source=values.get("source"),
        note=values.get("note") or "",
        category=values.get("category"),
    )
    problems = figure_problems(figure, date.today())
    if problems:
        raise at.error("; ".join(f"'{problem.field}': {problem.message}" for problem in problems))


# Rules of a service that an object must meet before it is saved, by model.
_CHECKS: dict[str, Callable[[dict, _Location], None]] = {"monitor.Measurement": _check_figure}


class _Loader:
    def __init__(self, origin: str, change_reason: str, add_only: bool = False) -> None:
        self.root = _Location(origin)
        self.change_reason = change_reason
        self.add_only = add_only
        self.result = Loaded()
        self.counts = self.result.counts
        self.made: set[tuple[str, Any]] = set()
        self.seen: set[tuple] = set()
        # Objects by (model, the parent they are unique within, natural key), for refs.
        self.known: dict[tuple[str, Any, str], models.Model | None] = {}
        self.editions: classification.Editions | None = None  # read at the first taakveld

    def load(self, document: dict) -> None:
        at = self.root
        self._check_keys(document, at, {"format", "version", *(b.key for b in DOCUMENT)})
        if document.get("format", "koers") != "koers" or document.get("version", 1) != 1:
            raise at.error(_("not a Koers document of version 1 (fields 'format' and 'version')"))
        for branch in DOCUMENT:
            self._branch(branch, document, {}, at)

    def _branch(self, branch: Branch, data: dict, context: Context, at: _Location) -> None:
        for i, item in self._items(data, branch.key, at):
            where = self._origin_of(item, at.at(_(branch.label) % _Label(item, i)))
            self._object(branch, item, i, context, where)

    def _object(self, branch: Branch, data: dict, i: int, context: Context, at: _Location) -> None:
        model = apps.get_model(branch.model)
        values = self._values(model, branch, data, at)
        lookup: dict[str, Any] = {branch.owner: context[branch.owner]} if branch.owner else {}
        if branch.under:
            values[branch.under] = context[branch.under]
        for ref in branch.refs:
            if not ref.many:
                # A ref may name things within what identifies this object (a contact's
                # team within the contact's municipality).
                found = self._ref(ref, data.get(ref.key), {**context, **lookup}, at)
                (lookup if ref.identity else values)[ref.key] = found
        for name in branch.natural:
            if name == POSITION:
                lookup[name] = i
            else:
                default = model._meta.get_field(name).get_default()
                lookup[name] = values.pop(name, default)
        if branch.ordered:
            values[POSITION] = i
        check = _CHECKS.get(model._meta.label)
        if check is not None:
            check({**lookup, **values}, at)
        obj = self._upsert(model, lookup, values, at)
        self._remember(branch, obj, lookup)
        if branch.whole and self._kept(obj):
            return  # kept as stored, with everything under it
        for ref in branch.refs:
            if ref.many:
                names = self._list(data, ref.key, at)
                self._set_many(obj, ref.key, [self._ref(ref, n, context, at) for n in names])
        passed = {name: getattr(obj, name) for name in branch.passes}
        for child in branch.children:
            self._branch(child, data, {**context, **passed, child.parent: obj}, at)

    # -- natural keys and references ---------------------------------------------------------

    def _remember(self, branch: Branch, obj: models.Model, lookup: dict) -> None:
        named = [name for name in branch.natural if name != POSITION]
        if len(named) == 1:
            scope = lookup.get(branch.owner) if branch.owner else None
            key = (obj._meta.label, getattr(scope, "pk", None), str(lookup[named[0]]))
            self.known[key] = obj

    def _ref(self, ref: Ref, name: Any, context: Context, at: _Location) -> Any:
        if name is None or name == "":
            if ref.required or ref.many:
                raise at.error(_("'%(field)s' is required") % {"field": ref.key})
            return None
        model = apps.get_model(ref.model)
        scope = context.get(ref.within) if ref.within else None
        key = (model._meta.label, getattr(scope, "pk", None), str(name))
        if ref.listed and key not in self.known:
            self.editions = self.editions or classification.Editions()
            self.known[key] = self.editions.find(str(name), scope.start_year)
        if key not in self.known:
            # What the document does not define may be stored already (load-demo run
            # before, a programme added to a stored framework).
            lookup = {ref.natural: str(name), **({ref.within: scope} if ref.within else {})}
            self.known[key] = model.objects.filter(**lookup).first()
        found = self.known[key]
        if found is None and ref.listed:
            raise at.error(
                _("'%(field)s': %(value)r is no taakveld of %(edition)s, the list for %(year)s")
                % {
                    "field": ref.key,
                    "value": str(name),
                    "edition": (self.editions and self.editions.applicable(scope.start_year))
                    or "Iv3",
                    "year": scope.start_year,
                }
            )
        if found is None and not ref.missing_ok:
            raise at.error(
                _("'%(field)s': %(value)r is not defined in this document")
                % {"field": ref.key, "value": str(name)}
            )
        return found

    # -- reading the document -----------------------------------------------------------------

    def _kept(self, obj: models.Model) -> bool:
        """In the mode that only adds, an object stored already is kept whole."""
        return self.add_only and (obj._meta.label, obj.pk) not in self.made

    @staticmethod
    def _origin_of(data: dict, at: _Location) -> _Location:
        """Objects merged from several data files carry the file they came from."""
        origin = data.get("_file")
        return _Location(origin, at.path[-1:]) if origin else at

    def _items(self, data: dict, key: str, at: _Location) -> Iterable[tuple[int, dict]]:
        items = self._list(data, key, at)
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
        self, model: type[models.Model], branch: Branch, data: dict, at: _Location
    ) -> dict[str, Any]:
        self._check_keys(data, at, branch.keys)
        values = {}
        for field in branch.fields:
            try:
                value = field.parse(data)
            except f.FieldError as error:
                raise at.error(str(error)) from None
            if value is f.MISSING:
                if self.add_only or field.keep:
                    continue  # new objects take the model's default; stored ones keep theirs
                value = model._meta.get_field(field.name).get_default()
            values[field.name] = value
        return values

    # -- writing --------------------------------------------------------------------------------
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
