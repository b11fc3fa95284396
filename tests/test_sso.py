"""Single sign-on: a real OpenID Connect provider (tests/idp, django-oidc-provider) on
127.0.0.1, a real browser login, and the rules that turn the provider's groups into roles."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import load_heerde
from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.test import override_settings

from koers.accounts import services
from koers.accounts.models import Role, SsoAccount
from koers.accounts.sso import RuleError, SsoRule, parse_rules, role_for_groups

TESTS = Path(__file__).parent
RULES = "koers-heerde-zorg=heerde:editor:6;koers-heerde-raad=heerde:viewer"


def test_rules_are_read_from_their_text():
    assert parse_rules(" a=heerde:editor:5, 6 ; b=epe:viewer;") == [
        SsoRule("a", "heerde", Role.Kind.EDITOR, ("5", "6")),
        SsoRule("b", "epe", Role.Kind.VIEWER),
    ]
    for wrong in [
        "a=heerde",
        "a:heerde:editor",
        "=heerde:editor",
        "a=heerde:partner",
        "a=heerde:viewer:5",
        "a=heerde:admin",
    ]:
        with pytest.raises(RuleError):
            parse_rules(wrong)


def test_an_editors_role_wins_and_chapters_add_up():
    rules = parse_rules("raad=heerde:viewer;zorg=heerde:editor:6;jeugd=heerde:editor:3")
    assert role_for_groups(rules, ["raad"]) == SsoRule("raad", "heerde", Role.Kind.VIEWER)
    assert role_for_groups(rules, ["raad", "zorg", "jeugd"]) == SsoRule(
        "zorg", "heerde", Role.Kind.EDITOR, ("3", "6")
    )
    assert role_for_groups(
        parse_rules("all=heerde:editor;zorg=heerde:editor:6"), ["all", "zorg"]
    ) == SsoRule("all", "heerde", Role.Kind.EDITOR)
    assert role_for_groups(rules, ["elsewhere"]) is None


@override_settings(KOERS_OIDC_ROLES="wrong")
def test_a_wrong_rule_is_a_system_check_error():
    assert [e.id for e in run_checks() if e.id.startswith("koers.")] == ["koers.E001"]


@override_settings(KOERS_OIDC_ROLES=RULES)
def test_the_groups_decide_the_role_at_every_login(heerde):
    user = services.sign_in_by_sso(
        subject="abc-123",
        username="anna",
        first_name="Anna",
        last_name="de Vries",
        email="anna@heerde.nl",
        groups=["koers-heerde-zorg", "elders"],
    )
    role = user.koers_role
    assert (role.kind, role.municipality.slug) == ("editor", "heerde")
    assert [t.chapter for t in role.themes.all()] == ["6"]
    assert not user.has_usable_password()
    assert role.history.latest().history_user == user

    # The same subject is the same account, with the provider's new name.
    again = services.sign_in_by_sso(
        subject="abc-123",
        username="anna.devries",
        first_name="Anna",
        last_name="Jansen",
        groups=["koers-heerde-raad"],
    )
    assert again.pk == user.pk and again.last_name == "Jansen"
    assert Role.objects.get(user=user).kind == "viewer"

    services.sign_in_by_sso(subject="abc-123", username="anna", groups=[])
    assert not Role.objects.filter(user=user).exists()


@override_settings(KOERS_OIDC_ROLES=RULES)
def test_a_provider_cannot_take_over_a_local_account(heerde):
    local = get_user_model().objects.create_user("beheer", password="lokaal-wachtwoord-1")
    user = services.sign_in_by_sso(subject="x-9", username="beheer", groups=[])
    assert user.pk != local.pk and user.username == "beheer-2"
    assert not SsoAccount.objects.filter(user=local).exists()


@override_settings(KOERS_OIDC_ROLES="")
def test_without_rules_the_admin_gives_the_roles(heerde):
    user = services.sign_in_by_sso(subject="s", username="kees", groups=["koers-heerde-zorg"])
    role = Role.objects.create(user=user, kind="viewer", municipality=user_municipality())
    services.sign_in_by_sso(subject="s", username="kees", groups=[])
    assert Role.objects.get(pk=role.pk).kind == "viewer"


def user_municipality():
    from koers.plans.models import Municipality

    return Municipality.objects.get(slug="heerde")


def test_without_a_provider_the_addresses_do_not_exist(client, db):
    assert client.get("/inloggen/gemeente/").status_code == 404
    assert client.get("/inloggen/gemeente/terug/?code=a&state=b").status_code == 404
    assert "gemeenteaccount" not in client.get("/inloggen/").content.decode()


# -- the real provider and a real browser -------------------------------------------------

USERS = [
    {
        "username": "anna",
        "password": "Vijf-ambities-2027",
        "first_name": "Anna",
        "last_name": "de Vries",
        "email": "anna@heerde.nl",
        "groups": ["koers-heerde-zorg"],
    },
    {
        "username": "piet",
        "password": "Vijf-ambities-2028",
        "first_name": "Piet",
        "last_name": "Bakker",
        "groups": ["iets-anders"],
    },
]


@pytest.fixture
def provider(live_server, tmp_path):
    config = tmp_path / "idp.json"
    config.write_text(
        json.dumps(
            {
                "users": USERS,
                "client": {
                    "client_id": "koers",
                    "client_secret": "geheim",
                    "redirect_uri": f"{live_server.url}/inloggen/gemeente/terug/",
                },
            }
        )
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "idp", str(config)],
        cwd=TESTS,
        stdout=subprocess.PIPE,
        text=True,
        env={"IDP_DB": str(tmp_path / "idp.sqlite3"), "PATH": "/usr/bin:/bin"},
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("ready "), line
        yield f"http://127.0.0.1:{line.split()[1]}"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def sso_settings(provider, settings):
    settings.OIDC_RP_CLIENT_ID = "koers"
    settings.OIDC_RP_CLIENT_SECRET = "geheim"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/jwks"
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    settings.KOERS_OIDC_ROLES = RULES
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "koers.accounts.sso.Backend",
    ]
    return settings


def _log_in_at_provider(page, url: str, user: dict) -> None:
    page.goto(f"{url}/inloggen/")
    page.get_by_role("link", name="Inloggen met uw gemeenteaccount").click()
    page.fill("#username", user["username"])
    page.fill("#password", user["password"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_staff_log_in_with_the_municipality_provider(
    transactional_db, live_server, browser, sso_settings
):
    load_heerde()
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    _log_in_at_provider(page, live_server.url, USERS[0])

    assert page.url.rstrip("/") == live_server.url
    assert "Anna de Vries" in page.content()
    account = SsoAccount.objects.select_related("user").get()
    assert account.user.username == "anna" and account.user.email == "anna@heerde.nl"
    role = account.user.koers_role
    assert (role.kind, role.municipality.slug) == ("editor", "heerde")
    assert [t.chapter for t in role.themes.all()] == ["6"]
    context.close()

    # Someone whose groups give no role is logged in and reads what residents read.
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    _log_in_at_provider(page, live_server.url, USERS[1])
    assert "Piet Bakker" in page.content()
    assert not Role.objects.filter(user__username="piet").exists()
    context.close()


def test_a_refused_login_comes_back_with_a_message(
    transactional_db, live_server, browser, sso_settings
):
    sso_settings.OIDC_RP_CLIENT_SECRET = "fout"  # the provider refuses the code exchange
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    _log_in_at_provider(page, live_server.url, USERS[0])
    assert "/inloggen/" in page.url
    assert "is niet gelukt" in page.content()
    assert not SsoAccount.objects.exists()
    context.close()
