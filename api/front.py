"""Routes served below Flask, in front of it: the hot paths of an exam (the save, the start), one request each.

Flask's per-request machinery (routing, contexts, webargs, flask-smorest's response wrapper) costs a request
that does little else a large share of its CPU (issue 12). An endpoint here is its route's only
implementation, written with the rules the Flask app uses (`api.routes`, `api.request_rules`, `api.auth`,
the same schemas, services and problem mapping `api.errors.problem_for`); this module holds what they share:
the dispatch ahead of the Flask app, the session opened on demand, the body read as JSON, the answer and the
problem written as Flask writes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from flask import Flask
from marshmallow import ValidationError
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.http import parse_options_header
from werkzeug.routing import Map, Rule

from api.converters import MAX_ID, IdConverter
from api.db import commit_clock
from api.errors import PROBLEM_JSON, problem_for
from api.request_rules import is_json, parse_json_strictly, read_body
from assess.delivery import on_clock_decision

StartResponse = Callable[..., Any]
Headers = list[tuple[str, str]]
_INVALID_JSON = {"json": ["Invalid JSON body."]}  # webargs' words for the Flask routes' bodies


class WsgiApp(Protocol):
    """A WSGI application, its arguments named as Flask's `wsgi_app` names them (so one can stand in for it)."""

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]: ...


def path_pattern(rule: str) -> re.Pattern[str]:
    """The rule's path as a regular expression, each `<id:name>` as the id converter's own pattern."""
    return re.compile(re.sub(r"<id:(\w+)>", lambda part: f"(?P<{part[1]}>{IdConverter.regex})", rule))


class OnDemand:
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


class FrontEndpoint:
    """One route as a WSGI application: `claims` says cheaply whether a path may be its, `route` matches it
    (404, 405 and OPTIONS as the Flask routes answer them), `serve` does the work and returns the answer;
    any exception is answered as its problem."""

    methods: tuple[str, ...] = ()

    def __init__(self, app: Flask, sessions: sessionmaker, rule: str, *, name: str, prefix: str, suffix: str) -> None:
        """`rule`: the route's path as the Flask routes write it (`<id:attempt_id>`); `prefix` and `suffix`: what
        every path of it starts and ends with, the cheap test of `claims`; `name`: the rule's endpoint name."""
        self.sessions = sessions
        self.path = path_pattern(rule)
        self.rule = Rule(rule, methods=list(self.methods), endpoint=name, defaults={})
        Map([self.rule], converters={"id": IdConverter})  # binds the rule, for its documented parameters
        self.prefix, self.suffix = prefix, suffix
        self.max_body = int(app.config["MAX_CONTENT_LENGTH"])
        self.dumps = app.json.dumps
        # As `app.json.response` writes Flask's bodies, so every endpoint's JSON looks alike.
        compact = getattr(app.json, "compact", None)
        indented = (compact is None and app.debug) or compact is False
        self.dump_args: dict[str, Any] = {"indent": 2} if indented else {"separators": (",", ":")}
        self.allowed = ", ".join(sorted({"OPTIONS", *self.methods}))

    def claims(self, path: str) -> bool:
        return path.startswith(self.prefix) and path.endswith(self.suffix)

    def serve(self, environ: dict[str, Any], ids: dict[str, int]) -> tuple[str, Headers, Any]:
        """The status, headers and the JSON document of a success; an exception for anything else."""
        raise NotImplementedError

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            ids = self.route(environ)
            if ids is None:
                status, headers, body = "200 OK", [("Allow", self.allowed), ("Content-Type", "text/html")], b""
            else:
                status, headers, document = self.serve(environ, ids)
                body = (self.dumps(document, **self.dump_args) + "\n").encode()
                headers = [("Content-Type", "application/json"), *headers]
        except Exception as exc:
            problem = problem_for(exc)
            found = problem.body()
            body = self.dumps(found).encode()
            status = f"{problem.status} {found['title']}"
            headers = [("Content-Type", PROBLEM_JSON), *problem.headers.items()]
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def route(self, environ: dict[str, Any]) -> dict[str, int] | None:
        """The path's ids; None for OPTIONS; 404 or 405 (raised) as the Flask routes answer."""
        matched = self.path.fullmatch(environ.get("PATH_INFO", ""))
        ids = {} if matched is None else {name: int(value) for name, value in matched.groupdict().items()}
        if matched is None or not all(0 < value <= MAX_ID for value in ids.values()):
            raise NotFound()
        method = environ.get("REQUEST_METHOD", "GET")
        if method == "OPTIONS":
            return None
        if method not in self.methods:
            raise MethodNotAllowed(valid_methods=list(self.methods))
        return ids

    def body(self, environ: dict[str, Any]) -> tuple[bytes, str]:
        """The body and its media type, read by the rule every route reads by (400, 413, 415 before anything)."""
        mimetype = parse_options_header(environ.get("CONTENT_TYPE", ""))[0].lower()
        return read_body(environ, mimetype, self.max_body), mimetype


def json_body(raw: bytes, mimetype: str) -> Any:
    """Read as the Flask routes read their bodies (`parse_json_strictly`): an empty or non-JSON body is an empty
    object, anything that is not JSON a 422 in webargs' words."""
    if not raw or not is_json(mimetype):
        return {}
    try:
        return parse_json_strictly(raw)
    except ValueError:
        raise ValidationError(_INVALID_JSON) from None


def in_front_of(flask_app: WsgiApp, endpoints: Sequence[FrontEndpoint]) -> WsgiApp:
    """`flask_app`, with each request whose path an endpoint claims served by that endpoint instead."""

    def dispatch(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        for endpoint in endpoints:
            if endpoint.claims(path):
                return endpoint(environ, start_response)
        return flask_app(environ, start_response)

    return dispatch
