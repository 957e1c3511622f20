"""One database session per request, committed once after the view succeeded, rolled back otherwise.

Committing before the response leaves means every 2xx the client sees is already durable; services below
only flush, so a failure anywhere leaves nothing half-written.

The server's clock is the one exception: an attempt it closes past its deadline is committed at once
(`commit_clock`), before the request's own work, so the request's answer cannot undo it. A save after the
deadline answers 410 and the attempt stays scored; a start refused for want of attempts leaves the expired
last attempt scored, in the grade.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g
from sqlalchemy.orm import Session, sessionmaker

from api import errors
from assess.delivery import on_clock_decision

_SESSIONMAKER = "assess.sessionmaker"


def init_app(app: Flask, factory: sessionmaker) -> None:
    app.extensions[_SESSIONMAKER] = factory
    app.after_request(_commit_or_rollback)
    app.teardown_request(_close)


def db_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions[_SESSIONMAKER]()
        on_clock_decision(g.db_session, commit_clock)
    return g.db_session


def commit_clock(session: Session) -> None:
    """Commit what the clock just decided. A service closes an overdue attempt before it writes anything of
    the request's own (`assess.delivery.on_clock_decision`), so this commits the close and nothing else; the
    request goes on in a new transaction, committed or rolled back as its answer says."""
    session.commit()


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
