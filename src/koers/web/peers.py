"""The municipalities a plan's figures are compared with ("Vergelijkbare gemeenten"): who
they are and why, and for editors of the whole municipality a form to choose them. Every
change goes through `koers.monitor.peer_groups`."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koers.accounts.permissions import edits_every_theme
from koers.addresses import plan_reverse
from koers.monitor import peer_groups
from koers.monitor.models import PeerGroup
from koers.monitor.peers import MIN_PEERS
from koers.monitor.tree import Plan
from koers.web.plans import plan_context, plan_page


@plan_page
def peer_group(request: HttpRequest, plan: Plan, on: date) -> HttpResponse:
    municipality = plan.framework.municipality
    group = PeerGroup.objects.filter(municipality=municipality).first()
    members = list(group.members.order_by("name")) if group else []
    editor = edits_every_theme(request.user, municipality.pk)
    problems: list[str] = []
    text = "\n".join(f"{a.cbs_code or a.code} {a.name}" for a in members)
    name, basis = (group.name, group.basis) if group else ("", "")
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        text = request.POST.get("leden", "")
        name, basis = request.POST.get("naam", "").strip(), request.POST.get("grond", "").strip()
        chosen, unread = peer_groups.read_members(text)
        problems = list(unread.values())
        if not problems:
            try:
                peer_groups.set_peer_group(
                    request.user, municipality, chosen, name=name, basis=basis
                )
            except ValidationError as error:
                problems = error.messages
            else:
                messages.success(request, _("The comparable municipalities have been saved."))
                return redirect(plan_reverse(plan.framework, "web:peer_group"))
    return render(
        request,
        "web/peer_group.html",
        plan_context(
            plan,
            on,
            group=group,
            members=members,
            editor=editor,
            problems=problems,
            text=text,
            name=name,
            basis=basis,
            min_peers=MIN_PEERS,
        ),
    )
