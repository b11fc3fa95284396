"""What each person chose to receive, and every reminder sent, so that no item is sent twice
for the same occasion."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.plans.models import Contact
from koers.reminders.kinds import ReminderKind


class OptOut(models.Model):
    """A kind of reminder a person does not want."""

    contact = models.ForeignKey(
        Contact, models.CASCADE, related_name="opt_outs", verbose_name=_("contact")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)

    class Meta:
        verbose_name = _("reminder not wanted")
        verbose_name_plural = _("reminders not wanted")
        constraints = [
            models.UniqueConstraint(fields=["contact", "kind"], name="opt_out_once"),
        ]

    def __str__(self) -> str:
        return f"{self.contact}: {self.get_kind_display()}"


class Digest(models.Model):
    """One e-mail with the reminders of one person for one period, and how sending went."""

    contact = models.ForeignKey(
        Contact, models.CASCADE, related_name="digests", verbose_name=_("contact")
    )
    address = models.EmailField(_("sent to"))
    period = models.CharField(_("period"), max_length=20)
    subject = models.CharField(_("subject"), max_length=300)
    items = models.PositiveIntegerField(_("items"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("reminder e-mail")
        verbose_name_plural = _("reminder e-mails")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.address} {self.period}"


class Sent(models.Model):
    """One item reminded to one person, for one occasion: a scheduler run that finds it
    here sends it not again."""

    contact = models.ForeignKey(
        Contact, models.CASCADE, related_name="reminders_sent", verbose_name=_("contact")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    item = models.CharField(_("item"), max_length=60)
    occasion = models.CharField(_("occasion"), max_length=30)
    digest = models.ForeignKey(
        Digest, models.CASCADE, related_name="sent", verbose_name=_("e-mail")
    )

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "kind", "item", "occasion"], name="reminder_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} {self.kind} {self.item} {self.occasion}"
