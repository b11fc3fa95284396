"""Local administrators need a code from an authenticator app for the admin (django-otp)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "Beheer-wachtwoord-2026"


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("beheer", password=PASSWORD)


def _log_in(client, **extra):
    return client.post(
        "/admin/login/?next=/admin/", {"username": "beheer", "password": PASSWORD, **extra}
    )


def test_a_password_alone_does_not_open_the_admin(client, admin_user, settings):
    settings.KOERS_ADMIN_OTP = True
    response = _log_in(client)
    assert response.status_code == 200  # the form again, asking for the code
    assert client.get("/admin/").status_code == 302

    # Logged in elsewhere with the password only: still no admin.
    client.force_login(admin_user)
    assert client.get("/admin/").url.startswith("/admin/login/")


def test_the_code_from_the_authenticator_opens_it(client, admin_user, settings):
    settings.KOERS_ADMIN_OTP = True
    out = StringIO()
    call_command("authenticator", "beheer", stdout=out)
    assert "otpauth://totp/" in out.getvalue()
    device = TOTPDevice.objects.get(user=admin_user)

    wrong = (int(totp(device.bin_key)) + 1) % 1_000_000
    assert (
        _log_in(client, otp_device=device.persistent_id, otp_token=f"{wrong:06d}").status_code
        == 200
    )
    assert client.get("/admin/").status_code == 302

    # After a wrong code the device waits a moment before it takes the next one.
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttle_reset()
    response = _log_in(
        client, otp_device=device.persistent_id, otp_token=f"{totp(device.bin_key):06d}"
    )
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200

    # A new device replaces the old one.
    call_command("authenticator", "beheer", stdout=StringIO())
    assert TOTPDevice.objects.filter(user=admin_user).count() == 1


def test_whoever_logged_in_at_the_provider_had_their_second_factor_there(
    client, admin_user, settings
):
    settings.KOERS_ADMIN_OTP = True
    settings.OIDC_RP_CLIENT_ID = "koers"
    settings.OIDC_OP_TOKEN_ENDPOINT = settings.OIDC_OP_USER_ENDPOINT = "http://127.0.0.1:9/"
    settings.OIDC_OP_JWKS_ENDPOINT = "http://127.0.0.1:9/jwks"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "koers.accounts.sso.Backend",
    ]
    client.force_login(admin_user, backend="koers.accounts.sso.Backend")
    assert client.get("/admin/").status_code == 200


def test_in_development_the_password_is_enough(client, admin_user, settings):
    settings.KOERS_ADMIN_OTP = False
    assert _log_in(client).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_command_names_an_unknown_user(db):
    with pytest.raises(Exception, match="nobody"):
        call_command("authenticator", "nobody", stdout=StringIO())
