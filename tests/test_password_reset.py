"""A local account's forgotten password, reset by e-mail through a real SMTP server
(aiosmtpd on 127.0.0.1), with the link from the message as it arrived."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_forgotten_password_is_reset_by_the_link_in_the_mail(smtp):
    get_user_model().objects.create_user("anna", "anna@heerde.nl", "oud-wachtwoord-123")
    client = Client()
    assert "Wachtwoord vergeten?" in client.get("/inloggen/").content.decode()
    response = client.post("/wachtwoord-vergeten/", {"email": "anna@heerde.nl"})
    assert response.status_code == 302
    (message,) = smtp.messages
    assert message["To"] == "anna@heerde.nl"
    assert message["Subject"] == "Koers: kies een nieuw wachtwoord"
    body = message.get_payload(decode=True).decode()
    link = re.search(r"http://testserver(/wachtwoord-herstellen/\S+/)", body).group(1)
    form = client.get(link, follow=True)
    assert "Kies een nieuw wachtwoord" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "een-nieuw-lang-wachtwoord",
            "new_password2": "een-nieuw-lang-wachtwoord",
        },
    )
    assert done.status_code == 302
    login = {"username": "anna", "password": "een-nieuw-lang-wachtwoord"}
    assert Client().post("/inloggen/", login).status_code == 302
    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert "werkt niet (meer)" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(smtp):
    response = Client().post("/wachtwoord-vergeten/", {"email": "niemand@example.nl"})
    assert response.status_code == 302 and response.url == "/wachtwoord-vergeten/verstuurd/"
    assert smtp.messages == []
