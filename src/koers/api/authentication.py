"""API tokens that expire: a token works until its date (a year after its first use unless
the admin sets another), and the time it was last used is kept (accounts.services)."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from koers.accounts.services import TokenExpired, use_token


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        try:
            use_token(token)
        except TokenExpired as expired:
            raise AuthenticationFailed(
                _("This token expired on %(date)s; ask an administrator for a new one.")
                % {"date": expired.expired_on.strftime("%d-%m-%Y")}
            ) from None
        return user, token
