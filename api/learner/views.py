"""The learner's pages: the attempt page for any attempt (what it shows comes from the API, with the token the
page holds), and in development a start page for the default tenant, which starts attempts as a demo.

Every page is answered with headers that keep the token where it is: no Referer to any other page or site, no
inline script (the items' HTML is sanitized on write; the policy is the second defence, docs/rich-text.md), and
no copy in any cache.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from marshmallow import Schema, ValidationError, fields, validate

from api.config import Settings
from api.db import db_session
from api.errors import ApiError
from api.external_ids import ExternalId
from api.learner.links import learner_url
from api.request_rules import parse_json_strictly
from api.tokens import issue_learner_token
from assess.catalog import published_by_course, tenant_id_of
from assess.delivery import Started, begin_attempt
from itembank.db import utcnow
from itembank.interchange.course_file import DEFAULT_TENANT

blp = Blueprint(
    "learner",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/learn/static",
)

SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https:; connect-src 'self'; "
        "font-src 'self'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
}


@blp.after_request
def _guard(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"
    return response


@blp.get("/learn/attempts/<id:attempt_id>")
def attempt_page(attempt_id: int) -> str:
    return render_template("attempt.html", attempt_id=attempt_id)


@blp.get("/")
def start_page() -> str:
    _development_only()
    return render_template("start.html", courses=published_by_course(db_session(), DEFAULT_TENANT))


class DemoStartSchema(Schema):
    assessment_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1))
    name = ExternalId(required=True, metadata={"description": "the visitor's name, their learner id"})


@blp.post("/learn/demo/attempts")
def demo_start() -> tuple[dict[str, Any], int]:
    """Start (or resume) the named visitor's attempt on the default tenant, as an LMS would with its key."""
    tenant_id = _development_only()
    body = DemoStartSchema().load(_json_body())
    begun = begin_attempt(db_session(), tenant_id, body["assessment_id"], body["name"], now=utcnow())
    attempt_id = begun.id if isinstance(begun, Started) else begun.attempt.id
    token = issue_learner_token(tenant_id, attempt_id)
    url = learner_url(request.environ, current_app.config["ASSESS_SETTINGS"], attempt_id, token)
    return {"attempt_id": attempt_id, "learner_url": url}, 201


def _json_body() -> Any:
    raw = request.get_data(cache=True)
    try:
        return parse_json_strictly(raw) if raw else {}
    except ValueError:  # json.JSONDecodeError, as webargs' routes answer it
        raise ValidationError({"json": ["Invalid JSON body."]}) from None


def _development_only() -> int:
    """The default tenant's id; a 404 outside development, where starts are the integrations' to make."""
    settings: Settings = current_app.config["ASSESS_SETTINGS"]
    if not settings.is_development:
        raise ApiError(404, "the start page is served in development only")
    tenant_id = tenant_id_of(db_session(), DEFAULT_TENANT)
    if tenant_id is None:
        raise ApiError(404, "the default tenant has no course yet: run `assess bank load` first")
    return tenant_id
