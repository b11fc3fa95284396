"""Who is responsible: editors choose a person and team for many actions, results and
indicators of a theme at once (all of an ambition with one tick); the service
`koers.plans.responsibility.assign` checks and records it."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.accounts.permissions import can_edit
from koers.addresses import plan_reverse
from koers.monitor.tree import Node, NodeKind, Plan
from koers.plans import responsibility
from koers.plans.models import Contact, Team
from koers.web.plans import plan_context, plan_page

# The choices besides a person or team: leave the role as it is, or empty it.
UNCHANGED, NOBODY = "", "-"


def _choices(people: list[Any], nobody: str) -> list[tuple[str, str]]:
    return [
        (UNCHANGED, _("leave as it is")),
        (NOBODY, nobody),
        *((str(p.pk), str(p)) for p in people),
    ]


class ResponsibilityForm(forms.Form):
    items = forms.MultipleChoiceField(
        label=gettext_lazy("For"), widget=forms.CheckboxSelectMultiple
    )
    responsible = forms.ChoiceField(label=gettext_lazy("Responsible"), required=False)
    team = forms.ChoiceField(label=gettext_lazy("Team"), required=False)
    data_supplier = forms.ChoiceField(
        label=gettext_lazy("Delivers the figures (indicators only)"), required=False
    )

    def __init__(self, *args: Any, items: list[tuple[str, str]], contacts, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = items
        self.fields["responsible"].choices = _choices(contacts, _("nobody"))
        self.fields["data_supplier"].choices = _choices(contacts, _("nobody"))
        self.fields["team"].choices = _choices(teams, _("no team"))


def _theme_items(plan: Plan, theme: Node) -> tuple[list[dict[str, Any]], dict[str, list[Any]]]:
    """The groups of the page (ambitions with their actions and results, tasks with their
    indicators) and, per choice value, the objects it stands for."""
    groups, objects = [], {}
    for programme in plan.programmes:
        if programme.obj.theme_id != theme.obj.pk:
            continue
        for ambition in programme.children:
            items = [c for c in ambition.children if c.kind in (NodeKind.ACTION, NodeKind.RESULT)]
            key = f"ambition:{ambition.obj.pk}"
            objects[key] = [c.obj for c in items]
            for child in items:
                objects[f"{child.kind}:{child.obj.pk}"] = [child.obj]
            groups.append({"node": ambition, "programme": programme, "key": key, "items": items})
    for task in theme.children:
        indicators = [c for c in task.children if c.kind == NodeKind.INDICATOR]
        key = f"task:{task.obj.pk}"
        objects[key] = [c.obj for c in indicators]
        for child in indicators:
            objects[f"indicator:{child.obj.pk}"] = [child.obj]
        groups.append({"node": task, "key": key, "items": indicators})
    return groups, objects


def _person(value: str, people: dict[str, Any]) -> Any:
    if value == UNCHANGED:
        return responsibility.KEEP
    return None if value == NOBODY else people[value]


@plan_page
def assign(request: HttpRequest, plan: Plan, on: Any) -> HttpResponse:
    themes = [t for t in plan.node.children if can_edit(request.user, t.obj)]
    if not themes:
        raise PermissionDenied
    chapter = request.GET.get("thema") or themes[0].obj.chapter
    theme = next((t for t in themes if t.obj.chapter == chapter), None)
    if theme is None:
        raise Http404(_("No theme with this number that you edit."))
    groups, objects = _theme_items(plan, theme)
    municipality = plan.framework.municipality_id
    contacts = {
        str(c.pk): c
        for c in Contact.objects.filter(municipality_id=municipality).select_related("organisation")
    }
    teams = {str(t.pk): t for t in Team.objects.filter(municipality_id=municipality)}
    form = ResponsibilityForm(
        request.POST or None,
        items=[(key, key) for key in objects],
        contacts=list(contacts.values()),
        teams=list(teams.values()),
    )
    if request.method == "POST" and form.is_valid():
        chosen = {id(o): o for key in form.cleaned_data["items"] for o in objects[key]}
        data = form.cleaned_data
        try:
            with transaction.atomic():
                changed = responsibility.assign(
                    request.user,
                    list(chosen.values()),
                    responsible=_person(data["responsible"], contacts),
                    team=_person(data["team"], teams),
                    data_supplier=_person(data["data_supplier"], contacts),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved for %(count)s items.") % {"count": changed})
            url = plan_reverse(plan.framework, "web:responsibility")
            return redirect(f"{url}?thema={theme.obj.chapter}")
    return render(
        request,
        "web/responsibility.html",
        plan_context(
            plan,
            on,
            form=form,
            theme=theme,
            themes=themes,
            groups=groups,
            chosen=set(form["items"].value() or []),
        ),
    )
