"""Every change to a municipality's comparable municipalities (docs/comparable-municipalities.md).

Editors of the whole municipality (not of chosen themes only) choose them; each member is a
municipality named by its CBS code (GM0200), with its name where Koers does not know it
yet. Members are areas of kind municipality, shared by every plan, like the region and
the Netherlands.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.accounts.permissions import edits_every_theme
from koers.history import record
from koers.monitor.models import Area, PeerGroup
from koers.plans.models import Municipality

_MEMBER = re.compile(r"^\s*(GM\d{4})\b[\s,;:-]*(.*?)\s*$", re.IGNORECASE)
MAX_MEMBERS = 400  # more than the country has: a list beyond it is a mistake


@dataclass(frozen=True)
class Member:
    cbs_code: str
    name: str  # as written; "" when only the code was given


def read_members(text: str) -> tuple[list[Member], dict[int, str]]:
    """One municipality per line ("GM0200 Apeldoorn" or "GM0200"); the problems by line
    number. Blank lines are skipped; a code twice counts once."""
    members: dict[str, Member] = {}
    problems: dict[int, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = _MEMBER.match(line)
        if found is None:
            problems[number] = _("line %(line)d: start with the CBS code, such as GM0200") % {
                "line": number
            }
            continue
        code = found.group(1).upper()
        members.setdefault(code, Member(code, found.group(2)))
    return list(members.values()), problems


@transaction.atomic
def set_peer_group(
    user: Any,
    municipality: Municipality,
    members: list[Member],
    *,
    name: str = "",
    basis: str = "",
) -> PeerGroup:
    """The municipality's comparable municipalities, all at once. Unknown codes need a name
    and become areas of kind municipality. Raises PermissionDenied or ValidationError
    (nothing is changed then)."""
    if not edits_every_theme(user, municipality.pk):
        raise PermissionDenied(
            _("Only an editor of the whole municipality chooses its comparable municipalities.")
        )
    if len(members) > MAX_MEMBERS:
        raise ValidationError({"members": [_("Choose at most %(max)d.") % {"max": MAX_MEMBERS}]})
    known = {a.cbs_code: a for a in Area.objects.filter(cbs_code__in=[m.cbs_code for m in members])}
    problems = []
    for member in members:
        area = known.get(member.cbs_code)
        if member.cbs_code == municipality.cbs_code:
            problems.append(_("%(code)s is the municipality itself.") % {"code": member.cbs_code})
        elif area is not None and area.kind != Area.Kind.MUNICIPALITY:
            problems.append(_("%(code)s is no municipality.") % {"code": member.cbs_code})
        elif area is None and not member.name:
            problems.append(
                _("%(code)s is not known to Koers yet: give its name after the code.")
                % {"code": member.cbs_code}
            )
    if problems:
        raise ValidationError({"members": problems})
    areas = []
    for member in members:
        area = known.get(member.cbs_code)
        if area is None:
            area = Area(
                code=member.cbs_code,
                cbs_code=member.cbs_code,
                name=member.name,
                kind=Area.Kind.MUNICIPALITY,
            )
            record(area, user, _("comparable municipality")).save()
        areas.append(area)
    group = PeerGroup.objects.filter(municipality=municipality).first() or PeerGroup(
        municipality=municipality
    )
    group.name = name or group.name or _("Comparable municipalities")
    group.basis = basis
    record(group, user, _("comparable municipalities")).save()
    if {a.pk for a in areas} != set(group.members.values_list("pk", flat=True)):
        group.members.set(areas)
    return group
