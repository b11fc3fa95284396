""" "Mijn acties": what is due, late or waiting for the logged-in person, and the page where
a person chooses their reminders (from the link in every reminder, without logging in)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.dates import peildatum
from koers.plans.models import Contact
from koers.reminders import services
from koers.reminders.kinds import ReminderKind


class PreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Send me a reminder when"),
        choices=ReminderKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def my_actions(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    reminders = services.reminders_for_user(request.user, peildatum(request.GET))
    groups = [
        (kind.label, [r for r in reminders if r.kind == kind])
        for kind in ReminderKind
        if any(r.kind == kind for r in reminders)
    ]
    contacts = Contact.objects.filter(user=request.user).select_related("municipality")
    return render(
        request,
        "web/my_actions.html",
        {
            "groups": groups,
            "contacts": [(c, services.preferences_token(c)) for c in contacts],
        },
    )


def reminder_preferences(request: HttpRequest, token: str) -> HttpResponse:
    """Reached from the e-mail: the signed link is the person's key to their own choices.
    Opening it changes nothing (mail scanners open links); the buttons do."""
    contact = services.contact_from_token(token)
    if contact is None:
        raise Http404(_("This link does not work (any more)."))
    off = {o.kind for o in contact.opt_outs.all()}
    chosen = [k.value for k in ReminderKind if k.value not in off]
    form = PreferencesForm(request.POST or None, initial={"kinds": chosen})
    if request.method == "POST" and form.is_valid():
        by = request.user if request.user.is_authenticated else None
        if by is not None and contact.user_id != by.pk:
            by = None  # someone else's link opened while logged in: the link decides
        if "unsubscribe" in request.POST:
            services.choose_reminders(contact, set(ReminderKind), receive=False, by=by)
            messages.success(request, _("You receive no more reminders from Koers."))
        else:
            kinds = {ReminderKind(k) for k in form.cleaned_data["kinds"]}
            services.choose_reminders(contact, kinds, receive=True, by=by)
            messages.success(request, _("Your choice is saved."))
        return redirect(request.path)
    return render(request, "web/reminder_preferences.html", {"form": form, "contact": contact})
