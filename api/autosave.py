"""A learner's autosave, answered below Flask: the one call made on every answer a learner gives or changes.

A save is the least work an acknowledged write can be (one guarded UPDATE and its commit), so Flask's
per-request machinery (routing, contexts, webargs, flask-smorest's response wrapper, the ORM session's
bookkeeping) would cost more than the save itself. This WSGI middleware takes only the plain, successful case
off the full path, with the same rules: the same learner token check, the same request schema, the same
service in its own transaction committed before the acknowledgement, the same response schema.

Everything else goes to the Flask app untouched, and the Flask app alone says what is wrong: another
caller than a learner, another content type, an oversized or malformed body, a field that does not validate,
a stale, late or closed save, any error at all. The fast path never answers anything but 200, and it has
rolled its transaction back before it hands a request on, so the full path starts from the same state.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from flask import Flask
from marshmallow import ValidationError
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker
from webargs.core import parse_json

from api.attempts.schemas import SavedResponseSchema, SaveResponseSchema
from api.converters import MAX_ID
from api.tokens import LearnerTokenReader
from assess.delivery import DriverChoiceSave, SavedResponse, store_choice, store_response
from assess.errors import DeliveryError
from itembank.db import make_engine, utcnow
from itembank.errors import BankError

log = logging.getLogger(__name__)
StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

PATH = re.compile(r"/api/v1/attempts/([1-9][0-9]{0,9})/questions/([1-9][0-9]{0,9})/response")
_REQUEST = SaveResponseSchema()
_RESPONSE = SavedResponseSchema()


class AutosaveMiddleware:
    """Wraps `app.wsgi_app`; `served` counts the saves answered here (tests and the benchmark read it)."""

    def __init__(self, app: Flask, sessions: sessionmaker) -> None:
        self.full_path: WsgiApp = app.wsgi_app
        self.sessions = sessions
        bind = sessions.kw.get("bind")
        # PostgreSQL commits a lone statement by itself: a pool of its own (the same connect arguments), its
        # connections opened in autocommit and never switched back and forth. A test's connection (whose
        # transaction the test rolls back) and SQLite (whose BEGIN the engine takes over) stay transactional.
        self.autocommit: Engine | None = (
            make_engine(bind.url, pool=bind.pool.recreate(), isolation_level="AUTOCOMMIT")  # listeners come along
            if isinstance(bind, Engine) and bind.dialect.name == "postgresql"
            else None
        )
        self.choice_save = DriverChoiceSave(self.autocommit.dialect) if self.autocommit is not None else None
        self.tokens = LearnerTokenReader(app.config["SECRET_KEY"])
        self.max_body = int(app.config["MAX_CONTENT_LENGTH"])
        self.dumps = app.json.dumps
        # As `app.json.response` writes the full path's bodies, so both paths answer byte for byte alike.
        compact = getattr(app.json, "compact", None)
        indented = (compact is None and app.debug) or compact is False
        self.dump_args: dict[str, Any] = {"indent": 2} if indented else {"separators": (",", ":")}
        self.served = 0

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        body = self._save(environ)
        if body is None:
            return self.full_path(environ, start_response)
        self.served += 1
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    def _save(self, environ: dict[str, Any]) -> bytes | None:
        """The response body of a save stored here, or None to leave the request to the full path."""
        if environ.get("REQUEST_METHOD") != "PUT":
            return None
        path = PATH.fullmatch(environ.get("PATH_INFO", ""))
        if path is None:
            return None
        attempt_id, position = int(path[1]), int(path[2])
        scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != "bearer" or attempt_id > MAX_ID or position > MAX_ID:
            return None
        claim = self.tokens.read(token.strip())
        if claim is None or claim.attempt_id != attempt_id:
            return None
        raw = self._body(environ)
        if raw is None:
            return None
        try:  # webargs' own JSON reading (strict UTF-8, no BOM), so both paths accept the same bodies
            body = _REQUEST.load(parse_json(raw))
        except (ValueError, ValidationError, TypeError, RecursionError):
            return None
        try:
            saved = self._store(claim.tenant_id, attempt_id, position, body["response"], body["seq"])
        except (DeliveryError, BankError):  # a refusal: the full path explains it
            return None
        except Exception:  # the full path redoes the save (a repeat is acknowledged) or reports what failed
            log.warning("autosave of attempt %s question %s left to the full path", attempt_id, position, exc_info=True)
            return None
        if saved is None:  # refused (stale, late, closed, not an option here ...): the full path says why
            return None
        return (self.dumps(_RESPONSE.dump(saved), **self.dump_args) + "\n").encode()

    def _store(
        self, tenant_id: int, attempt_id: int, position: int, response: dict[str, Any], seq: int
    ) -> SavedResponse | None:
        """A one-option answer is checked inside its UPDATE, so on PostgreSQL it commits by itself in one round
        trip; any other answer is written, checked against the question, and committed in one transaction."""
        option = response.get("option") if len(response) == 1 else None
        write: Callable[..., SavedResponse | None]
        if type(option) is int and 0 < option <= MAX_ID:  # larger ones: no such option, said by the check
            if self.autocommit is not None:
                return self._store_choice_autocommit(tenant_id, attempt_id, position, option, seq)
            write = partial(store_choice, tenant_id=tenant_id, option_id=option)
        else:
            write = partial(store_response, tenant_id=tenant_id, response=response)
        session = self.sessions()
        try:
            saved = write(session.connection(), attempt_id=attempt_id, position=position, seq=seq, now=utcnow())
            if saved is None:
                session.rollback()
            else:
                session.commit()
            return saved
        except Exception:
            session.rollback()
            raise
        finally:
            session.close()

    def _store_choice_autocommit(
        self, tenant_id: int, attempt_id: int, position: int, option: int, seq: int
    ) -> SavedResponse | None:
        assert self.autocommit is not None and self.choice_save is not None
        connection = self.autocommit.raw_connection()
        try:
            return self.choice_save(connection, tenant_id, attempt_id, position, option, seq=seq, now=utcnow())
        except Exception:
            connection.invalidate()  # a failed statement may mean a broken connection: the pool opens another
            raise
        finally:
            connection.close()  # back to the pool (a no-op after invalidate)

    def _body(self, environ: dict[str, Any]) -> bytes | None:
        """The JSON body, read once and put back so the full path can read it again if it gets the request."""
        media_type = environ.get("CONTENT_TYPE", "").partition(";")[0].strip().lower()
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            return None
        if media_type != "application/json" or not 0 < length <= self.max_body:
            return None
        raw = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(raw)
        return raw
