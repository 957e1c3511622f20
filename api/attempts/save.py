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

import re
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from flask import Flask
from flask_smorest import Api
from marshmallow import ValidationError
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.http import parse_options_header
from werkzeug.routing import Map, Rule

from api.attempts.schemas import SavedResponseSchema, SaveResponseSchema
from api.auth import SECURITY, authorize_attempt
from api.config import Settings
from api.converters import MAX_ID, IdConverter
from api.db import commit_clock
from api.errors import PROBLEM_JSON, problem_for
from api.request_rules import bearer_token, is_json, parse_json_strictly, read_body
from api.routes import API_PREFIX, SAVE_RESPONSE
from api.tokens import LearnerTokenReader
from assess.delivery import SavedResponse, on_clock_decision, save_response
from itembank.db import make_engine, utcnow

StartResponse = Callable[..., Any]


class WsgiApp(Protocol):
    """A WSGI application, its arguments named as Flask's `wsgi_app` names them (so one can stand in for it)."""

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]: ...


_REQUEST = SaveResponseSchema()
_RESPONSE = SavedResponseSchema()
_ALLOWED = "OPTIONS, PUT"
_INVALID_JSON = {"json": ["Invalid JSON body."]}  # webargs' words for the Flask routes' bodies


def _path_pattern(rule: str) -> re.Pattern[str]:
    """The rule's path as a regular expression, each `<id:name>` as the id converter's own pattern."""
    return re.compile(re.sub(r"<id:(\w+)>", lambda part: f"(?P<{part[1]}>{IdConverter.regex})", rule))


class _OnDemand:
    """A session opened the first time it is asked for; committing, rolling back or closing none is free.

    As the Flask routes' session does, it commits what the clock decides at once (`api.db.commit_clock`)."""

    def __init__(self, factory: sessionmaker) -> None:
        self.factory = factory
        self.session: Session | None = None

    def __call__(self) -> Session:
        if self.session is None:
            self.session = self.factory()
            on_clock_decision(self.session, commit_clock)
        return self.session

    def commit(self) -> None:
        if self.session is not None and self.session.in_transaction():
            self.session.commit()

    def rollback(self) -> None:
        if self.session is not None:
            self.session.rollback()

    def close(self) -> None:
        if self.session is not None:
            self.session.close()


class SaveEndpoint:
    """The save route as a WSGI application; `in_front_of` routes it ahead of the Flask app."""

    def __init__(self, app: Flask, sessions: sessionmaker) -> None:
        self.sessions = sessions
        self.rule = Rule(API_PREFIX + SAVE_RESPONSE, methods=["PUT"], endpoint="save", defaults={})
        Map([self.rule], converters={"id": IdConverter})  # binds the rule, for its documented parameters
        self.path = _path_pattern(API_PREFIX + SAVE_RESPONSE)
        self.prefix, self.suffix = API_PREFIX + "/attempts/", "/response"
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
        self.max_body = int(app.config["MAX_CONTENT_LENGTH"])
        self.dumps = app.json.dumps
        # As `app.json.response` writes Flask's bodies, so every endpoint's JSON looks alike.
        compact = getattr(app.json, "compact", None)
        indented = (compact is None and app.debug) or compact is False
        self.dump_args: dict[str, Any] = {"indent": 2} if indented else {"separators": (",", ":")}

    def in_front_of(self, flask_app: WsgiApp) -> WsgiApp:
        def dispatch(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
            path = environ.get("PATH_INFO", "")
            if path.startswith(self.prefix) and path.endswith(self.suffix):
                return self(environ, start_response)
            return flask_app(environ, start_response)

        return dispatch

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            matched = self._route(environ)
            if matched is None:
                status, headers, body = "200 OK", [("Allow", _ALLOWED), ("Content-Type", "text/html")], b""
            else:
                saved = self._save(environ, *matched)
                body = (self.dumps(_RESPONSE.dump(saved), **self.dump_args) + "\n").encode()
                status, headers = "200 OK", [("Content-Type", "application/json")]
        except Exception as exc:
            problem = problem_for(exc)
            document = problem.body()
            body = self.dumps(document).encode()
            status = f"{problem.status} {document['title']}"
            headers = [("Content-Type", PROBLEM_JSON), *problem.headers.items()]
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def _route(self, environ: dict[str, Any]) -> tuple[int, int] | None:
        """The attempt id and position; None for OPTIONS; 404 or 405 (raised) as the Flask routes answer."""
        matched = self.path.fullmatch(environ.get("PATH_INFO", ""))
        ids = None if matched is None else (int(matched["attempt_id"]), int(matched["position"]))
        if ids is None or not all(0 < value <= MAX_ID for value in ids):
            raise NotFound()
        method = environ.get("REQUEST_METHOD", "GET")
        if method == "OPTIONS":
            return None
        if method != "PUT":
            raise MethodNotAllowed(valid_methods=["PUT"])
        return ids

    def _save(self, environ: dict[str, Any], attempt_id: int, position: int) -> SavedResponse:
        mimetype = parse_options_header(environ.get("CONTENT_TYPE", ""))[0].lower()
        raw = read_body(environ, mimetype, self.max_body)  # 400, 413, 415 before anything else, as on every route
        token = bearer_token(environ.get("HTTP_AUTHORIZATION", ""))
        # A session only for what needs one (an API key's lookup, a refusal's explanation, a transactional
        # write): a learner's save in autocommit never opens one.
        session = _OnDemand(self.sessions)
        try:
            caller = authorize_attempt(token, attempt_id, self.tokens.read(token), session)
            request = _REQUEST.load(self._json(raw, mimetype))
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
        session: _OnDemand, tenant_id: int, attempt_id: int, position: int, request: dict[str, Any], connection: Any
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

    @staticmethod
    def _json(raw: bytes, mimetype: str) -> Any:
        """Read as the Flask routes read their bodies (`parse_json_strictly`): an empty or non-JSON body is an
        empty object, anything that is not JSON a 422 in webargs' words."""
        if not raw or not is_json(mimetype):
            return {}
        try:
            return parse_json_strictly(raw)
        except ValueError:
            raise ValidationError(_INVALID_JSON) from None

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
