"""Response schemas dump the objects views return, and strictly: a field the object does not have fails loudly
instead of vanishing from the body, and every body carries every field its documented schema declares.

marshmallow validates nothing on dump, so the old hand-built payload dicts could lose a key without anyone
noticing: the dump simply left it out. These tests fail on that design.
"""

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from types import SimpleNamespace

import pytest
from marshmallow import Schema, ValidationError, fields

from api.attempts.schemas import AttemptSchema, AttemptSummarySchema, SavedResponseSchema
from api.exact import ExactFraction
from api.schemas import ObjectSchema
from api.tokens import issue_learner_token
from assess.delivery import start_attempt
from itembank.db import utcnow
from tests.api.helpers import answer_over_http, bearer, keyed_and_wrong, start_over_http
from tests.factories import AssessmentFactory, TenantFactory

T0 = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def _documented_schema(app, response) -> Schema:
    """The schema the OpenAPI document gives for this response's route, method and status."""
    request = response.request
    below_flask = {
        "assess.save": ("put", "/response", SavedResponseSchema),
        "assess.start": ("post", "/attempts", AttemptSchema),
        "assess.submit": ("post", "/submit", AttemptSchema),
    }
    for extension, (method, suffix, schema) in below_flask.items():
        if app.extensions[extension].path.fullmatch(request.path):  # served below Flask: read its document
            document = app.test_client().get("/api/v1/openapi.json").json
            [operation] = [p[method] for path, p in document["paths"].items() if path.endswith(suffix) and method in p]
            content = operation["responses"][str(response.status_code)]["content"]["application/json"]
            assert content["schema"]["$ref"].endswith(schema.__name__.removesuffix("Schema"))
            return schema()
    endpoint, _arguments = app.url_map.bind("localhost").match(request.path, request.method)
    method = getattr(app.view_functions[endpoint].view_class, request.method.lower())
    [documented] = method._apidoc["response"]["responses"][response.status_code]
    return documented["schema"]


def _missing_keys(schema: Schema, body, path="$") -> list[str]:
    """Every field the schema declares, at every depth, that the body lacks (`OPTIONAL` fields may be absent)."""
    if schema.many:
        return [key for index, row in enumerate(body) for key in _missing_keys(_one(schema), row, f"{path}[{index}]")]
    missing = []
    for name, field in schema.dump_fields.items():
        key = field.data_key or name
        if key not in body:
            if name not in getattr(schema, "OPTIONAL", ()):
                missing.append(f"{path}.{key}")
            continue
        nested, value = _nested(field), body[key]
        if nested is not None and value is not None:
            rows = value if isinstance(field, fields.List) else [value]
            for index, row in enumerate(rows):
                missing += _missing_keys(nested, row, f"{path}.{key}[{index}]")
    return missing


def _one(schema: Schema) -> Schema:
    return type(schema)()


def _nested(field: fields.Field) -> Schema | None:
    if isinstance(field, fields.List):
        field = field.inner
    return field.schema if isinstance(field, fields.Nested) else None


def assert_as_documented(app, response) -> dict | list:
    """The body validates against its documented schema (no unknown key, every value well-formed) and has every
    declared key, so no field can go missing from a response unnoticed."""
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    schema, body = _documented_schema(app, response), response.get_json()
    assert isinstance(schema, ObjectSchema)
    assert schema.validate(body) == {}, (response.request.path, schema.validate(body))
    assert _missing_keys(schema, body) == []
    return body


def _schemas_within(schema: Schema):
    yield schema
    for field in schema.dump_fields.values():
        nested = _nested(field)
        if nested is not None:
            yield from _schemas_within(nested)


def test_every_response_schema_and_every_schema_nested_in_one_dumps_strictly(app):
    documented = [
        response["schema"]
        for view in app.view_functions.values()
        if hasattr(view, "view_class")
        for method in view.view_class.methods
        for responses in getattr(view.view_class, method.lower())._apidoc["response"]["responses"].values()
        for response in responses
        if response.get("schema") is not None
    ]
    assert len(documented) >= 10
    for schema in documented:
        for within in _schemas_within(schema):
            assert isinstance(within, ObjectSchema), f"{type(within).__name__} would drop a missing field silently"


def test_a_field_the_object_lacks_raises_instead_of_vanishing_from_the_body():
    saved = SimpleNamespace(attempt_id=1, position=2, response={"option": 3}, seq=4)  # no answered_at
    with pytest.raises(AttributeError, match="answered_at"):
        SavedResponseSchema().dump(saved)
    saved.answered_at = T0
    assert SavedResponseSchema().dump(saved)["answered_at"] == "2026-01-05T09:30:00+00:00"

    class Misspelt(ObjectSchema):
        when = fields.DateTime(attribute="answerd_at")

    with pytest.raises(AttributeError, match="answerd_at"):
        Misspelt().dump(saved)


def test_a_summary_of_an_object_without_a_field_raises():
    attempt = SimpleNamespace(
        id=1,
        assessment_id=2,
        learner_id="ana",
        number=1,
        state="in_progress",
        close_reason=None,
        started_at=T0,
        deadline_at=None,
        closes_at=None,
        updated_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
        voided_at=None,
        voided_by=None,
        void_reason=None,
        submitted_at=None,
        points_earned=None,
        points_possible=3,
        passed=None,
    )  # no context_id
    with pytest.raises(AttributeError, match="context_id"):
        AttemptSummarySchema().dump(attempt)
    attempt.context_id = None
    assert AttemptSummarySchema().dump(attempt)["context_id"] is None


def test_exact_fractions_are_written_exactly_and_read_back():
    field = ExactFraction(allow_none=True)
    assert [field.serialize("x", {"x": value}) for value in (Fraction(3, 5), Fraction(12), 7, None)] == [
        "3/5",
        "12",
        "7",
        None,
    ]
    for inexact in (0.6, True, "3/5"):
        with pytest.raises(TypeError):
            field.serialize("x", {"x": inexact})
    assert field.deserialize("-35/3") == Fraction(-35, 3) and field.deserialize("12") == 12
    for malformed in ("0.6", "3/0", "3 / 5", "", "1e3"):
        with pytest.raises(ValidationError):
            field.deserialize(malformed)


def test_attempt_responses_in_progress_checked_scored_and_listed_are_as_documented(session, client, app):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=3, feedback_policy="immediate", max_attempts=2)
    key = bearer(session, tenant)
    started = client.post(f"/api/v1/assessments/{assessment.id}/attempts", json={"learner_id": "ana"}, headers=key)
    body = assert_as_documented(app, started)
    assert started.status_code == 201 and body["learner_token"] and body["result"] is None
    learner = {"Authorization": f"Bearer {body['learner_token']}"}
    resumed = client.post(f"/api/v1/assessments/{assessment.id}/attempts", json={"learner_id": "ana"}, headers=key)
    assert resumed.status_code == 200 and "learner_token" in assert_as_documented(app, resumed)

    first = body["questions"][0]
    keyed, _wrong = keyed_and_wrong(session, first)
    url = f"/api/v1/attempts/{body['id']}/questions/{first['position']}"
    saved = client.put(f"{url}/response", json={"response": {"option": keyed}, "seq": 1}, headers=learner)
    assert assert_as_documented(app, saved)["seq"] == 1
    again = client.put(f"{url}/response", json={"response": {"option": keyed}, "seq": 1}, headers=learner)
    assert assert_as_documented(app, again) == saved.json  # the full path's answer to a repeat
    in_progress = assert_as_documented(app, client.get(f"/api/v1/attempts/{body['id']}", headers=learner))
    assert "learner_token" not in in_progress and in_progress["state"] == "in_progress"

    checked = assert_as_documented(app, client.post(f"{url}/check", headers=learner))
    shown = checked["questions"][0]["result"]
    assert {key: shown[key] for key in ("correct", "credit", "feedback")} == {
        "correct": True,
        "credit": "1",
        "feedback": "Correct.",
    }
    assert [option["id"] for option in shown["options"] if option["correct"]] == [keyed]
    listed = assert_as_documented(app, client.get("/api/v1/attempts", headers=key))
    assert listed[0]["points_earned"] is None and listed[0]["score"] is None

    scored = assert_as_documented(app, client.post(f"/api/v1/attempts/{body['id']}/submit", headers=learner))
    assert scored["result"]["points_earned"] == "1" and scored["result"]["score"] == "1/3"
    assert scored["result"]["attempts_left"] == 1
    assert assert_as_documented(app, client.get(f"/api/v1/attempts/{body['id']}", headers=key)) == scored
    listed = assert_as_documented(app, client.get("/api/v1/attempts?state=scored", headers=key))
    assert [(row["points_earned"], row["score"], row["passed"]) for row in listed] == [("1", "1/3", False)]


def test_an_attempt_closed_by_the_clock_is_as_documented(session, client, app):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=2, time_limit_seconds=60)
    started = start_attempt(session, tenant.id, assessment.id, "late", now=utcnow() - timedelta(hours=1))
    session.flush()
    with app.app_context():
        learner = {"Authorization": f"Bearer {issue_learner_token(tenant.id, started.attempt.id)}"}
    closed = assert_as_documented(app, client.get(f"/api/v1/attempts/{started.attempt.id}", headers=learner))
    assert closed["state"] == "scored" and closed["result"]["close_reason"] == "deadline"
    assert all(question["result"]["credit"] == "0" for question in closed["questions"])
    listed = assert_as_documented(app, client.get("/api/v1/attempts", headers=bearer(session, tenant)))
    assert listed[0]["close_reason"] == "deadline" and listed[0]["points_earned"] == "0"


def test_assessments_results_accommodations_analytics_and_health_are_as_documented(session, client, app):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=5, max_attempts=3, time_limit_seconds=3600)
    items = [slot.item for slot in assessment.slots]
    key = bearer(session, tenant, ("deliver", "analytics"))
    for index, right in enumerate((5, 2)):
        body, learner = start_over_http(client, session, tenant, assessment, learner=f"learner-{index}")
        answer_over_http(client, session, body, learner, right)
        assert client.post(f"/api/v1/attempts/{body['id']}/submit", headers=learner).status_code == 200
    start_over_http(client, session, tenant, assessment, learner="learner-2")  # in progress: no result yet

    assert_as_documented(app, client.get("/api/v1/assessments", headers=key))
    one = assert_as_documented(app, client.get(f"/api/v1/assessments/{assessment.id}", headers=key))
    assert one["question_count"] == 5 and one["pass_percent"] == "80"
    results = assert_as_documented(app, client.get(f"/api/v1/assessments/{assessment.id}/results", headers=key))
    assert [row["score"] for row in results] == ["1", "2/5", None]

    url = f"/api/v1/assessments/{assessment.id}/accommodations"
    grant = {"learner_id": "learner-1", "extra_seconds": 60, "extra_attempts": 1}
    granted = {**grant, "time_multiplier": None}
    assert assert_as_documented(app, client.put(url, json=grant, headers=key)) == granted
    assert assert_as_documented(app, client.get(url, headers=key)) == [granted]

    analytics = f"/api/v1/assessments/{assessment.id}/analytics"
    report = assert_as_documented(app, client.get(analytics, headers=key))
    assert report["test"]["attempts"] == 2 and report["questions"][0]["label"].startswith("item-")
    assert report["questions"][0]["answered"] == 2 and report["distribution"] == [
        {"total": "2", "attempts": 1},
        {"total": "5", "attempts": 1},
    ]
    version = items[0].latest.id
    filtered = assert_as_documented(
        app, client.get(f"{analytics}?item_version_id={version}&from=2000-01-01", headers=key)
    )
    assert filtered["from"] == "2000-01-01" and filtered["to"] is None
    assert {row["item_version_id"] for row in filtered["versions"]} == {version}
    assert all(row["answered"] is None for row in filtered["versions"])  # times are kept per slot
    other_tenant = TenantFactory()
    empty = AssessmentFactory(tenant=other_tenant, questions=1)
    nothing = bearer(session, other_tenant, ("analytics",))
    assert (
        assert_as_documented(app, client.get(f"/api/v1/assessments/{empty.id}/analytics", headers=nothing))["questions"]
        == []
    )
    assert assert_as_documented(app, client.get("/api/v1/health"))["status"] == "ok"
