"""Every learner and context id an integration sends, in a query or a body, is refused by the one rule
(`api.external_ids`) with a 422 naming the field: never a 500, never a second learner who renders as the first."""

from urllib.parse import quote

import pytest

from tests.api.helpers import assert_problem, bearer
from tests.factories import AssessmentFactory, TenantFactory

EXTERNAL_IDS = {"learner_id", "context_id"}
VALID = {
    "learner_id": "learner-1",
    "context_id": "course-1",
    "extra_seconds": 0,
    "extra_attempts": 0,
    "time_multiplier": "1",
    "reason": "r",
}
REFUSED = {
    "NUL": "a\u0000b",  # PostgreSQL's text cannot hold it: was a 500 on the results
    "soft hyphen": "a\u00adb",
    "combining grapheme joiner": "a\u034fb",
    "variation selector 16": "a\ufe0fb",
    "tag A": "a\U000e0041b",
    "Hangul filler": "a\u3164b",
    "Mongolian vowel separator": "a\u180eb",
    "private use": "a\ue000b",
    "not NFC": "Zoe\u0308",
    "no-break space": "a\u00a0b",
    "leading space": " a",
}


def _external_id_inputs(document):
    """(method, path, "query" or a valid body, name) of every learner or context id an operation takes."""
    schemas = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":  # the path's own (its ids), not an operation
                continue
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter["name"] in EXTERNAL_IDS:
                    yield method, path, "query", parameter["name"]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body is not None:
                properties = schemas[body["$ref"].rpartition("/")[2]]["properties"]
                for name in EXTERNAL_IDS & set(properties):
                    yield method, path, {key: VALID[key] for key in properties if key in VALID}, name


def test_every_external_id_in_the_document_is_described_by_the_one_rule(client):
    from api.external_ids import RULE

    document = client.get("/api/v1/openapi.json").json
    inputs = list(_external_id_inputs(document))
    assert {(method, where == "query") for method, _, where, _ in inputs} >= {
        ("get", True),
        ("post", False),
        ("put", False),
    }
    assert len(inputs) >= 12  # attempts (start, list), results, accommodations (set, list), analytics (7 views)
    schemas = document["components"]["schemas"]
    for method, path, where, name in inputs:
        operation = document["paths"][path][method]
        if where == "query":
            (described,) = [p for p in operation["parameters"] if p["name"] == name]
            schema = described["schema"]
        else:
            reference = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            described = schema = schemas[reference.rpartition("/")[2]]["properties"][name]
        assert described["description"].endswith(RULE), (method, path, name)
        assert (schema["minLength"], schema["maxLength"]) == (1, 200), (method, path, name)


@pytest.mark.parametrize("value", REFUSED.values(), ids=REFUSED.keys())
def test_every_operation_refuses_a_bad_external_id_with_a_422_naming_it(client, session, value):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    key = bearer(session, tenant, scopes=("deliver", "analytics"))
    inputs = list(_external_id_inputs(client.get("/api/v1/openapi.json").json))
    for method, path, where, name in inputs:
        url = path.replace("{assessment_id}", str(assessment.id)).replace("{slot}", "1")
        if where == "query":
            answer = client.open(f"{url}?{name}={quote(value)}", method=method.upper(), headers=key)
        else:
            answer = client.open(url, method=method.upper(), json={**where, name: value}, headers=key)
        problem = assert_problem(answer, 422, "validation-error")
        assert list(problem["errors"]) == [name], (method, path, problem)
