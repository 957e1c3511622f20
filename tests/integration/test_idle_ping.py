"""A database connection that dies is replaced before use when it sat idle, and answered with a retryable 503
(never a 500) when it dies under a request."""

import pytest
from sqlalchemy import text

from api.app import create_app
from api.config import Settings
from itembank.db import make_engine, make_sessionmaker

pytestmark = pytest.mark.parametrize("database", ["postgresql"], indirect=True)  # only a server can be killed


def _backend_pid(engine):
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _kill(database, pid):
    with database.engine.connect() as killer:
        killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


@pytest.mark.parametrize("ping_after_idle", [0, None])
def test_a_connection_killed_while_idle(database, ping_after_idle):
    engine = make_engine(database.url, ping_after_idle=ping_after_idle, pool_size=1, max_overflow=0)
    try:
        victim = _backend_pid(engine)
        _kill(database, victim)
        if ping_after_idle is None:  # the control: without the ping the dead connection reaches the caller
            with pytest.raises(Exception, match=r"terminat|closed|server"):
                _backend_pid(engine)
        else:
            assert _backend_pid(engine) != victim
    finally:
        engine.dispose()


def test_a_connection_lost_under_a_request_is_a_retryable_503(database):
    engine = make_engine(database.url, pool_size=1, max_overflow=0)
    try:
        settings = Settings(database_url=database.url, environment="testing", secret_key="test-secret")
        client = create_app(settings, session_factory=make_sessionmaker(engine)).test_client()
        assert client.get("/api/v1/health").status_code == 200
        _kill(database, _backend_pid(engine))
        response = client.get("/api/v1/health")
        assert response.status_code == 503 and response.mimetype == "application/problem+json"
        assert response.json["type"] == "/problems/unavailable" and response.headers["Retry-After"] == "1"
        assert client.get("/api/v1/health").status_code == 200  # the pool replaced the connection
    finally:
        engine.dispose()
