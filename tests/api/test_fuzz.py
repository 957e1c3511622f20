"""Every endpoint fuzzed from its own OpenAPI document: no 5xx, and every response matches what it declares.

Schemathesis's pytest plugin does not run on pytest 9, so each operation's Hypothesis strategy is driven
directly; the checks are schemathesis's own (`call_and_validate`), all of them but one: the rule for learner and
context ids (Unicode categories, NFC) is a description no JSON Schema keyword expresses, so schemathesis generates
ids the rule refuses, and its "schema-valid data must be accepted" check would blame the API for refusing them.
"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance

from tests.api.helpers import bearer
from tests.factories import AssessmentFactory, TenantFactory

EXAMPLES_PER_OPERATION = 25


def test_no_request_gets_a_5xx_or_an_undeclared_response(app, session):
    tenant = TenantFactory()
    AssessmentFactory(tenant=tenant, feedback_policy="immediate", questions=3)
    headers = bearer(session, tenant, scopes=("deliver", "author", "analytics", "admin"))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    results = list(schema.get_all_operations())
    failures = [result.err() for result in results if not hasattr(result, "ok")]
    assert not failures, failures
    operations = [result.ok() for result in results]
    assert len(operations) >= 8

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck))
        def fuzz(case):
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        fuzz()


def test_the_learners_autosave_is_fuzzed_on_its_own_attempt(app, session, client):
    """The save (`api.attempts.save`, below Flask) with the path pinned to the learner's own attempt, so the
    generated bodies reach the store and its refusals: no 5xx, every answer as declared in the document."""
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=3)
    started = client.post(
        f"/api/v1/assessments/{assessment.id}/attempts", json={"learner_id": "fuzzed"}, headers=bearer(session, tenant)
    ).json
    learner = {"Authorization": f"Bearer {started['learner_token']}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema["/api/v1/attempts/{attempt_id}/questions/{position}/response"]["PUT"]
    statuses = []

    options = [option["id"] for question in started["questions"] for option in question["options"]]

    @given(
        case=operation.as_strategy(),
        option=st.one_of(st.none(), st.sampled_from(options), st.integers()),
        seq=st.integers(min_value=-3, max_value=2**31 + 3),
    )
    @settings(max_examples=4 * EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck))
    def fuzz(case, option, seq):
        case.path_parameters = {"attempt_id": started["id"], "position": (case.path_parameters["position"] % 4) + 1}
        if option is not None:  # half the time a save that may be stored, stale, or not this question's option
            case.body = {"response": {"option": option}, "seq": seq}
        response = case.call_and_validate(headers=learner, excluded_checks=[positive_data_acceptance])
        statuses.append(response.status_code)

    fuzz()
    assert all(status < 500 for status in statuses)
    assert {200, 422} <= set(statuses)  # both stored and refused saves were reached
