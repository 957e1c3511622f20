"""The rules every request meets (`api.request_rules`, `api.auth`), checked on every operation of the OpenAPI
document, the save below Flask included: credentials before the query and the body, one reading of a body (a
chunked one past the limit is a 413), and JSON that is JSON (no NaN, no Infinity, no 1e400)."""

import pytest

from tests.api.helpers import assert_problem, bearer, send_chunked, start_over_http
from tests.factories import AssessmentFactory, ItemFactory, PoolFactory, TenantFactory

ALL_SCOPES = ("deliver", "author", "analytics", "admin")
NOT_JSON = {
    "NaN": b'{"x": NaN}',
    "Infinity": b'{"x": [1, Infinity]}',
    "-Infinity": b'{"x": {"y": -Infinity}}',
    "1e400": b'{"x": 1e400}',
    "-1e400": b'{"x": -1e400}',
    "an integer of 5,000 digits": b'{"x": ' + b"7" * 5000 + b"}",
}


@pytest.fixture
def operations(client, session):
    """Every secured operation of the document: (method, url with real ids, its query names, the media type of its
    body or ""), and
    a key with every scope of the tenant whose ids fill the urls."""
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    started, _learner = start_over_http(client, session, tenant, assessment)
    pool = PoolFactory(bank__tenant_id=tenant.id, items=1)
    ids = {
        "{assessment_id}": assessment.id,
        "{attempt_id}": started["id"],
        "{position}": 1,
        "{item_id}": ItemFactory(bank__tenant=tenant).id,
        "{regrade_id}": 1,  # any id: credentials and the body are checked before it is looked up
        "{pool_id}": pool.id,
        "{slot}": 1,  # an analytics option chart
        "{user_id}": 1,  # any id: an instructor account, looked up after the credentials
    }
    ids |= {"{number}": 1, "{before}": 1, "{after}": 1}  # an item's versions
    found = []
    for path, operations in client.get("/api/v1/openapi.json").json["paths"].items():
        url = path
        for placeholder, value in ids.items():
            url = url.replace(placeholder, str(value))
        for method, operation in operations.items():
            if method == "parameters" or not operation.get("security"):
                continue
            query = [parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "query"]
            body_types = operation.get("requestBody", {}).get("content", {})
            found.append((method.upper(), url, query, next(iter(body_types), "")))  # its media type, or none
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
            **_surprise(takes_body),
        }
        for headers in ({}, {"Authorization": "Bearer not-a-key"}, {"Authorization": "Basic eDp5"}):
            answer = client.open(url, method=method, headers=headers, **bad)
            assert_problem(answer, 401, "unauthenticated")
            assert answer.headers["WWW-Authenticate"] == 'Bearer realm="assess"', (method, url)
        if query or takes_body:
            assert_problem(client.open(url, method=method, headers=key, **bad), 422, "validation-error")
            validated += 1
    assert validated >= 14


def _surprise(media_type: str) -> dict:
    """A body of the operation's media type that holds none of the fields it takes."""
    if media_type == "application/json":
        return {"json": {"surprise": True}}
    return {"data": {"surprise": "x"}, "content_type": media_type} if media_type else {}


def _limit(app, url: str) -> int:
    """The body limit of a route: the import's own (an uploaded file), every other route's."""
    if url.endswith("/imports"):
        return app.config["ASSESS_SETTINGS"].max_import_bytes
    return app.config["MAX_CONTENT_LENGTH"]


def test_a_chunked_body_over_the_limit_is_413_on_every_operation_that_takes_a_body(app, client, operations):
    """A body of unknown length is read up to the limit and refused past it, before credentials are looked at,
    as a body whose Content-Length is over the limit is; a chunked body of exactly the limit is read whole."""
    found, key = operations
    limit = app.config["MAX_CONTENT_LENGTH"]
    with_bodies = [(method, url) for method, url, _query, takes_body in found if takes_body]
    assert len(with_bodies) >= 3  # start, accommodations, the save
    for method, url in with_bodies:
        for headers in (key, {}):
            over = b"{" + b" " * _limit(app, url) + b"}"
            status, answer_headers, problem = send_chunked(app, method, url, over, headers)
            assert (status, problem["type"]) == (413, "/problems/body-too-large"), (method, url, problem)
            assert answer_headers["Content-Type"] == "application/problem+json"
    start = next(url for method, url in with_bodies if url.endswith("/attempts"))
    body = b'{"learner_id": "chunked"}'
    status, _headers, started = send_chunked(app, "POST", start, body.ljust(limit), key)
    assert status == 201 and started["learner_id"] == "chunked"


@pytest.mark.parametrize("body", NOT_JSON.values(), ids=NOT_JSON.keys())
def test_what_is_not_json_is_refused_when_the_body_is_read_on_every_operation(client, operations, body):
    """Python's reader takes NaN, Infinity and 1e400 (PostgreSQL's json does not) and cannot convert a very long
    integer: each is the 422 "Invalid JSON body." of any malformed body, before any field is looked at."""
    found, key = operations
    for method, url, _query, takes_body in found:
        if takes_body == "application/json":
            answer = client.open(url, method=method, data=body, content_type="application/json", headers=key)
            problem = assert_problem(answer, 422, "validation-error")
            assert problem["errors"] == {"_body": ["Invalid JSON body."]}, (method, url)
