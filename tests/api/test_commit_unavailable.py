"""A database lost at the request's commit (after the view succeeded) is the same 503 as anywhere else, not
Flask's 500 for an error raised while finishing a request."""

from __future__ import annotations

import logging

import psycopg
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session


def test_a_commit_that_loses_the_database_is_a_503(client, monkeypatch, caplog):
    def lost(self):
        raise OperationalError("COMMIT", {}, psycopg.OperationalError("server closed the connection unexpectedly"))

    monkeypatch.setattr(Session, "commit", lost)
    caplog.set_level(logging.WARNING)
    answer = client.get("/api/v1/health")
    assert answer.status_code == 503 and answer.mimetype == "application/problem+json"
    assert answer.json["type"] == "/problems/unavailable" and answer.headers["Retry-After"] == "1"
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert caplog.records[0].exc_info is None
