"""`koers targets [--apply]`: read the target in every "Hoe laten we dit zien?" sentence."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from koers.history import record
from koers.monitor.models import Indicator, Target
from koers.monitor.targets import TargetSpec, parse_targets


class Command(BaseCommand):
    help = _(
        "Check which indicator sentences state a target Koers can compute; with --apply, "
        "add the targets found to indicators that have none."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--apply", action="store_true", help=_("save the targets found"))

    def handle(self, *args, **options) -> None:
        indicators = Indicator.objects.filter(role=Indicator.Role.MONITOR).prefetch_related(
            "targets"
        )
        not_read = 0
        with transaction.atomic():
            for indicator in indicators.order_by("task__order", "order"):
                found = parse_targets(indicator.sentence)
                stored = list(indicator.targets.all())
                if not found:
                    not_read += 1
                    self.stdout.write(
                        _("%(code)s: no target recognised in: %(sentence)s")
                        % {"code": indicator.code, "sentence": " ".join(indicator.sentence.split())}
                    )
                    continue
                kinds = ", ".join(t.kind for t in found)
                self.stdout.write(f"{indicator.code}: {kinds}")
                if options["apply"] and not stored:
                    for order, spec in enumerate(found):
                        _create(indicator, spec, order)
        self.stdout.write(
            _("%(count)d sentence(s) without a recognised target; they stay text.")
            % {"count": not_read}
        )


def _create(indicator: Indicator, spec: TargetSpec, order: int) -> None:
    target = Target(
        indicator=indicator,
        order=order,
        kind=spec.kind,
        sentence=spec.sentence,
        direction=spec.direction,
        value=spec.value,
        change=spec.change,
        change_unit=spec.change_unit,
        start_year=spec.start_year,
        target_year=spec.target_year,
        baseline_value=spec.baseline_value,
        baseline_period=spec.baseline_period,
        baseline_note=spec.baseline_note,
    )
    target.full_clean()
    record(target, None, "koers targets --apply")
    target.save()
    for year, value in spec.values:
        target.values.create(year=year, value=value)
