"""Analytics over HTTP: the report as JSON with exact fractions, CSV downloads and SVG pictures, scoped and
validated like every other endpoint."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest

from tests.api.helpers import answer_over_http, assert_problem, bearer, start_over_http
from tests.factories import AssessmentFactory, TenantFactory

RIGHT = [0, 1, 2, 3, 4, 5, 5, 5, 3, 4]  # questions answered right, in slot order, by each learner


@pytest.fixture
def scored(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=5, shuffle_questions=False, shuffle_options=False)
    for index, right in enumerate(RIGHT):
        body, learner = start_over_http(client, session, tenant, assessment, learner=f"learner-{index}")
        answer_over_http(client, session, body, learner, right)
        assert client.post(f"/api/v1/attempts/{body['id']}/submit", headers=learner).status_code == 200
    return tenant, assessment, bearer(session, tenant, ("analytics",))


def test_the_report_is_exact_and_matches_the_attempts(client, scored):
    _tenant, assessment, key = scored
    response = client.get(f"/api/v1/assessments/{assessment.id}/analytics", headers=key)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["selection"] == "first" and body["test"]["attempts"] == len(RIGHT)
    assert body["test"]["mean"] == str(Fraction(sum(RIGHT), len(RIGHT)))
    assert body["test"]["pass_rate"] == str(Fraction(sum(r >= 4 for r in RIGHT), len(RIGHT)))
    assert {row["total"]: row["attempts"] for row in body["distribution"]} == {
        str(total): RIGHT.count(total) for total in set(RIGHT)
    }
    for question in body["questions"]:
        slot = question["slot"]
        assert question["facility"] == str(Fraction(sum(r >= slot for r in RIGHT), len(RIGHT)))
        assert question["item_version_id"] is None and question["label"].startswith("item-")
    wrong_choices = [o for o in body["options"] if o["slot"] == 5 and not o["is_key"] and o["option_id"] is not None]
    assert sum(o["count"] for o in wrong_choices) == sum(r < 5 for r in RIGHT)
    assert all(isinstance(flag["reason"], str) and flag["code"] for flag in body["flags"])
    # answer_over_http always picks one wrong option, so the others are rare distractors, named as learners saw them
    rare = [flag for flag in body["flags"] if flag["code"] == "distractor_rare"]
    assert rare and all(flag["severity"] in {"informational", "worth_a_look"} for flag in rare)
    for flag in rare:
        assert flag["option_letter"] in "ABCD" and flag["limit"] == "1/20"
        assert f"option {flag['option_letter']} " in flag["reason"] and str(flag["option_id"]) not in flag["reason"]
    letters = [o["letter"] for o in body["options"] if o["slot"] == 1]
    assert letters[-1] is None and letters[:-1] == list("ABCD"[: len(letters) - 1])  # authored order, omitted last
    reliability = body["test"]["reliability"]
    assert set(reliability) >= {"alpha", "alpha_lower", "alpha_upper", "kr21"}
    assert reliability["alpha_lower"] < float(Fraction(reliability["alpha"])) < reliability["alpha_upper"]
    assert all("median_seconds" in question for question in body["questions"])


def test_csv_downloads_carry_the_same_numbers(client, scored):
    _tenant, assessment, key = scored
    response = client.get(f"/api/v1/assessments/{assessment.id}/analytics/questions.csv", headers=key)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].endswith('-questions.csv"')
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    slot_rows = {int(row["slot"]): row for row in rows if row["scope"] == "slot"}
    assert slot_rows[1]["facility_exact"] == str(Fraction(sum(r >= 1 for r in RIGHT), len(RIGHT)))
    distribution = client.get(f"/api/v1/assessments/{assessment.id}/analytics/distribution.csv", headers=key)
    counts = {row["total_exact"]: int(row["attempts"]) for row in csv.DictReader(io.StringIO(distribution.text))}
    assert counts == {str(total): RIGHT.count(total) for total in set(RIGHT)}


@pytest.mark.parametrize("picture", ["score-distribution", "item-map"])
def test_pictures_are_svg(client, scored, picture):
    _tenant, assessment, key = scored
    response = client.get(f"/api/v1/assessments/{assessment.id}/analytics/{picture}.svg", headers=key)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    assert root.tag.endswith("svg") and root.find("{http://www.w3.org/2000/svg}title") is not None


def test_score_picture_draws_the_pass_line(client, scored):
    _tenant, assessment, key = scored
    svg = client.get(f"/api/v1/assessments/{assessment.id}/analytics/score-distribution.svg", headers=key).text
    assert "pass mark 4 of 5 (80.0%)" in svg and svg.count('class="pass') >= 1 and svg.count('class="fail') >= 1
    assert "first attempts" in svg  # the selection is in the title


def test_option_chart_of_a_slot(client, scored):
    _tenant, assessment, key = scored
    response = client.get(f"/api/v1/assessments/{assessment.id}/analytics/slots/5/options.svg", headers=key)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    groups = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if (g.get("class") or "").startswith("option ")]
    assert [g.get("data-letter") for g in groups][:1] == ["A"] and "option key" in [g.get("class") for g in groups]
    missing = client.get(f"/api/v1/assessments/{assessment.id}/analytics/slots/99/options.svg", headers=key)
    assert missing.status_code == 200 and "no choice options to chart" in missing.text


def test_an_assessment_without_attempts_reports_nulls_not_zeros(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=2)
    key = bearer(session, tenant, ("analytics",))
    body = client.get(f"/api/v1/assessments/{assessment.id}/analytics", headers=key).json
    assert body["test"]["attempts"] == 0 and body["test"]["mean"] is None and body["questions"] == []
    svg = client.get(f"/api/v1/assessments/{assessment.id}/analytics/score-distribution.svg", headers=key)
    assert svg.status_code == 200 and ET.fromstring(svg.data) is not None


def test_selection_and_filters(client, scored, session):
    tenant, assessment, key = scored
    body, learner = start_over_http(client, session, tenant, assessment, learner="learner-0")  # a second attempt
    client.post(f"/api/v1/attempts/{body['id']}/submit", headers=learner)
    url = f"/api/v1/assessments/{assessment.id}/analytics"
    assert client.get(url, headers=key).json["test"]["attempts"] == len(RIGHT)
    assert client.get(f"{url}?selection=all", headers=key).json["test"]["attempts"] == len(RIGHT) + 1
    assert client.get(f"{url}?from=2000-01-01&to=2000-01-02", headers=key).json["test"]["attempts"] == 0
    assert client.get(f"{url}?context_id=nobody", headers=key).json["test"]["attempts"] == 0


def test_scope_tenant_and_bad_queries(client, scored, session):
    tenant, assessment, key = scored
    url = f"/api/v1/assessments/{assessment.id}/analytics"
    assert_problem(client.get(url, headers=bearer(session, tenant, ("deliver",))), 403, "forbidden")
    other = TenantFactory()
    AssessmentFactory(tenant=other, questions=1)
    assert_problem(client.get(url, headers=bearer(session, other, ("analytics",))), 404, "not-found")
    assert_problem(client.get(f"{url}/item-map.svg", headers=bearer(session, other, ("analytics",))), 404, "not-found")
    problem = assert_problem(client.get(f"{url}?selection=median", headers=key), 422, "validation-error")
    assert "selection" in json.dumps(problem)
    problem = assert_problem(client.get(f"{url}?from=2026-02-01&to=2026-01-01", headers=key), 422, "validation-error")
    assert "from" in json.dumps(problem)
    assert_problem(client.get(f"{url}/questions.csv?to=yesterday", headers=key), 422, "validation-error")
