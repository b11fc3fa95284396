"""API tokens that expire: a token works until its date (a year after it was made unless
the admin sets another), and the time it was last used is kept, to the minute."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from koers.accounts.models import TokenLife

# Writing the time at every request would make every read a write.
USE_PRECISION = timedelta(minutes=1)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        life, _created = TokenLife.objects.get_or_create(token=token)
        if life.expires_on < date.today():
            raise AuthenticationFailed(
                _("This token expired on %(date)s; ask an administrator for a new one.")
                % {"date": life.expires_on.strftime("%d-%m-%Y")}
            )
        now = timezone.now()
        if life.last_used_at is None or now - life.last_used_at > USE_PRECISION:
            TokenLife.objects.filter(pk=life.pk).update(last_used_at=now)
        return user, token
