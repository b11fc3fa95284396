"""`koers status [--date YYYY-MM-DD] [--municipality GM0246] [--json]`: the status tree
with its reasons, per framework."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from koers.commands import date_option
from koers.monitor.status import verdict_label
from koers.monitor.tree import Node, status_tree
from koers.plans.models import Framework


class Command(BaseCommand):
    help = _("Show the status of every framework, task, indicator, programme and action.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help=_("reporting date, YYYY-MM-DD (default: today)"))
        parser.add_argument("--json", action="store_true", help=_("write JSON"))
        parser.add_argument(
            "--municipality", help=_("only the frameworks of this municipality (CBS code)")
        )

    def handle(self, *args, **options) -> None:
        on = date_option(options["date"])
        frameworks = Framework.objects.select_related("municipality").order_by(
            "municipality__cbs_code", "start_year", "pk"
        )
        if options["municipality"]:
            frameworks = frameworks.filter(municipality__cbs_code=options["municipality"])
        # One plan at a time: memory stays that of one plan, however many there are.
        trees = (status_tree(framework, on) for framework in frameworks.iterator())
        if options["json"]:
            document = {
                "date": on.isoformat(),
                "frameworks": [
                    {
                        **tree["framework"].to_dict(),
                        "programmes": [p.to_dict() for p in tree["programmes"]],
                    }
                    for tree in trees
                ],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(_("Status on %(date)s") % {"date": on.strftime("%d-%m-%Y")})
        for tree in trees:
            self._write(tree["framework"], 0)
            for programme in tree["programmes"]:
                self._write(programme, 0)

    def _write(self, node: Node, depth: int) -> None:
        title = " ".join(node.title.split())
        if len(title) > 70:
            title = title[:69] + "…"
        code = "" if node.kind in {"framework", "programme"} else f"{node.code} "
        self.stdout.write(
            f"{'  ' * depth}{code}{title} — {verdict_label(node.status.code)}: {node.status.reason}"
        )
        for child in node.children:
            self._write(child, depth + 1)
