"""Single sign-on with the municipality's OpenID Connect provider (Entra ID, Keycloak, ADFS).

mozilla-django-oidc runs the authorisation-code flow; this module only says which account a
provider's person is (by issuer subject, never by e-mail or user name, so no provider can
take over a local account) and which Koers role their groups give. What it writes goes
through `koers.accounts.services.sign_in_by_sso`.

The groups are mapped by KOERS_OIDC_ROLES, rules separated by `;`:
``group=municipality-slug:kind[:chapters]``, for example
``heerde-beleid=heerde:editor;heerde-zorg=heerde:editor:5,6;heerde-raad=heerde:viewer``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import requests
import structlog
from django.conf import settings
from django.core.checks import Error, register
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from koers.accounts.models import Role

log = structlog.get_logger(__name__)

# Partners are organisations outside the municipality: their accounts are given by hand.
SSO_KINDS = (Role.Kind.EDITOR, Role.Kind.VIEWER)


@dataclass(frozen=True)
class SsoRule:
    """Members of `group` get role `kind` in `municipality` (a slug); an editor's
    `chapters` limit the themes (none: all)."""

    group: str
    municipality: str
    kind: Role.Kind
    chapters: tuple[str, ...] = ()


class RuleError(ValueError):
    pass


def parse_rules(text: str) -> list[SsoRule]:
    rules = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        group, sep, target = part.partition("=")
        fields = target.split(":")
        if not sep or not group.strip() or len(fields) not in (2, 3):
            raise RuleError(f"'{part}': expected group=municipality:role[:chapters]")
        municipality, kind = fields[0].strip(), fields[1].strip()
        if kind not in SSO_KINDS:
            raise RuleError(f"'{part}': role must be one of {', '.join(SSO_KINDS)}")
        chapters = (
            tuple(c.strip() for c in fields[2].split(",") if c.strip()) if len(fields) == 3 else ()
        )
        if chapters and kind != Role.Kind.EDITOR:
            raise RuleError(f"'{part}': only an editor's role is limited to themes")
        rules.append(SsoRule(group.strip(), municipality, Role.Kind(kind), chapters))
    return rules


def role_for_groups(rules: Iterable[SsoRule], groups: Iterable[str]) -> SsoRule | None:
    """The role a member of `groups` gets: an editor's before a viewer's, and of those the
    first rule in the configuration; editors' chapters in one municipality add up."""
    member = set(groups)
    matching = [rule for rule in rules if rule.group in member]
    if not matching:
        return None
    strongest = min(matching, key=lambda rule: SSO_KINDS.index(rule.kind))
    same = [
        r for r in matching if r.kind == strongest.kind and r.municipality == strongest.municipality
    ]
    if strongest.kind != Role.Kind.EDITOR or any(not r.chapters for r in same):
        return SsoRule(strongest.group, strongest.municipality, strongest.kind)
    chapters = sorted({c for r in same for c in r.chapters})
    return SsoRule(strongest.group, strongest.municipality, strongest.kind, tuple(chapters))


ENDPOINTS = (
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
)


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


@register()
def check_rules(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    try:
        parse_rules(settings.KOERS_OIDC_ROLES)
    except RuleError as error:
        errors.append(Error(f"KOERS_OIDC_ROLES: {error}", id="koers.E001"))
    if enabled():
        missing = [name for name in ENDPOINTS if not getattr(settings, name, "")]
        if missing:
            errors.append(
                Error(f"OIDC_RP_CLIENT_ID is set, but not {', '.join(missing)}", id="koers.E002")
            )
    return errors


class Backend(OIDCAuthenticationBackend):
    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        # A provider that refuses or cannot be reached is a failed login, not a 500.
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, ValueError) as error:
            log.warning("sso_refused", error=str(error)[:300])
            return None

    def verify_claims(self, claims: dict) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict) -> Any:
        return self.UserModel.objects.filter(sso_account__subject=claims["sub"])

    def create_user(self, claims: dict) -> Any:
        return self._sign_in(claims)

    def update_user(self, user: Any, claims: dict) -> Any:
        return self._sign_in(claims)

    def _sign_in(self, claims: dict) -> Any:
        from koers.accounts import services

        groups = claims.get(settings.KOERS_OIDC_GROUPS_CLAIM) or []
        if isinstance(groups, str):
            groups = [groups]
        return services.sign_in_by_sso(
            subject=claims["sub"],
            username=str(claims.get(settings.KOERS_OIDC_USERNAME_CLAIM) or claims["sub"]),
            first_name=claims.get("given_name", ""),
            last_name=claims.get("family_name", ""),
            email=claims.get("email", ""),
            groups=[str(g) for g in groups],
        )


# Without a provider configured the addresses do not exist (rather than a 500).
def start(request: HttpRequest) -> HttpResponse:
    if not enabled():
        raise Http404
    return OIDCAuthenticationRequestView.as_view()(request)


def callback(request: HttpRequest) -> HttpResponse:
    if not enabled():
        raise Http404
    return OIDCAuthenticationCallbackView.as_view()(request)
