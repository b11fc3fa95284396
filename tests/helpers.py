"""Helpers shared by test modules (pytest puts this folder on the import path)."""

from django.contrib.auth import get_user_model

from koers.accounts.models import Role
from koers.plans.models import Theme


def user(username: str, kind: str | None = None, themes: list[str] = ()):
    """A user with a role (editor, partner, viewer), for the themes with these chapters."""
    found = get_user_model().objects.create_user(username, password="geheim-wachtwoord-1")
    if kind:
        role = Role.objects.create(user=found, kind=kind)
        role.themes.set(Theme.objects.filter(chapter__in=themes))
    return found
