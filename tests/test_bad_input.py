"""Bad input gets a clear answer, never a server error: dates far out of range, periods
beyond the calendar, and what the database refuses when two writers meet."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DataError, IntegrityError, OperationalError
from django.test import RequestFactory
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from koers.monitor.periods import validate_period
from koers.web.middleware import DatabaseRefusalMiddleware

from helpers import plan_url, user

FAR = "9999-12-31"


@pytest.mark.usefixtures("heerde")
@pytest.mark.parametrize("name", ["web:overview", "web:task"])
def test_pages_far_out_of_range_show_today(client, name):
    args = ["6.3"] if name == "web:task" else []
    response = client.get(plan_url(name, *args), {"peildatum": FAR})
    assert response.status_code == 200
    assert date.today().strftime("%d-%m-%Y") in response.content.decode()


@pytest.mark.usefixtures("heerde")
def test_live_report_far_out_of_range_is_of_today(client, heerde):
    from koers.plans.models import Framework

    framework = Framework.objects.get()
    url = plan_url("reports:live", "kader", framework.pk, "json")
    response = client.get(url, {"peildatum": FAR})
    assert response.status_code == 200
    assert response.json()["reporting_date"] == date.today().isoformat()


@pytest.mark.usefixtures("heerde")
def test_the_statuses_api_refuses_a_date_far_out_of_range(client):
    response = client.get("/api/v1/statuses/", {"peildatum": FAR})
    assert response.status_code == 400
    assert "1900-01-01" in response.content.decode()
    assert client.get("/api/v1/statuses/", {"peildatum": "2199-12-31"}).status_code == 200


def test_the_command_line_refuses_a_date_far_out_of_range():
    with pytest.raises(CommandError, match="9999-12-31"):
        call_command("status", "--date", FAR)


@pytest.mark.parametrize("period", ["9999", "1899", "2200-H1", "9998/9999"])
def test_a_period_beyond_the_calendar_is_refused(period):
    with pytest.raises(ValidationError, match="1900-2199"):
        validate_period(period)


@pytest.mark.usefixtures("heerde")
def test_the_api_refuses_a_figure_for_year_9999(db):
    client = APIClient(HTTP_HOST="localhost")
    token = Token.objects.create(user=user("redacteur", "editor", ["3"]))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    figure = {"indicator": "3.1-eenzaamheid-65plus", "area": "GM0246", "period": "9999"}
    response = client.post("/api/v1/measurements/", {**figure, "value": "38"}, format="json")
    assert response.status_code == 400 and "1900-2199" in response.content.decode()
    assert client.get("/api/v1/statuses/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "status"),
    [
        (IntegrityError('duplicate key value violates unique constraint "x"'), 409),
        (OperationalError("database is locked"), 503),
        (DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes"), 400),
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/measurements/", "/heerde/kader/opgave/6.3/"])
def test_what_the_database_refuses_is_answered_in_words(error, status, path):
    request = RequestFactory().post(path)
    request.user = user("iemand")
    middleware = DatabaseRefusalMiddleware(lambda r: None)
    response = middleware.process_exception(request, error)
    assert response.status_code == status
    text = response.content.decode()
    assert any(
        words in text for words in ["niets van u opgeslagen", "niet opgeslagen", "niets opgeslagen"]
    )
    if status == 503:
        assert response["Retry-After"] == "30"
    assert middleware.process_exception(request, ValueError("other")) is None
