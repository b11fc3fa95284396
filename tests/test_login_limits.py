"""Logins under attack: guessing one account's password and trying one password on many
accounts are both stopped after five failures, and nobody can lock a colleague out."""

import pytest
from django.test import Client

from helpers import user

pytestmark = pytest.mark.django_db
PASSWORD = "geheim-wachtwoord-1"  # what helpers.user gives every account


def _login(address: str, username: str, password: str) -> int:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/inloggen/", {"username": username, "password": password})
    return response.status_code


def test_one_password_tried_on_many_accounts_locks_that_address():
    user("anna")
    answers = [_login("10.0.0.1", f"gebruiker{n}", "Zomer2026!") for n in range(5)]
    assert answers[:4] == [200] * 4 and answers[4] in {403, 429}  # the fifth locks
    assert _login("10.0.0.1", "anna", PASSWORD) in {403, 429}  # even the right password
    assert _login("10.0.0.2", "anna", PASSWORD) == 302


def test_guessing_one_password_locks_the_guesser_not_the_account():
    user("anna")
    for _ in range(5):
        _login("10.0.0.3", "anna", "fout")
    assert _login("10.0.0.3", "anna", PASSWORD) in {403, 429}
    assert _login("10.0.0.4", "anna", PASSWORD) == 302  # anna at her own desk
