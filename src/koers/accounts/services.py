"""Every change to accounts that is not the admin's: the use of an API token, and the
account and role of someone who logs in with the municipality's provider."""

from datetime import date, timedelta
from typing import Any

import structlog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from koers.accounts.models import Role, SsoAccount, TokenLife
from koers.accounts.sso import SsoRule, parse_rules, role_for_groups
from koers.history import record
from koers.plans.models import Municipality, Theme

log = structlog.get_logger(__name__)

# Writing the time at every request would make every read a write.
USE_PRECISION = timedelta(minutes=1)


class TokenExpired(Exception):
    def __init__(self, expired_on: date) -> None:
        self.expired_on = expired_on
        super().__init__(expired_on.isoformat())


def use_token(token: Any) -> TokenLife:
    """Record that `token` is used now; its validity starts at its first use. Raises
    `TokenExpired` after its date."""
    life, _created = TokenLife.objects.get_or_create(token=token)
    if life.expires_on < date.today():
        raise TokenExpired(life.expires_on)
    now = timezone.now()
    if life.last_used_at is None or now - life.last_used_at > USE_PRECISION:
        TokenLife.objects.filter(pk=life.pk).update(last_used_at=now)
        life.last_used_at = now
    return life


@transaction.atomic
def sign_in_by_sso(
    *,
    subject: str,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    groups: list[str],
) -> Any:
    """The account of the provider's `subject`, made at the first login and kept up to date
    with the provider's name and e-mail. When KOERS_OIDC_ROLES is set, the provider's groups
    decide the role at every login (leaving a group takes the role away); without it roles
    are given in the admin."""
    account = SsoAccount.objects.select_related("user").filter(subject=subject).first()
    names = {"first_name": first_name[:150], "last_name": last_name[:150], "email": email}
    if account is None:
        user = get_user_model()(username=_free_username(username), **names)
        user.set_unusable_password()  # no local password: the provider's login is the only one
        user.save()
        account = SsoAccount.objects.create(user=user, subject=subject, last_login_groups=groups)
        log.info("sso_account_created", user=user.username)
    else:
        user = account.user
        if any(getattr(user, field) != value for field, value in names.items()):
            for field, value in names.items():
                setattr(user, field, value)
            user.save(update_fields=list(names))
        if account.last_login_groups != groups:
            account.last_login_groups = groups
            account.save(update_fields=["last_login_groups"])
    rules = parse_rules(settings.KOERS_OIDC_ROLES)
    if rules:
        _give_role(user, role_for_groups(rules, groups))
    return user


def _free_username(wanted: str) -> str:
    users = get_user_model().objects
    base = wanted[:140] or "sso"
    name, n = base, 1
    while users.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _give_role(user: Any, rule: SsoRule | None) -> None:
    reason = "single sign-on"
    role = Role.objects.filter(user=user).first()
    municipality = Municipality.objects.filter(slug=rule.municipality).first() if rule else None
    if rule and municipality is None:
        log.warning("sso_unknown_municipality", municipality=rule.municipality)
    if municipality is None or rule is None:
        if role is not None:
            record(role, user, reason).delete()
            log.info("sso_role_removed", user=user.username)
        return
    if role is None:
        role = Role(user=user)
    if role.kind != rule.kind or role.municipality_id != municipality.pk or role.partner_id:
        role.kind, role.municipality, role.partner = rule.kind, municipality, None
        record(role, user, reason).save()
    themes = Theme.objects.filter(framework__municipality=municipality, chapter__in=rule.chapters)
    if set(role.themes.all()) != set(themes):
        record(role, user, reason)
        role.themes.set(themes)
    log.info("sso_role", user=user.username, role=rule.kind, municipality=municipality.slug)


def add_authenticator(user: Any, name: str = "authenticator") -> Any:
    """A new authenticator-app device for a local administrator, replacing the ones they
    had; its `config_url` is what the app scans or types in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
    log.info("authenticator_added", user=user.username)
    return device
