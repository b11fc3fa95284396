"""Who may do what on the pages: roles on top of Django's users; how long API tokens work."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token
from simple_history.models import HistoricalRecords

from koers.plans.models import Municipality, Partner, Theme


class Role(models.Model):
    """An editor (for all themes or chosen ones), a partner organisation's user, or a viewer
    such as a council member, of one municipality.

    Administrators of the whole installation are Django superusers. Without a role, or
    on another municipality's plans, a logged-in user reads what residents read.
    """

    class Kind(models.TextChoices):
        EDITOR = "editor", _("editor")
        PARTNER = "partner", _("partner")
        VIEWER = "viewer", _("viewer")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="koers_role", verbose_name=_("user")
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality,
        models.CASCADE,
        null=True,  # roles from before there were several municipalities, until one is set
        related_name="roles",
        verbose_name=_("municipality"),
        help_text=_("The role holds for the plans of this municipality only."),
    )
    themes = models.ManyToManyField(
        Theme,
        blank=True,
        related_name="editor_roles",
        verbose_name=_("themes"),
        help_text=_("An editor edits these themes only; none chosen means all themes."),
    )
    partner = models.ForeignKey(
        Partner,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("organisation"),
        help_text=_("For partners: their own actions and figures are theirs to update."),
    )
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} ({self.municipality})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.municipality_id is None:
            raise ValidationError({"municipality": _("Choose the municipality of this role.")})


def _default_expiry() -> date:
    return date.today() + timedelta(days=settings.KOERS_TOKEN_DAYS)


class TokenLife(models.Model):
    """How long an API token works and when it last did: a key that leaked or that nobody
    uses any more stops working by itself (koers.api.authentication)."""

    token = models.OneToOneField(
        Token, models.CASCADE, primary_key=True, related_name="life", verbose_name=_("token")
    )
    expires_on = models.DateField(_("valid until"), default=_default_expiry)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("token validity")
        verbose_name_plural = _("token validity")

    def __str__(self) -> str:
        return f"{self.token.user}: {self.expires_on}"


class SsoAccount(models.Model):
    """A user who logs in with the municipality's OpenID Connect provider, known by the
    provider's subject: the same person whatever their e-mail or user name becomes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="sso_account", verbose_name=_("user")
    )
    subject = models.CharField(_("subject at the provider"), max_length=255, unique=True)
    last_login_groups = models.JSONField(
        _("groups at the last login"), default=list, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("single sign-on account")
        verbose_name_plural = _("single sign-on accounts")

    def __str__(self) -> str:
        return f"{self.user} ({self.subject})"
