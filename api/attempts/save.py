"""`PUT /api/v1/attempts/{id}/questions/{n}/response`: the save, served below Flask, for every caller.

A save is the least work an acknowledged write can be (one guarded UPDATE, committed before the answer), so
Flask's per-request machinery (routing, contexts, webargs, flask-smorest's response wrapper, the ORM
session's bookkeeping) would cost more than the save itself. This module is the route's only implementation:
parse, authenticate and authorize, validate, store, serialize, and explain a refusal, with the rules the
Flask app uses (`api.routes`, `api.request_rules`, `api.auth.authorize_attempt`), the same request and
response schemas, the same service (`assess.delivery.save_response`) and the same problem mapping
(`api.errors.problem_for`). `SaveEndpoint.document` puts the operation in the OpenAPI document.

On PostgreSQL the write runs on a connection in autocommit, so a one-option answer is one statement in one
round trip; a refusal is then explained by reading through an ordinary session. A save refused because the
deadline has passed closes the attempt there, and that close is committed (`api.db.commit_clock`) before
the 410 is answered: the success path never asks the clock, the UPDATE's own guard refuses a late save.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from api.attempts.schemas import SavedResponseSchema, SaveResponseSchema
from api.auth import SECURITY, authorize_attempt
from api.config import Settings
from api.errors import PROBLEM_JSON
from api.front import FrontEndpoint, Headers, OnDemand, json_body
from api.request_rules import bearer_token
from api.routes import API_PREFIX, SAVE_RESPONSE
from api.tokens import LearnerTokenReader
from assess.delivery import SavedResponse, save_response
from itembank.db import make_engine, utcnow

_REQUEST = SaveResponseSchema()
_RESPONSE = SavedResponseSchema()


class SaveEndpoint(FrontEndpoint):
    """The save route as a WSGI application, served ahead of the Flask app (`api.front.in_front_of`)."""

    methods = ("PUT",)

    def __init__(self, app: Flask, sessions: sessionmaker) -> None:
        super().__init__(
            app, sessions, API_PREFIX + SAVE_RESPONSE, name="save", prefix=API_PREFIX + "/attempts/", suffix="/response"
        )
        bind = sessions.kw.get("bind")
        settings: Settings = app.config["ASSESS_SETTINGS"]
        # PostgreSQL commits a lone statement by itself: a pool of its own (the same connect arguments), its
        # connections opened in autocommit. A test's connection (whose transaction the test rolls back) and
        # SQLite (whose BEGIN the engine takes over) write in the session's transaction.
        self.autocommit: Engine | None = (
            # No reset on return: an autocommit connection holds no transaction to roll back.
            make_engine(
                bind.url,
                isolation_level="AUTOCOMMIT",
                pool_reset_on_return=None,
                ping_after_idle=10,
                connect_timeout=settings.db_connect_timeout,  # the app's own engine's timeouts
                statement_timeout=settings.db_statement_timeout,
            )
            if isinstance(bind, Engine) and bind.dialect.name == "postgresql"
            else None
        )
        self.tokens = LearnerTokenReader(app.config["SECRET_KEY"])

    def serve(self, environ: dict[str, Any], ids: dict[str, int]) -> tuple[str, Headers, Any]:
        saved = self._save(environ, ids["attempt_id"], ids["position"])
        return "200 OK", [], _RESPONSE.dump(saved)

    def _save(self, environ: dict[str, Any], attempt_id: int, position: int) -> SavedResponse:
        raw, mimetype = self.body(environ)  # 400, 413, 415 before anything else, as on every route
        token = bearer_token(environ.get("HTTP_AUTHORIZATION", ""))
        # A session only for what needs one (an API key's lookup, a refusal's explanation, a transactional
        # write): a learner's save in autocommit never opens one.
        session = OnDemand(self.sessions)
        try:
            caller = authorize_attempt(token, attempt_id, self.tokens.read(token), session)
            request = _REQUEST.load(json_body(raw, mimetype))
            if self.autocommit is None:
                saved = self._store(session, caller.tenant_id, attempt_id, position, request, None)
            else:
                with self.autocommit.connect() as connection:
                    saved = self._store(session, caller.tenant_id, attempt_id, position, request, connection)
            session.commit()
            return saved
        except Exception:
            session.rollback()
            raise
        finally:
            session.close()

    @staticmethod
    def _store(
        session: OnDemand, tenant_id: int, attempt_id: int, position: int, request: dict[str, Any], connection: Any
    ) -> SavedResponse:
        return save_response(
            session,
            tenant_id,
            attempt_id,
            position,
            request["response"],
            seq=request["seq"],
            now=utcnow(),
            connection=connection,
        )

    def document(self, api: Api) -> None:
        """The operation in the OpenAPI document, as flask-smorest would write it for a view."""
        components = api.spec.components
        refused = {
            "400": "BAD_REQUEST",
            "401": "UNAUTHORIZED",
            "403": "FORBIDDEN",
            "404": "NOT_FOUND",
            "410": "GONE",
            "413": "REQUEST_ENTITY_TOO_LARGE",
            "415": "UNSUPPORTED_MEDIA_TYPE",
            "422": "UNPROCESSABLE_ENTITY",
            "503": "SERVICE_UNAVAILABLE",
        }
        conflict = {
            "description": "stale-save (a newer seq is stored), attempt-closed or question-locked",
            "content": {PROBLEM_JSON: {"schema": "Problem"}},
            "headers": {
                "X-Current-Seq": {
                    "description": "with stale-save: the seq of the response that is stored",
                    "schema": {"type": "integer"},
                }
            },
        }
        api.spec.path(
            rule=self.rule,  # flask-smorest's plugin writes the path and its parameters from the rule
            operations={
                "put": {
                    "tags": ["attempts"],
                    "security": SECURITY,
                    "description": "Save or change a response (autosave). A lower seq than the stored one is refused "
                    "(409 stale-save, with the stored seq in X-Current-Seq); repeating a save is harmless; after "
                    "submit 409, after the deadline 410. Answers only with the saved question, to keep autosave small.",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": SaveResponseSchema}}},
                    "responses": {
                        "200": {"description": "OK", "content": {"application/json": {"schema": SavedResponseSchema}}},
                        **{status: components.get_ref("response", name) for status, name in refused.items()},
                        "409": conflict,
                    },
                }
            },
        )
