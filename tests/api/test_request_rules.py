"""The rules every request meets (`api.request_rules`, `api.auth`), checked on every operation of the OpenAPI
document, the save below Flask included: credentials before the query and the body."""

import pytest

from tests.api.helpers import assert_problem, bearer, start_over_http
from tests.factories import AssessmentFactory, TenantFactory

ALL_SCOPES = ("deliver", "author", "analytics", "admin")


@pytest.fixture
def operations(client, session):
    """Every secured operation of the document: (method, url with real ids, its query names, takes a body), and
    a key with every scope of the tenant whose ids fill the urls."""
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    started, _learner = start_over_http(client, session, tenant, assessment)
    ids = {"{assessment_id}": assessment.id, "{attempt_id}": started["id"], "{position}": 1}
    found = []
    for path, operations in client.get("/api/v1/openapi.json").json["paths"].items():
        url = path
        for placeholder, value in ids.items():
            url = url.replace(placeholder, str(value))
        for method, operation in operations.items():
            if method == "parameters" or not operation.get("security"):
                continue
            query = [parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "query"]
            found.append((method.upper(), url, query, "requestBody" in operation))
    assert len(found) >= 18
    return found, bearer(session, tenant, scopes=ALL_SCOPES)


def test_credentials_are_checked_before_the_query_and_the_body(client, operations):
    """Without a key (or with one that is unknown), a request whose query and body are both wrong is a 401, on
    every operation; with a key, the very same request is the 422 it deserves."""
    found, key = operations
    validated = 0
    for method, url, query, takes_body in found:
        bad = {
            "query_string": {name: "\x00" for name in query},  # no integer, date, choice or id takes a NUL
            **({"json": {"surprise": True}} if takes_body else {}),
        }
        for headers in ({}, {"Authorization": "Bearer not-a-key"}, {"Authorization": "Basic eDp5"}):
            answer = client.open(url, method=method, headers=headers, **bad)
            assert_problem(answer, 401, "unauthenticated")
            assert answer.headers["WWW-Authenticate"] == 'Bearer realm="assess"', (method, url)
        if query or takes_body:
            assert_problem(client.open(url, method=method, headers=key, **bad), 422, "validation-error")
            validated += 1
    assert validated >= 14
