"""`POST /api/v1/assessments/{id}/attempts`: the start, served below Flask (`api.front`), for every caller.

The start is the request of an exam rush (issue 12): a class clicks Start at once. Through Flask, its routing,
contexts, webargs and flask-smorest's wrappers cost a start a fifth of its CPU. This module is the route's only
implementation, with the Flask routes' rules: the body read and refused first (`api.request_rules`), the
integration's key and its `deliver` scope (`api.auth.authenticate_key`), the body loaded by
`StartAttemptSchema` (422 in webargs' words), the one service (`assess.delivery.begin_attempt`), a new
attempt's body written directly (`api.attempts.started`) and a resumed one dumped by `AttemptSchema`, the
problem mapping (`api.errors.problem_for`). The request commits once the service returns, before the body is
written; what the clock closes on the way is committed at once, as on every route (`api.db.commit_clock`).
`StartEndpoint.document` puts the operation in the OpenAPI document.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api
from sqlalchemy.orm import sessionmaker

from api.attempts.schemas import AttemptSchema, StartAttemptSchema, StartedAttempt
from api.attempts.started import started_body
from api.auth import SECURITY, authenticate_key
from api.config import Settings
from api.front import FrontEndpoint, Headers, OnDemand, json_body
from api.learner.links import learner_url
from api.request_rules import bearer_token
from api.routes import API_PREFIX, ATTEMPT, START_ATTEMPT
from api.tokens import issue_learner_token, learner_serializer, learner_token_expiry
from assess.delivery import Started, begin_attempt
from itembank.db import utcnow

_REQUEST = StartAttemptSchema()
_RESPONSE = AttemptSchema()
_SCOPES = ("deliver",)
LOCATION = {
    "description": "the attempt's URL (`GET` it with the learner token or the key)",
    "schema": {"type": "string"},
}


class StartEndpoint(FrontEndpoint):
    """The start route as a WSGI application, served ahead of the Flask app (`api.front.in_front_of`)."""

    methods = ("POST",)

    def __init__(self, app: Flask, sessions: sessionmaker) -> None:
        super().__init__(
            app,
            sessions,
            API_PREFIX + START_ATTEMPT,
            name="start",
            prefix=API_PREFIX + "/assessments/",
            suffix="/attempts",
        )
        self.signer = learner_serializer(app.config["SECRET_KEY"])
        self.settings: Settings = app.config["ASSESS_SETTINGS"]

    def serve(self, environ: dict[str, Any], ids: dict[str, int]) -> tuple[str, Headers, Any]:
        raw, mimetype = self.body(environ)  # 400, 413, 415 before anything else, as on every route
        token = bearer_token(environ.get("HTTP_AUTHORIZATION", ""))
        session = OnDemand(self.sessions)
        try:
            tenant_id = authenticate_key(token, session(), _SCOPES).tenant_id
            request = _REQUEST.load(json_body(raw, mimetype))
            begun = begin_attempt(
                session(),
                tenant_id,
                ids["assessment_id"],
                request["learner_id"],
                now=utcnow(),
                context_id=request["context_id"],
            )
            session.commit()  # durable before the answer is written, and the learner's rows unlocked
            if isinstance(begun, Started):  # a new attempt: its fixed shape, written without the schema
                learner_token = issue_learner_token(begun.tenant_id, begun.id, self.signer)
                link = learner_url(environ, self.settings, begun.id, learner_token)
                body = started_body(begun, learner_token, learner_token_expiry(utcnow()), link)
                return "201 CREATED", self._location(environ, begun.id), body
            attempt = begun.attempt
            learner_token = issue_learner_token(attempt.tenant_id, attempt.id, self.signer)
            link = learner_url(environ, self.settings, attempt.id, learner_token)
            resumed = StartedAttempt(attempt, begun.usage, learner_token, learner_token_expiry(utcnow()), link)
            return "200 OK", self._location(environ, attempt.id), _RESPONSE.dump(resumed)
        except Exception:
            session.rollback()
            raise
        finally:
            session.close()

    @staticmethod
    def _location(environ: dict[str, Any], attempt_id: int) -> Headers:
        """As Flask's `url_for` writes the attempt's URL: a path below the application's root."""
        root = environ.get("SCRIPT_NAME", "").rstrip("/")
        return [("Location", root + API_PREFIX + ATTEMPT.replace("<id:attempt_id>", str(attempt_id)))]

    def document(self, api: Api) -> None:
        """The operation in the OpenAPI document, as flask-smorest wrote it for the view it replaces."""
        components = api.spec.components
        refused = {
            "400": "BAD_REQUEST",
            "401": "UNAUTHORIZED",
            "403": "FORBIDDEN",
            "404": "NOT_FOUND",
            "409": "CONFLICT",
            "413": "REQUEST_ENTITY_TOO_LARGE",
            "415": "UNSUPPORTED_MEDIA_TYPE",
            "422": "UNPROCESSABLE_ENTITY",
            "503": "SERVICE_UNAVAILABLE",
        }
        attempt = {"application/json": {"schema": AttemptSchema}}
        api.spec.path(
            rule=self.rule,  # flask-smorest's plugin writes the path and its parameters from the rule
            operations={
                "post": {
                    "tags": ["attempts"],
                    "security": SECURITY,
                    "description": "Start an attempt for a learner, or resume the open one (200).",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": StartAttemptSchema}}},
                    "responses": {
                        "200": {"description": "the learner's open attempt, resumed", "content": attempt},
                        "201": {"description": "Created", "content": attempt, "headers": {"Location": LOCATION}},
                        **{status: components.get_ref("response", name) for status, name in refused.items()},
                    },
                }
            },
        )
