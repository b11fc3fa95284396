"""Indicators by their code: a code is unique within its task only, and many municipalities
use the same codes, so a code is looked up within the municipality a writer names."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from koers.monitor.models import Indicator
from koers.plans.models import Framework, current_of

# How many codes an index keeps before it forgets those the current batch does not name.
KEPT_CODES = 2000


class IndicatorIndex:
    """Indicators by code, with the frameworks and municipalities they belong to."""

    def __init__(self) -> None:
        self.by_code: dict[str, list[Indicator]] = {}
        self._answers: dict[tuple[str, str], tuple[Indicator | None, str]] = {}
        # By municipality: the id of its current framework, for a code it uses in several.
        self._current: dict[int, int | None] = {}

    @classmethod
    def of_codes(cls, codes: Iterable[str]) -> "IndicatorIndex":
        index = cls()
        index.load(codes)
        return index

    def load(self, codes: Iterable[str]) -> None:
        """Read the indicators with these codes, where not read yet: an import asks per
        batch, so it holds the indicators its file names, not those of every plan."""
        codes = set(codes)
        if len(self.by_code) > KEPT_CODES:  # a national file names many: keep memory flat
            self.by_code = {code: self.by_code[code] for code in codes & set(self.by_code)}
            self._answers = {}
            self._current = {}
        wanted = codes - set(self.by_code)
        if not wanted:
            return
        for code in wanted:
            self.by_code[code] = []
        municipalities = set()
        for indicator in _with_plans().filter(code__in=wanted):
            self.by_code[indicator.code].append(indicator)
            municipalities.add(indicator.task.framework.municipality_id)
        self._read_current(municipalities - set(self._current))

    def _read_current(self, municipalities: set[int]) -> None:
        # One query for all, and plain ids kept: Django's prefetch would give every copy of
        # a municipality a queryset that points back at it, a cycle per indicator that only
        # the garbage collector frees.
        if not municipalities:
            return
        frameworks: dict[int, list[Framework]] = {m: [] for m in municipalities}
        for framework in Framework.objects.filter(municipality_id__in=municipalities).only(
            "id", "municipality_id", "start_year", "end_year"
        ):
            frameworks[framework.municipality_id].append(framework)
        for municipality, found in frameworks.items():
            current = current_of(found)
            self._current[municipality] = current.pk if current is not None else None

    def find(self, code: str, municipality: str = "") -> tuple[Indicator | None, str]:
        """The indicator with this code (in this municipality, by CBS code), or a problem."""
        question = (code, municipality)
        if question not in self._answers:  # a file names one indicator in many rows
            self._answers[question] = self._find(code, municipality)
        return self._answers[question]

    def find_everywhere(self, code: str) -> list[Indicator]:
        """For every municipality with an indicator with this code, the one `find` gives."""
        municipalities = {
            i.task.framework.municipality.cbs_code for i in self.by_code.get(code, [])
        }
        found = (self.find(code, municipality)[0] for municipality in sorted(municipalities))
        return [indicator for indicator in found if indicator is not None]

    def _find(self, code: str, municipality: str) -> tuple[Indicator | None, str]:
        found = self.by_code.get(code, [])
        if municipality:
            found = [i for i in found if i.task.framework.municipality.cbs_code == municipality]
        if not found:
            if municipality:
                return None, _("municipality %(code)s has no indicator with this code") % {
                    "code": municipality
                }
            return None, _("no indicator has this code")
        frameworks = {i.task.framework_id for i in found}
        if len({i.task.framework.municipality_id for i in found}) > 1:
            return None, _(
                "several municipalities have an indicator with this code: name the "
                "municipality (its CBS code, such as GM0246)"
            )
        if len(frameworks) > 1:
            # One municipality, several frameworks: its current framework's indicator.
            current = self._current.get(found[0].task.framework.municipality_id)
            found = [i for i in found if i.task.framework_id == current]
        if len(found) != 1:
            return None, _("several tasks have an indicator with this code")
        return found[0], ""


def _with_plans():
    return Indicator.objects.select_related("task__theme", "task__framework__municipality")
