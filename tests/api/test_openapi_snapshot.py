"""The OpenAPI document is a contract with integrations: it changes on purpose, in a reviewed diff, never by accident.

The document served at /api/v1/openapi.json is compared with the committed snapshot beside this file. After a
deliberate change to the API, regenerate it and commit the diff with the change:

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/api/test_openapi_snapshot.py
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from api.app import create_app
from api.config import Settings

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")
REGENERATE = "UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/api/test_openapi_snapshot.py"


def _served_document() -> str:
    settings = Settings(database_url="unused://", environment="testing", secret_key="test-secret")
    app = create_app(settings, session_factory=sessionmaker())  # the document needs no database
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.dumps(response.get_json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_openapi_document_matches_its_snapshot():
    served = _served_document()
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(served, encoding="utf-8")
    committed = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    if served != committed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                served.splitlines(keepends=True),
                fromfile=f"{SNAPSHOT.name} (committed)",
                tofile="/api/v1/openapi.json (served)",
            )
        )
        raise AssertionError(
            f"The OpenAPI document differs from {SNAPSHOT.name}. If the change is intended, regenerate the "
            f"snapshot and commit it with the change:\n\n    {REGENERATE}\n\n{diff}"
        )
