"""The REST API: app factory, auth, problem+json errors and one blueprint per resource. Nothing imports api."""

from api.app import create_app

__all__ = ["create_app"]
