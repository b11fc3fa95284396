"""Children read in one query per relation and handed to their parents.

Django's `prefetch_related` builds a filtered queryset for every parent object of every
relation before it hands over the rows; for a whole plan (about 500 parents) that cost
more than reading the rows. `attach` hands the rows over as `prefetch_related` leaves them
(`parent.<relation>.all()` answers from memory), and builds the parent's real queryset only
when a caller asks for more than the rows (a filter, an update), so nothing is read wrongly.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import ManyToOneRel, Model, QuerySet
from django.db.models.sql import Query

_PLACEHOLDERS: dict[type[Model], Query] = {}


class KeptRows(QuerySet):
    """The rows of one parent's relation, already read."""

    def __init__(self, parent: Model, accessor: str, model: type[Model], rows: list) -> None:
        placeholder = _PLACEHOLDERS.get(model)
        if placeholder is None:
            placeholder = _PLACEHOLDERS[model] = Query(model)
        super().__init__(model=model, query=placeholder)
        self._query: Query | None = None  # built from the relation when first needed
        self._parent = parent
        self._accessor = accessor
        self._result_cache = rows
        self._prefetch_done = True

    def _relation(self) -> QuerySet:
        # The related manager's own queryset, as it builds it when nothing is kept (its
        # get_queryset would answer with these kept rows).
        manager: Any = getattr(self._parent, self._accessor)
        plain: Any = super(type(manager), manager)  # the model's own manager
        return manager._apply_rel_filters(plain.get_queryset())

    def _clone(self) -> QuerySet:
        # A filter or any other new queryset asks the database, as after prefetch_related.
        return self._relation()

    def __deepcopy__(self, memo: dict) -> Any:
        # As Django's: a copy of a parent (deepcopy) gets its relation without the rows.
        return self._relation()

    @property
    def query(self) -> Query:
        if self._query is None:
            self._query = self._relation().query
        return self._query

    @query.setter
    def query(self, value: Query) -> None:
        self._query = value


def _keep(parents: Iterable[Model], accessor: str, model: type[Model], rows: dict) -> None:
    for parent in parents:
        cache = parent.__dict__.setdefault("_prefetched_objects_cache", {})
        cache[accessor] = KeptRows(parent, accessor, model, rows.get(parent.pk, []))


def attach(parents: Sequence[Model], accessor: str, children: Iterable[Model]) -> list:
    """`children` (rows of a reverse foreign key, in their order) as `parent.<accessor>`;
    each child's foreign key points at its parent object without another query. Returns
    the children, the parents of the next level."""
    children = list(children)
    if not parents:
        return children
    relation = parents[0]._meta.get_field(accessor)
    assert isinstance(relation, ManyToOneRel), f"{accessor} is not a reverse foreign key"
    key = relation.field  # the child's foreign key
    by_pk = {parent.pk: parent for parent in parents}
    rows: dict[Any, list] = defaultdict(list)
    for child in children:
        parent_pk = getattr(child, key.attname)
        rows[parent_pk].append(child)
        if parent_pk in by_pk:
            key.set_cached_value(child, by_pk[parent_pk])
    _keep(parents, accessor, relation.related_model, rows)
    return children


def attach_many(
    parents: Sequence[Model], accessor: str, pairs: Iterable[tuple[Any, Model]]
) -> None:
    """`(parent pk, child)` pairs of a many-to-many relation as `parent.<accessor>`."""
    if not parents:
        return
    model: Any = parents[0]._meta.get_field(accessor).related_model
    rows: dict[Any, list] = defaultdict(list)
    for parent_pk, child in pairs:
        rows[parent_pk].append(child)
    _keep(parents, accessor, model, rows)
