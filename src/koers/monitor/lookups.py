"""Indicators by their code: a code is unique within its task only, and many municipalities
use the same codes, so a code is looked up within the municipality a writer names."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from koers.monitor.models import Indicator


class IndicatorIndex:
    """Indicators by code, with the frameworks and municipalities they belong to."""

    def __init__(self, indicators: Iterable[Indicator]) -> None:
        self.by_code: dict[str, list[Indicator]] = {}
        for indicator in indicators:
            self.by_code.setdefault(indicator.code, []).append(indicator)

    @classmethod
    def of_codes(cls, codes: Iterable[str]) -> "IndicatorIndex":
        return cls(_with_plans().filter(code__in=set(codes)))

    @classmethod
    def everything(cls) -> "IndicatorIndex":
        return cls(_with_plans())

    def find(self, code: str, municipality: str = "") -> tuple[Indicator | None, str]:
        """The indicator with this code (in this municipality, by CBS code), or a problem."""
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
            current = found[0].task.framework.municipality.current_framework()
            found = [i for i in found if current is not None and i.task.framework_id == current.pk]
        if len(found) != 1:
            return None, _("several tasks have an indicator with this code")
        return found[0], ""


def _with_plans():
    return Indicator.objects.select_related(
        "task__theme", "task__framework__municipality"
    ).prefetch_related("task__framework__municipality__frameworks")
