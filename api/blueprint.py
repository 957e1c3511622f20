"""The project's Blueprint: flask-smorest's, with the pagination header documented truthfully, RFC 8288 page
links, and every problem an operation can answer declared in the OpenAPI document (so a client, and the
fuzzer, know every status to expect: no catch-all `default` response)."""

from __future__ import annotations

import http
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

import flask
import flask_smorest
from webargs import core
from webargs.flaskparser import FlaskParser

from api.request_rules import is_json, parse_json_strictly

F = TypeVar("F", bound=Callable[..., Any])


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.append(self._prepare_problems_doc)

    @staticmethod
    def problems(*statuses: int) -> Callable[[F], F]:
        """Declare the problems this operation answers besides those every operation of its kind can give
        (`_prepare_problems_doc`): 404 for an id in its path, 409 or 410 for its refusals."""

        def decorator(function: F) -> F:
            function._apidoc = getattr(function, "_apidoc", {})  # type: ignore[attr-defined]
            function._apidoc.setdefault("problems", set()).update(statuses)  # type: ignore[attr-defined]
            return function

        return decorator

    @staticmethod
    def _prepare_problems_doc(
        doc: dict[str, Any], doc_info: dict[str, Any], *, spec: Any, method: str, **kwargs: Any
    ) -> dict[str, Any]:
        """Every operation: 400 (a Content-Length that is no number), 413 (any request's body is read up to the
        limit, GETs' too) and 503 (the database is unavailable). Authenticated ones: 401 and 403. Ones that take
        arguments: 422. POST, PUT and PATCH: 415 (a body that is not JSON). Plus the view's own (`problems`)."""
        statuses = set(doc_info.get("problems", ())) | {400, 413, 503}
        if method in ("post", "put", "patch"):
            statuses.add(415)
        if doc_info.get("manual_doc", {}).get("security"):
            statuses |= {401, 403}
        arguments = doc_info.get("arguments", {}).get("parameters", [])
        if arguments:
            statuses.add(422)
        responses = doc.setdefault("responses", {})
        for status in sorted(statuses):
            responses.setdefault(str(status), spec.components.get_ref("response", http.HTTPStatus(status).name))
        return doc

    def _set_pagination_metadata(self, page_params: Any, result: Any, headers: Any) -> tuple[Any, Any]:
        """X-Pagination as flask-smorest writes it, and the same pages as RFC 8288 links a client can follow."""
        result, headers = super()._set_pagination_metadata(page_params, result, headers)
        pages = self._make_pagination_metadata(page_params.page, page_params.page_size, page_params.item_count)
        links = [
            f'<{_page_url(pages[key], page_params.page_size)}>; rel="{rel}"'
            for rel, key in (
                ("first", "first_page"),
                ("prev", "previous_page"),
                ("next", "next_page"),
                ("last", "last_page"),
            )
            if key in pages
        ]
        if links:
            headers["Link"] = ", ".join(links)
        return result, headers

    def _document_pagination_metadata(self, spec: Any, resp_doc: dict[str, Any]) -> None:
        """X-Pagination carries JSON text; flask-smorest documents it as an object, which no client can receive."""
        headers = resp_doc.setdefault("headers", {})
        headers[self.PAGINATION_HEADER_NAME] = {
            "description": "JSON object: total, total_pages, first_page, last_page, page, previous_page, next_page",
            "schema": {"type": "string"},
        }
        headers["Link"] = {
            "description": 'RFC 8288 links to the first, prev, next and last pages (`<url>; rel="next"`), '
            "each the request's own URL with its page and page_size",
            "schema": {"type": "string"},
        }


def _page_url(page: int, page_size: int) -> str:
    """This request's URL (path and query, relative to the host) with `page` and `page_size` replaced."""
    arguments = [(key, value) for key, value in flask.request.args.items(multi=True) if key not in PAGE_KEYS]
    return (
        flask.request.script_root
        + flask.request.path
        + "?"
        + urlencode([*arguments, ("page", page), ("page_size", page_size)])
    )


PAGE_KEYS = frozenset({"page", "page_size"})
