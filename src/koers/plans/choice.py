"""Which framework a request means: every list and download belongs to one plan."""

from django.utils.translation import gettext as _

from koers.plans.models import Framework, Municipality


class NoPlanNamed(LookupError):
    """Several plans are held and the request names none of them."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Koers holds the plans of several municipalities: name one with "
                "'framework' (its number) or 'municipality' (its CBS code, such as GM0246)."
            )
        )


def chosen_framework(
    framework_id: int | None = None, municipality_code: str | None = None
) -> Framework | None:
    """The framework named by number, else the current framework of the municipality named
    by CBS code, else the only framework there is; None when what is named does not exist.

    Raises NoPlanNamed when nothing is named and there are several frameworks.
    """
    frameworks = Framework.objects.select_related("municipality")
    if framework_id is not None:
        found = frameworks.filter(pk=framework_id)
        if municipality_code:
            found = found.filter(municipality__cbs_code=municipality_code)
        return found.first()
    if municipality_code:
        municipality = Municipality.objects.filter(cbs_code=municipality_code).first()
        return municipality.current_framework() if municipality is not None else None
    first_two = list(frameworks.order_by("pk")[:2])
    if len(first_two) > 1:
        raise NoPlanNamed
    return first_two[0] if first_two else None
