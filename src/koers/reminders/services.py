"""Sending reminders and keeping each person's choices (docs/reminders.md).

`send_reminders` is what the scheduler runs (`koers send-reminders`, or the job
`koers.reminders.tasks.send_reminders_job`): one digest per person with what is due for
them and was not sent for the same occasion before. It records every item it sends in the
same transaction as the e-mail's record, so a second run in the same period finds them and
sends nothing again, and two runs at the same time cannot both send an item.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import structlog
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.history import record
from koers.plans.models import Contact
from koers.reminders.collect import Reminder, reminders_due
from koers.reminders.kinds import ReminderKind
from koers.reminders.models import Digest, OptOut, Sent
from koers.reminders.rules import Rhythm, Timing, period_of

log = structlog.get_logger(__name__)
UNSUBSCRIBE_SALT = "koers.reminders.unsubscribe"


def timing() -> Timing:
    return Timing(
        lead_days=settings.KOERS_REMINDER_LEAD_DAYS,
        quiet_weeks=settings.KOERS_REMINDER_QUIET_WEEKS,
        report_days=settings.KOERS_REMINDER_REPORT_DAYS,
        rhythm=Rhythm(settings.KOERS_REMINDER_RHYTHM),
    )


@dataclass
class Outcome:
    """What one run did."""

    sent: int = 0  # e-mails
    items: int = 0
    failed: list[str] = field(default_factory=list)  # addresses


def preferences_token(contact: Contact) -> str:
    return signing.dumps(contact.pk, salt=UNSUBSCRIBE_SALT)


def contact_from_token(token: str) -> Contact | None:
    """The person a link in a reminder was sent to; None for a changed or foreign link."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Contact.objects.filter(pk=pk).first()


def wanted(contact: Contact, reminders: list[Reminder]) -> list[Reminder]:
    """The reminders the person has not turned off."""
    if not contact.reminders:
        return []
    off = {o.kind for o in contact.opt_outs.all()}
    return [r for r in reminders if str(r.kind) not in off]


def reminders_for_user(user: Any, on: date | None = None) -> list[Reminder]:
    """What is due, late or waiting for this user, whether it was mailed or not ("Mijn
    acties" shows what the digest lists)."""
    if not user.is_authenticated:
        return []
    own = Contact.objects.filter(user=user).select_related("municipality")
    contacts = {c.pk: c for c in own}
    if not contacts:
        return []
    on = on or date.today()
    # Only the plans of the person's own municipalities are read, however many there are.
    municipalities = {c.municipality_id: c.municipality for c in contacts.values()}
    due = [r for m in municipalities.values() for r in reminders_due(on, timing(), m)]
    return sorted(
        (r for r in due if r.contact_id in contacts),
        key=lambda r: (list(ReminderKind).index(r.kind), r.day or on, r.title),
    )


def _absolute(path: str) -> str:
    return settings.KOERS_BASE_URL + path


def _message(contact: Contact, reminders: list[Reminder], period: str) -> EmailMessage:
    groups: dict[ReminderKind, list[dict[str, str]]] = defaultdict(list)
    for reminder in reminders:
        groups[reminder.kind].append(
            {"title": reminder.title, "detail": reminder.detail, "url": _absolute(reminder.path)}
        )
    preferences = _absolute(reverse("web:reminder_preferences", args=[preferences_token(contact)]))
    subject = ngettext(
        "Koers: %(count)s item asks for your attention",
        "Koers: %(count)s items ask for your attention",
        len(reminders),
    ) % {"count": len(reminders)}
    body = render_to_string(
        "reminders/digest.txt",
        {
            "contact": contact,
            "groups": [(kind.label, groups[kind]) for kind in ReminderKind if kind in groups],
            "preferences": preferences,
            "mine": _absolute(reverse("web:my_actions")),
        },
    )
    return EmailMessage(
        subject,
        body,
        to=[contact.email],
        headers={"List-Unsubscribe": f"<{preferences}>", "Auto-Submitted": "auto-generated"},
    )


def _send_one(contact: Contact, reminders: list[Reminder], period: str) -> bool:
    """Sends the digest and records it with its items, or records why it failed."""
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(contact, reminders, period)
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                contact=contact,
                address=contact.email,
                period=period,
                subject=str(message.subject),
                items=len(reminders),
            )
            Sent.objects.bulk_create(
                Sent(contact=contact, kind=r.kind, item=r.item, occasion=r.occasion, digest=digest)
                for r in reminders
            )
            message.send()
    except IntegrityError:
        # Another run sent these items in the meantime.
        log.info("reminder_already_sent", contact=contact.pk)
        return False
    except OSError as error:  # the SMTP server refused or was away: tried again next run
        Digest.objects.create(
            contact=contact,
            address=contact.email,
            period=period,
            subject=str(message.subject),
            items=len(reminders),
            error=str(error)[:1000],
        )
        log.warning("reminder_not_sent", contact=contact.pk, error=str(error))
        return False
    log.info("reminder_sent", contact=contact.pk, items=len(reminders), period=period)
    return True


def send_reminders(on: date | None = None) -> Outcome:
    """Sends every person the reminders due on `on` (today) that were not sent before."""
    on = on or date.today()
    plan = timing()
    period = period_of(on, plan.rhythm)
    due = reminders_due(on, plan)
    by_contact: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in due:
        by_contact[reminder.contact_id].append(reminder)
    sent = {
        (s.contact_id, s.kind, s.item, s.occasion)
        for s in Sent.objects.filter(contact_id__in=by_contact)
    }
    contacts = (
        Contact.objects.filter(pk__in=by_contact).exclude(email="").prefetch_related("opt_outs")
    )
    outcome = Outcome()
    for contact in contacts.order_by("pk"):
        unique = {r.key: r for r in wanted(contact, by_contact[contact.pk]) if r.key not in sent}
        todo = list(unique.values())
        if not todo:
            continue
        if _send_one(contact, todo, period):
            outcome.sent += 1
            outcome.items += len(todo)
        else:
            outcome.failed.append(contact.email)
    return outcome


@transaction.atomic
def choose_reminders(contact: Contact, kinds: set[ReminderKind], *, receive: bool, by: Any) -> None:
    """The person's choice: which kinds they receive, or none at all (unsubscribed).

    `by` is the user making the choice, or None for the link in the e-mail (which only the
    person has); a user changes only their own choices unless they edit the municipality.
    """
    if by is not None and by.is_authenticated and contact.user_id != by.pk and not by.is_superuser:
        raise PermissionDenied(_("You may change only your own reminders."))
    off = [k for k in ReminderKind if k not in kinds]
    OptOut.objects.filter(contact=contact).exclude(kind__in=off).delete()
    OptOut.objects.bulk_create(
        [OptOut(contact=contact, kind=k) for k in off], ignore_conflicts=True
    )
    contact.reminders = receive
    reason = _("reminders chosen") if receive else _("unsubscribed from reminders")
    record(contact, by if by is not None and by.is_authenticated else None, reason).save()
    log.info("reminders_chosen", contact=contact.pk, receive=receive, off=[str(k) for k in off])
