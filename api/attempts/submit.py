"""`POST /api/v1/attempts/{id}/submit`: the submit, served below Flask (`api.front`), for every caller.

At the end of an exam every learner submits within minutes; through Flask, its routing, contexts and
flask-smorest's wrappers, and a learner token verified afresh each time, cost a submit a share of its CPU
(issue 12). This module is the route's only implementation, with the Flask routes' rules: the body read and
refused first (`api.request_rules`; a submit takes none), the learner whose token names this attempt or a
`deliver` key (`api.auth.authorize_attempt`, the token read as the save reads it), the one service
(`assess.delivery.finish_attempt`), committed before the body is written in one pass
(`api.attempts.submitted`), the problem mapping (`api.errors.problem_for`); what the clock closes on the way is
committed at once, as on every route. `SubmitEndpoint.document` puts the operation in the OpenAPI document.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api
from sqlalchemy.orm import sessionmaker

from api.attempts import submitted
from api.attempts.schemas import AttemptSchema
from api.auth import SECURITY, authorize_attempt
from api.front import FrontEndpoint, Headers, OnDemand
from api.request_rules import bearer_token
from api.routes import API_PREFIX, SUBMIT
from api.tokens import LearnerTokenReader
from assess.delivery import finish_attempt
from itembank.db import utcnow


class SubmitEndpoint(FrontEndpoint):
    """The submit route as a WSGI application, served ahead of the Flask app (`api.front.in_front_of`)."""

    methods = ("POST",)

    def __init__(self, app: Flask, sessions: sessionmaker, tokens: LearnerTokenReader) -> None:
        super().__init__(
            app, sessions, API_PREFIX + SUBMIT, name="submit", prefix=API_PREFIX + "/attempts/", suffix="/submit"
        )
        self.tokens = tokens

    def serve(self, environ: dict[str, Any], ids: dict[str, int]) -> tuple[str, Headers, Any]:
        self.body(environ)  # 400, 413, 415 before anything else, as on every route
        token = bearer_token(environ.get("HTTP_AUTHORIZATION", ""))
        attempt_id = ids["attempt_id"]
        session = OnDemand(self.sessions)
        try:
            caller = authorize_attempt(token, attempt_id, self.tokens.read(token), session)
            done = finish_attempt(session(), caller.tenant_id, attempt_id, now=utcnow())
            session.commit()  # its learner's attempts stay locked until the commit: not through the body too
            return "200 OK", [], submitted.submitted_body(done)
        except Exception:
            session.rollback()
            raise
        finally:
            session.close()

    def document(self, api: Api) -> None:
        """The operation in the OpenAPI document, as flask-smorest wrote it for the view it replaces."""
        components = api.spec.components
        refused = {
            "400": "BAD_REQUEST",
            "401": "UNAUTHORIZED",
            "403": "FORBIDDEN",
            "404": "NOT_FOUND",
            "413": "REQUEST_ENTITY_TOO_LARGE",
            "415": "UNSUPPORTED_MEDIA_TYPE",
            "503": "SERVICE_UNAVAILABLE",
        }
        api.spec.path(
            rule=self.rule,  # flask-smorest's plugin writes the path and its parameters from the rule
            operations={
                "post": {
                    "tags": ["attempts"],
                    "security": SECURITY,
                    "description": "Score the attempt once; repeating it returns the same result.",
                    "responses": {
                        "200": {"description": "OK", "content": {"application/json": {"schema": AttemptSchema}}},
                        **{status: components.get_ref("response", name) for status, name in refused.items()},
                    },
                }
            },
        )
