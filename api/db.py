"""One database session per request, committed once after the view succeeded, rolled back otherwise.

Committing before the response leaves means every 2xx the client sees is already durable; services below
only flush, so a failure anywhere leaves nothing half-written.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g
from sqlalchemy.orm import Session, sessionmaker

from api import errors

_SESSIONMAKER = "assess.sessionmaker"


def init_app(app: Flask, factory: sessionmaker) -> None:
    app.extensions[_SESSIONMAKER] = factory
    app.after_request(_commit_or_rollback)
    app.teardown_request(_close)


def db_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions[_SESSIONMAKER]()
    return g.db_session


def _commit_or_rollback(response: Response) -> Response:
    session: Session | None = g.get("db_session")
    if session is not None:
        if response.status_code < 400:
            try:
                session.commit()
            except Exception as exc:
                # Flask would answer an error raised here with a 500 and a traceback, whatever it was: a
                # database lost at the commit is answered as anywhere else (503, retry).
                return errors.flask_response(errors.problem_for(exc))
        else:
            session.rollback()
    return response


def _close(exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        if exc is not None:
            session.rollback()
        session.close()
