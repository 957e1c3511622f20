"""The schema's migrations, shipped inside the package so an installed `assess` can migrate without a checkout.

`alembic_config()` builds alembic's configuration in code, with the scripts found as the package resource
`api:migrations` (as warehouse does), so `assess db upgrade` reads no alembic.ini. The root alembic.ini is for
developers' own `alembic` command (`alembic revision --autogenerate -m ...`) and points at this same folder;
tests/migrations checks that the two agree.

File names carry the date and time, `20261123_1554_<rev>_<slug>.py`, so sorting them gives the chain order.
The URL comes from ASSESS_DATABASE_URL (see env.py), never from a configuration file.
"""

from __future__ import annotations

from alembic.config import Config
from sqlalchemy.engine import Connection

SCRIPT_LOCATION = "api:migrations"
FILE_TEMPLATE = "%(year)d%(month).2d%(day).2d_%(hour).2d%(minute).2d_%(rev)s_%(slug)s"
TRUNCATE_SLUG_LENGTH = 40


def alembic_config(connection: Connection | None = None) -> Config:
    """The configuration `assess db` and the tests use; with `connection`, env.py migrates inside it."""
    config = Config()
    # set_main_option interpolates like an ini file, so a literal % is written %%.
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("file_template", FILE_TEMPLATE.replace("%", "%%"))
    config.set_main_option("truncate_slug_length", str(TRUNCATE_SLUG_LENGTH))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config
