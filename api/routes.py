"""Paths every part of the API agrees on: the Flask blueprints and the save served below Flask read them here."""

API_PREFIX = "/api/v1"
SAVE_RESPONSE = "/attempts/<id:attempt_id>/questions/<id:position>/response"
"""The learner's autosave, relative to API_PREFIX (see api/attempts/save.py)."""
