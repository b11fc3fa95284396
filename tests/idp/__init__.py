"""A real OpenID Connect provider for the single sign-on tests: a small Django project with
django-oidc-provider, started by the tests on 127.0.0.1 (`python -m idp`)."""
