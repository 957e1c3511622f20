"""`assess users` and the development server's demo instructor, against a real database URL."""

import os

from click.testing import CliRunner

from api.cli import DEV_INSTRUCTOR, _development_instructor, main
from itembank.db import make_engine, make_sessionmaker, utcnow
from itembank.users import SignInRefusedError, sign_in
from tests.cli.test_cli import cli  # noqa: F401  (the fixture: a migrated database per backend)


def _signs_in(tenant: str, email: str, password: str) -> bool:
    engine = make_engine(os.environ["ASSESS_DATABASE_URL"])
    session = make_sessionmaker(engine)()
    try:
        sign_in(session, tenant, email, password, now=utcnow())
        return True
    except SignInRefusedError:
        return False
    finally:
        session.rollback()
        session.close()
        engine.dispose()


def test_users_create_reads_the_password_from_stdin_and_lists_the_account(cli):  # noqa: F811
    cli("tenants", "create", "school")
    made = CliRunner().invoke(
        main,
        ["users", "create", "--tenant", "school", "--email", "Ada@Example.org", "--role", "author", "--password-stdin"],
        input="a long enough password\n",
    )
    assert made.exit_code == 0, made.output
    assert "ada@example.org (author) in school" in made.output
    assert "ada@example.org" in cli("users", "list", "--tenant", "school").output
    assert _signs_in("school", "ADA@example.org", "a long enough password")
    assert not _signs_in("school", "ada@example.org", "a long enough passwor")


def test_users_create_refuses_a_short_password_and_a_taken_email(cli):  # noqa: F811
    cli("tenants", "create", "school")
    runner = CliRunner()
    args = [
        "users",
        "create",
        "--tenant",
        "school",
        "--email",
        "ada@example.org",
        "--role",
        "admin",
        "--password-stdin",
    ]
    short = runner.invoke(main, args, input="short\n")
    assert short.exit_code != 0 and "at least 12 characters" in str(short.exception)
    assert runner.invoke(main, args, input="a long enough password\n").exit_code == 0
    again = runner.invoke(main, [*args[:5], "ADA@example.org", *args[6:]], input="a long enough password\n")
    assert again.exit_code != 0 and "already has an account" in str(again.exception)


def test_the_development_instructor_gets_a_new_password_each_start(cli):  # noqa: F811
    first = _development_instructor()
    assert _signs_in("default", DEV_INSTRUCTOR, first)
    second = _development_instructor()
    assert second != first
    assert _signs_in("default", DEV_INSTRUCTOR, second) and not _signs_in("default", DEV_INSTRUCTOR, first)
