"""schemathesis against the live OpenAPI document: no server errors, and no answer that the
document does not describe (status code, content type, body).

The stricter behaviour checks of schemathesis (rejecting unknown query parameters, for
instance) are not what the document promises: Django REST framework ignores parameters it
does not know, as most APIs do.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from koers.wsgi import application

# Read from the running application, as a client would; the schema view needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection after each request; inside a test's
    transaction that ends the test's connection (PostgreSQL). Django's test client unhooks
    the same signal handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_openapi_document(case, heerde, keep_connection):
    case.call_and_validate(headers={"Host": "localhost"}, checks=CHECKS)
