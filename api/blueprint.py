"""The project's Blueprint: flask-smorest's, with the pagination header documented truthfully."""

from __future__ import annotations

from typing import Any

import flask
import flask_smorest
from webargs import core
from webargs.flaskparser import FlaskParser

from api.request_rules import is_json, parse_json_strictly


class JsonParser(FlaskParser):
    """webargs' parser, reading bodies as the save route does (`api.request_rules.parse_json_strictly`).

    Python's reader takes NaN, Infinity and 1e400 (which PostgreSQL's json refuses), raises ValueError for an
    integer too long to convert and RecursionError for a few thousand brackets, none of which webargs expects:
    each was a 500, or a value no database should be handed, for a client's mistake.
    """

    def _raw_load_json(self, req: flask.Request) -> Any:
        if not is_json(req.mimetype):
            return core.missing
        return parse_json_strictly(req.get_data(cache=True))


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JsonParser()

    def _document_pagination_metadata(self, spec: Any, resp_doc: dict[str, Any]) -> None:
        """X-Pagination carries JSON text; flask-smorest documents it as an object, which no client can receive."""
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = {
            "description": "JSON object: total, total_pages, first_page, last_page, page, previous_page, next_page",
            "schema": {"type": "string"},
        }
