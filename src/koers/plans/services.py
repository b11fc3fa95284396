"""Every change to the execution of a programme: an action's status and progress with its
dated note, a result achieved with its evidence.

The pages and the API both come here (docs/services.md). Who: editors of the theme; for an
action also the partners who own or share it, though only editors move a deadline. What: a
progress between 0 and 100, a finished action at 100%, an achieved result with a date that
has passed and evidence. A writer who says which version they saw gets `Conflict` when
someone saved after them, and nothing of theirs is written.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from koers.accounts.permissions import can_edit, can_update_action
from koers.concurrency import claim
from koers.history import record
from koers.plans.models import Action, ActionNote, Result

ACTION_CHANGES = {"status", "progress", "deadline"}
EVIDENCE_EXTENSIONS = {"pdf", "docx", "doc", "xlsx", "odt", "png", "jpg", "jpeg"}
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Note:
    """A dated progress note: what happened and what comes next."""

    text: str
    noted_on: date
    public: bool = False


def _errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def action_problems(
    status: str, progress: int, planned_start: date | None, deadline: date | None
) -> dict[str, list[str]]:
    """What is wrong with an action's state; no database needed."""
    errors: dict[str, list[str]] = {}
    if status not in Action.Status.values:
        errors["status"] = [_("Not a status of an action.")]
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        errors["progress"] = [_("Progress lies between 0 and 100%.")]
    elif status == Action.Status.DONE and progress != 100:
        errors["progress"] = [_("A finished action has progress 100%.")]
    if planned_start and deadline and deadline < planned_start:
        errors["deadline"] = [_("The deadline lies before the planned start.")]
    return errors


def note_problems(note: Note, today: date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not note.text.strip():
        errors["text"] = [_("Write what happened.")]
    if "\x00" in note.text:
        errors["text"] = [_("The text holds a NUL character.")]
    if note.noted_on > today:
        errors["noted_on"] = [_("A note cannot be dated in the future.")]
    return errors


@transaction.atomic
def update_action(
    user: Any,
    action: Action,
    changes: dict[str, Any],
    *,
    note: Note | None = None,
    expected_version: int | None = None,
) -> Action:
    """Change an action's status, progress or deadline, with a dated note.

    Raises PermissionDenied, ValidationError (by field) or Conflict.
    """
    unknown = set(changes) - ACTION_CHANGES
    if unknown:
        raise ValueError(f"not changeable here: {sorted(unknown)}")
    theme = action.ambition.task.theme
    if not can_update_action(user, action, theme):
        raise PermissionDenied(_("You may not update this action."))
    moves_deadline = "deadline" in changes and changes["deadline"] != action.deadline
    if moves_deadline and not can_edit(user, theme):
        raise PermissionDenied(_("Only an editor of the theme moves a deadline."))
    status = changes.get("status", action.status)
    progress = changes.get("progress", action.progress)
    deadline = changes.get("deadline", action.deadline)
    errors = action_problems(status, progress, action.planned_start, deadline)
    if note is not None:
        errors.update(note_problems(note, date.today()))
    _errors(errors)
    claim(action, expected_version)
    action.status, action.progress, action.deadline = status, progress, deadline
    action.updated_on = note.noted_on if note is not None else date.today()
    record(action, user, (note.text if note else "")[:100])
    action.save()
    if note is not None:
        dated = ActionNote(
            action=action,
            noted_on=note.noted_on,
            text=note.text,
            status=status,
            progress=progress,
            public=note.public,
            author=user,
        )
        record(dated, user).save()
    return action


def evidence_problems(upload: File | None) -> list[str]:
    if upload is None:
        return []
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in EVIDENCE_EXTENSIONS:
        return [
            _(
                "Files of type “%(extension)s” are not accepted; use a PDF, Word, Excel, "
                "OpenDocument or image file."
            )
            % {"extension": extension or "?"}
        ]
    if upload.size is not None and upload.size > MAX_EVIDENCE_BYTES:
        return [_("The file is larger than 10 MB.")]
    return []


@transaction.atomic
def record_result(
    user: Any,
    result: Result,
    *,
    achieved: bool,
    achieved_on: date | None = None,
    evidence: str = "",
    evidence_file: File | None = None,
    expected_version: int | None = None,
) -> Result:
    """Mark a result achieved (with a date and evidence) or not achieved."""
    if not can_edit(user, result.ambition.task.theme):
        raise PermissionDenied(_("Only an editor of the theme records results."))
    evidence = (evidence or "").strip()
    errors: dict[str, list[str]] = {}
    file_errors = evidence_problems(evidence_file)
    if file_errors:
        errors["evidence_file"] = file_errors
    if achieved:
        if not evidence and evidence_file is None and not result.evidence_file:
            errors["evidence"] = [_("An achieved result needs evidence.")]
        if achieved_on is None:
            errors["achieved_on"] = [_("Say when the result was achieved.")]
        elif achieved_on > date.today():
            errors["achieved_on"] = [_("A result cannot be achieved in the future.")]
    if "\x00" in evidence:
        errors["evidence"] = [_("The text holds a NUL character.")]
    _errors(errors)
    claim(result, expected_version)
    result.achieved = achieved
    result.achieved_on = achieved_on if achieved else None
    result.evidence = evidence
    if evidence_file is not None:
        result.evidence_file = evidence_file
    record(result, user)
    result.save()
    return result
