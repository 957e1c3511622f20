"""Production entry point: `gunicorn 'api.wsgi:app'` with settings from the environment."""

from api.app import create_app

app = create_app()
