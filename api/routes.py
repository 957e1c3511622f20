"""Paths every part of the API agrees on: the Flask blueprints and the save served below Flask read them here."""

API_PREFIX = "/api/v1"
SAVE_RESPONSE = "/attempts/<id:attempt_id>/questions/<id:position>/response"
"""The learner's autosave, relative to API_PREFIX (see api/attempts/save.py)."""
START_ATTEMPT = "/assessments/<id:assessment_id>/attempts"
"""An integration starts (or resumes) a learner's attempt, relative to API_PREFIX (see api/attempts/start.py)."""
ATTEMPT = "/attempts/<id:attempt_id>"
"""One attempt, relative to API_PREFIX: where a start's Location points."""
