"""Every change to accounts that is not the admin's: the use of an API token."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from koers.accounts.models import TokenLife

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
