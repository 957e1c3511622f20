"""The project's Blueprint: flask-smorest's, with the pagination header documented truthfully."""

from __future__ import annotations

from typing import Any

import flask_smorest


class Blueprint(flask_smorest.Blueprint):
    def _document_pagination_metadata(self, spec: Any, resp_doc: dict[str, Any]) -> None:
        """X-Pagination carries JSON text; flask-smorest documents it as an object, which no client can receive."""
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = {
            "description": "JSON object: total, total_pages, first_page, last_page, page, previous_page, next_page",
            "schema": {"type": "string"},
        }
