"""Every endpoint fuzzed from its own OpenAPI document: no 5xx, and every response matches what it declares.

Schemathesis's pytest plugin does not run on pytest 9, so each operation's Hypothesis strategy is driven
directly; the checks are schemathesis's own (`call_and_validate`), all of them but one: schemathesis does not
honour the published `pattern` of learner and context ids (it generates "" and control characters for it), so
its "schema-valid data must be accepted" check would blame the API for refusing data the schema refuses too.
"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from tests.api.helpers import bearer
from tests.factories import AssessmentFactory, AssessmentSlotFactory, BankFactory, ItemFactory, TenantFactory

EXAMPLES_PER_OPERATION = 25


def test_no_request_gets_a_5xx_or_an_undeclared_response(app, session):
    tenant = TenantFactory()
    bank = BankFactory(tenant_id=tenant.id)
    assessment = AssessmentFactory(tenant_id=tenant.id, feedback_policy="immediate")
    for _ in range(3):
        AssessmentSlotFactory(assessment=assessment, item=ItemFactory(bank=bank))
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
