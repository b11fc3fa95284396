"""Starting the programme of the next period from a programme's page (editors of its
theme); the service `koers.plans.succession` decides what is carried over."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.accounts.permissions import can_edit
from koers.addresses import plan_reverse
from koers.forms import show_errors
from koers.monitor.tree import NodeKind, Plan
from koers.plans import succession
from koers.plans.models import OPEN_ACTION_STATUSES
from koers.web.plans import plan_context, plan_page
from koers.web.views import programme_node


class NextPeriodForm(forms.Form):
    start_year = forms.IntegerField(
        label=gettext_lazy("First year"), min_value=2000, max_value=2100
    )
    end_year = forms.IntegerField(label=gettext_lazy("Last year"), min_value=2000, max_value=2100)
    copy_results = forms.BooleanField(
        label=gettext_lazy("Also copy the results not yet achieved"), required=False
    )
    copy_budget = forms.BooleanField(
        label=gettext_lazy("Also copy the budget lines (amounts as a starting point)"),
        required=False,
    )


@plan_page
def next_period(request: HttpRequest, plan: Plan, on, pk: int) -> HttpResponse:
    node = programme_node(plan, pk)
    old = node.obj
    if not can_edit(request.user, old.theme):
        raise PermissionDenied
    length = old.end_year - old.start_year
    initial = {"start_year": old.end_year + 1, "end_year": old.end_year + 1 + length}
    form = NextPeriodForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new = succession.start_next_programme(request.user, old, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The programme “%(title)s” has been started; its unfinished actions "
                    "are carried over."
                )
                % {"title": new.title},
            )
            return redirect(plan_reverse(plan.framework, "web:programme", new.pk))
    open_actions = [
        a.obj
        for a in node.walk()
        if a.kind == NodeKind.ACTION and a.obj.status in OPEN_ACTION_STATUSES
    ]
    return render(
        request,
        "web/next_period.html",
        plan_context(plan, on, programme=old, form=form, carried=open_actions),
    )
