"""The project's Blueprint: flask-smorest's, with the pagination header documented truthfully."""

from __future__ import annotations

import json
from typing import Any

import flask
import flask_smorest
from webargs.flaskparser import FlaskParser


class JsonParser(FlaskParser):
    """webargs' parser, with a body nested deeper than Python's JSON reader can go reported as invalid JSON.

    Such a body fits in the size limit (a few thousand brackets) and made `json.loads` raise RecursionError,
    which nothing expects: a 500 for a client's mistake.
    """

    def _raw_load_json(self, req: flask.Request) -> Any:
        try:
            return super()._raw_load_json(req)
        except RecursionError:
            raise json.JSONDecodeError("the JSON body is nested too deeply", "(body)", 0) from None


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JsonParser()

    def _document_pagination_metadata(self, spec: Any, resp_doc: dict[str, Any]) -> None:
        """X-Pagination carries JSON text; flask-smorest documents it as an object, which no client can receive."""
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = {
            "description": "JSON object: total, total_pages, first_page, last_page, page, previous_page, next_page",
            "schema": {"type": "string"},
        }
