"""`koers import-document FILE [--kind auto|framework|programme|budget|accounts] [--dry-run]`."""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from koers.imports.accounts import apply_accounts, plan_accounts
from koers.imports.document import (
    KIND_LABELS,
    KINDS,
    DocumentError,
    Draft,
    read_document,
    source_text,
)
from koers.imports.document.apply import plan_import
from koers.imports.services import import_plan, partner_names


def counts(draft: Draft) -> str:
    """What the draft holds, in a line."""
    if draft.kind == "accounts":
        return _("%(results)d results, %(figures)d realised figures") % {
            "results": len(draft.document["results"]),
            "figures": len(draft.document["figures"]),
        }
    if draft.kind == "budget":
        framework = draft.document["frameworks"][0]
        tasks = [t for theme in framework["themes"] for t in theme["tasks"]]
        return _("%(programmes)d programmes, %(goals)d goals, %(results)d results, "
                 "%(indicators)d indicators") % {
            "programmes": len(framework["themes"]),
            "goals": len(tasks),
            "results": sum(
                len(a["actions"]) for p in framework["programmes"] for a in p["ambitions"]
            ),
            "indicators": sum(len(t["indicators"]) for t in tasks),
        }  # fmt: skip
    if draft.kind == "framework":
        themes = draft.document["frameworks"][0]["themes"]
        tasks = [t for theme in themes for t in theme["tasks"]]
        return _(
            "%(themes)d themes, %(tasks)d tasks, %(ambitions)d ambitions, %(indicators)d indicators"
        ) % {
            "themes": len(themes),
            "tasks": len(tasks),
            "ambitions": sum(len(t["ambitions"]) for t in tasks),
            "indicators": sum(len(t["indicators"]) for t in tasks),
        }
    programme = draft.document["programmes"][0]
    ambitions = programme["ambitions"]
    return _(
        "%(ambitions)d ambitions, %(actions)d actions, %(results)d results, %(lines)d budget lines"
    ) % {
        "ambitions": len(ambitions),
        "actions": sum(len(a["actions"]) for a in ambitions),
        "results": sum(len(a["results"]) for a in ambitions),
        "lines": len(programme["budget_lines"]),
    }


class Command(BaseCommand):
    help = _(
        "Read a kaderdocument, uitvoeringsprogramma or programmabegroting (.txt or .pdf) into "
        "a draft plan, show what it would add, and add it after confirmation."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", choices=["auto", *KINDS], default="auto")
        parser.add_argument(
            "--dry-run", action="store_true", help=_("show what would change, write nothing")
        )
        parser.add_argument("-o", "--output", type=Path, help=_("write the draft as JSON"))
        parser.add_argument(
            "--municipality", help=_("CBS code of the municipality, such as GM0246")
        )
        parser.add_argument("--framework", type=int, help=_("number of the framework"))
        parser.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": path})
        try:
            source = source_text(path.name, path.read_bytes())
            draft = read_document(source.text, options["kind"], partner_names())
        except DocumentError as error:
            raise CommandError(f"{path}: {error}") from None
        self.stdout.write(
            _("%(file)s read as %(kind)s: %(counts)s.")
            % {"file": path, "kind": KIND_LABELS[draft.kind], "counts": counts(draft)}
        )
        if draft.doubts:
            self.stdout.write(_("Not sure about:"))
            for doubt in draft.doubts:
                self.stdout.write(f"  {source.where(doubt['line'])}: {doubt['message']}")
        if draft.candidates:
            self.stdout.write(_("Figures in “Waar staan we?” (candidate measurements):"))
            for figure in draft.candidates:
                self.stdout.write(
                    f"  {figure['task']}: {figure['value']} {figure['unit']} "
                    f"{figure['period'] or '?'} {figure['source'] or ''} "
                    f"({source.where(figure['line'])})"
                )
        if options["output"]:
            options["output"].write_text(
                json.dumps(draft.document, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            self.stdout.write(_("Draft written to %(file)s.") % {"file": options["output"]})
        if draft.kind == "accounts":
            self._accounts(draft, source, path, options)
            return
        try:
            plan = plan_import(
                draft, options["municipality"], options["framework"], origin=path.name
            )
        except DocumentError as error:
            if options["dry_run"]:
                # Reading worked; only the comparison needs the municipality or framework.
                self.stdout.write(_("Not compared with the database: %(error)s") % {"error": error})
                return
            raise CommandError(str(error)) from None
        symbols = {"add": "+", "keep": "=", "differs": "  ≠"}
        for change in plan.changes:
            self.stdout.write(f"{symbols[change.action]} {change.what}")
        if not plan.additions:
            self.stdout.write(_("Nothing new: the database already holds this document."))
            return
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
            return
        if not options["yes"] and not self._confirm(len(plan.additions)):
            self.stdout.write(_("Nothing was written."))
            return
        made = import_plan(None, plan, f"koers import-document {path.name}")
        self.stdout.write(_("Added %(count)d objects.") % {"count": made})

    def _accounts(self, draft: Draft, source: Any, path: Path, options: dict[str, Any]) -> None:
        """An annual account: the progress notes and figures it gives the plan."""
        try:
            plan = plan_accounts(draft.document, options["framework"])
        except DocumentError as error:
            if options["dry_run"]:
                self.stdout.write(_("Not compared with the database: %(error)s") % {"error": error})
                return
            raise CommandError(str(error)) from None
        new = plan.new
        for update in new:
            status = f"{update.status_label}; " if update.status_label else ""
            self.stdout.write(
                f"+ {update.action.ambition.task.code} {_('action')} {update.action.code}: "
                f"{status}{update.note.text[:80]}"
            )
        for figure in plan.figures:
            self.stdout.write(
                f"+ {figure.indicator.name}: {figure.read['value']} ({figure.read['period']})"
            )
        for missing in [*plan.unmatched, *plan.differences]:
            self.stdout.write(f"  {source.where(missing['line'])}: {missing['message']}")
        if not new and not plan.figures:
            self.stdout.write(_("Nothing new: the database already holds this document."))
            return
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
            return
        if not options["yes"] and not self._confirm(len(new) + len(plan.figures)):
            self.stdout.write(_("Nothing was written."))
            return
        try:
            made = apply_accounts(None, plan, origin=f"koers import-document {path.name}")
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(_("Saved %(count)d updates and figures.") % {"count": made})

    def _confirm(self, count: int) -> bool:
        question = _("Add these %(count)d items? [y/N] ") % {"count": count}
        try:
            answer = input(question)
        except EOFError:
            return False
        return answer.strip().lower() in {"y", "yes", "j", "ja"}
