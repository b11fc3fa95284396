"""Importing a plan read from a policy document: who may add what.

A framework document adds themes and tasks, so only an administrator or an editor of every
theme imports one; a programme document belongs to one theme, whose editors import it.
The document import page and `koers import-document` both come here.
"""

import json
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from koers.accounts.permissions import can_edit, edits_every_theme
from koers.imports.document.apply import ImportPlan, apply_import


def partner_names() -> list[str]:
    """The partners Koers holds, which the actions of a programme document may name."""
    from koers.plans.models import Partner

    return list(Partner.objects.order_by("name").values_list("name", flat=True))


def may_import(user: Any, plan: ImportPlan) -> bool:
    if plan.draft.shape == "framework":
        municipality = plan.municipality
        return edits_every_theme(user, municipality.pk if municipality is not None else None)
    chapter = plan.draft.document["programmes"][0].get("theme")
    theme = plan.framework.themes.filter(chapter=chapter).first() if plan.framework else None
    return theme is not None and can_edit(user, theme)


def import_plan(user: Any, plan: ImportPlan, reason: str) -> int:
    """Add what the plan found new, all or nothing; returns how many items were made."""
    if not may_import(user, plan):
        municipality = plan.municipality
        if plan.draft.shape != "framework":
            raise PermissionDenied(_("Only an editor of the programme's theme imports it."))
        if municipality is None or municipality.pk is None:
            raise PermissionDenied(
                _("Only an administrator adds the plan of a municipality Koers does not hold yet.")
            )
        raise PermissionDenied(
            _("Only an editor of every theme of %(name)s imports its framework.")
            % {"name": municipality.name}
        )
    return apply_import(plan, reason)


def take_draft(user: Any, job_id: str) -> dict[str, Any] | None:
    """The draft that `user`'s own finished reading job made (koers.imports.tasks), or None;
    the job is removed: the draft lives on with the editor, the text is not kept twice."""
    from koers.operations.models import Job

    try:
        pk = uuid.UUID(job_id)
    except ValueError:
        return None
    job = Job.objects.filter(
        pk=pk, kind="document", requested_by=user, state=Job.State.DONE
    ).first()
    if job is None or job.file is None:
        return None
    state: dict[str, Any] = json.loads(bytes(job.file))
    job.delete()
    return state
