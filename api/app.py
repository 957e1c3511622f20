"""The application factory: settings in, a configured Flask app out; nothing global, so tests build their own."""

from __future__ import annotations

import http
import io
from pathlib import Path
from typing import IO, Any

import swagger_ui_bundle
from flask import Flask, Request, Response, current_app, request, send_from_directory
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from sqlalchemy.orm import sessionmaker
from werkzeug.utils import cached_property

from api import db, errors
from api.accommodations import blp as accommodations_blp
from api.analytics import blp as analytics_blp
from api.assessments import blp as assessments_blp
from api.attempts import blp as attempts_blp
from api.attempts.save import SaveEndpoint
from api.attempts.start import StartEndpoint
from api.attempts.submit import SubmitEndpoint
from api.config import Settings
from api.converters import IdConverter, id_schema
from api.front import in_front_of
from api.health import blp as health_blp
from api.interchange import blp as interchange_blp
from api.interchange.views import IMPORTS_PATH
from api.items import blp as items_blp
from api.learner import blp as learner_blp
from api.pools import blp as pools_blp
from api.regrades import blp as regrades_blp
from api.request_rules import is_form, is_json, is_upload, read_body
from api.results import blp as results_blp
from api.routes import API_PREFIX
from api.users import blp as users_blp
from api.workspace import IMPORTS_PAGE_PATH, WORKSPACE_PREFIX
from api.workspace import register as register_workspace
from itembank.db import make_engine, make_sessionmaker

DOCS_ASSETS = f"{API_PREFIX}/docs/assets/"
UPLOAD_PATHS = frozenset({IMPORTS_PATH, IMPORTS_PAGE_PATH})  # multipart, held to ASSESS_MAX_IMPORT_BYTES


RETRY_AFTER = {"description": "seconds to wait before retrying", "schema": {"type": "integer"}}


class AssessApi(Api):
    """flask-smorest's Api with RFC 9457 problems as the documented error body and media type."""

    # flask-smorest documents ERROR_SCHEMA as the override point for any Schema, but its source is unannotated,
    # so mypy infers the attribute's type from the default it assigns: type[ErrorSchema].
    ERROR_SCHEMA = errors.ProblemSchema  # type: ignore[assignment]
    # No catch-all: each operation declares the problems it can answer (`api.blueprint`). flask-smorest reads
    # None as "none" though its unannotated default makes mypy infer `str`.
    DEFAULT_ERROR_RESPONSE_NAME = None  # type: ignore[assignment]

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
                prepare_response(response, self.spec, errors.PROBLEM_JSON)
            if status == http.HTTPStatus.SERVICE_UNAVAILABLE:
                response["headers"] = {"Retry-After": RETRY_AFTER}
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, errors.PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


class AssessRequest(Request):
    """Flask's request, its body read by the rule the save route reads its body by (`api.request_rules.read_body`).

    werkzeug's own stream stops reading a body of unknown length (chunked) at the size limit and hands on what
    it read as if it were the whole body, which then fails to parse: a 422 for what is a 413.
    """

    @cached_property
    def stream(self) -> IO[bytes]:
        if self.path in UPLOAD_PATHS and self.method == "POST":
            accepted = is_upload
        else:
            accepted = is_form if self.path.startswith(WORKSPACE_PREFIX) else is_json
        return io.BytesIO(read_body(self.environ, self.mimetype, self._body_limit, accepted))

    @property  # type: ignore[misc]  # werkzeug's is settable; ours is the route's rule, never set
    def max_content_length(self) -> int | None:  # type: ignore[override]
        """The limit werkzeug's form parser holds a body to: ours, so an upload's limit is the route's."""
        return self._body_limit

    @property
    def _body_limit(self) -> int:
        if self.path in UPLOAD_PATHS:
            return int(current_app.config["ASSESS_SETTINGS"].max_import_bytes)
        return int(current_app.config["MAX_CONTENT_LENGTH"])


def create_app(settings: Settings | None = None, *, session_factory: sessionmaker | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.request_class = AssessRequest
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        ASSESS_SETTINGS=settings,
        API_TITLE="Assess",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL=DOCS_ASSETS,
        API_SPEC_OPTIONS={
            "info": {"description": "Item bank and assessment delivery for LMS integrations."},
            "components": {"securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer"}}},
        },
    )
    if session_factory is None:
        engine = make_engine(
            settings.database_url,
            ping_after_idle=10,
            connect_timeout=settings.db_connect_timeout,
            statement_timeout=settings.db_statement_timeout,
            queue_sqlite_writers=True,
        )
        session_factory = make_sessionmaker(engine)
    db.init_app(app, session_factory)

    app.url_map.converters["id"] = IdConverter
    api = AssessApi(app)
    api.register_converter(IdConverter, id_schema)
    errors.register(app)
    api.register_blueprint(health_blp)
    api.register_blueprint(assessments_blp)
    api.register_blueprint(pools_blp)
    api.register_blueprint(attempts_blp)
    api.register_blueprint(regrades_blp)
    api.register_blueprint(results_blp)
    api.register_blueprint(accommodations_blp)
    api.register_blueprint(analytics_blp)
    api.register_blueprint(items_blp)
    api.register_blueprint(interchange_blp)
    api.register_blueprint(users_blp)
    register_workspace(app)
    app.register_blueprint(learner_blp)  # pages, not API operations: outside the OpenAPI document
    app.before_request(_read_body)
    _serve_docs_assets(app)
    save, start = SaveEndpoint(app, session_factory), StartEndpoint(app, session_factory)
    submit = SubmitEndpoint(app, session_factory, save.tokens)  # one reader: a learner's token verified once
    for endpoint in (save, start, submit):
        endpoint.document(api)
    app.extensions.update({"assess.save": save, "assess.start": start, "assess.submit": submit})
    app.wsgi_app = in_front_of(app.wsgi_app, (save, start, submit))  # type: ignore[method-assign]
    return app


def _read_body() -> None:
    """Every body is read (400, 413, 415 refused) before any auth or view runs, as on the save route."""
    request.get_data(cache=True)


def _serve_docs_assets(app: Flask) -> None:
    """Swagger UI's files ship in a Python package, so the interactive docs work offline, with no CDN."""
    assets = Path(swagger_ui_bundle.swagger_ui_path)

    @app.get(f"{DOCS_ASSETS}<path:filename>")
    def docs_asset(filename: str) -> Response:
        return send_from_directory(assets, filename)
