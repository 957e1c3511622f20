"""The `assess` command: migrate, load and export the bank, issue keys, analytics, serve. Each commits once."""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from alembic import command as alembic_command
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.config import ConfigurationError, Settings
from api.migrations import alembic_config
from assess.analytics.folding import assessments_pending, fold
from assess.analytics.maintain import rebuild as rebuild_counts
from assess.analytics.reading import AnalyticsQuery, analytics_report
from assess.analytics.store import Selection
from assess.catalog import find_assessment
from assess.interchange import export_file, import_file
from assess.regrade import RegradeReport, dry_run, find_item, regrade_item, reverse_regrade
from assess.reporting.csv_tables import distribution_csv, options_csv, questions_csv, test_csv
from assess.reporting.item_map import item_map_svg
from assess.reporting.option_chart import option_chart_svg
from assess.reporting.score_chart import score_distribution_svg
from assess.reporting.terminal import render_distribution, render_report
from assess.reporting.wording import selection_words
from itembank.authoring import get_or_create_tenant
from itembank.db import make_engine, make_sessionmaker, utcnow
from itembank.errors import BankError, ImportRefusedError, NotFoundError
from itembank.interchange.course_file import DEFAULT_TENANT, count_questions, load_course, read_course_file
from itembank.interchange.formats import EXPORT_FORMATS, IMPORT_FORMATS
from itembank.interchange.json_export import export_bank
from itembank.interchange.report import ImportReport
from itembank.keys import issue_key, revoke_key, revoke_keys_labelled
from itembank.models import ApiKey, Role, Tenant, User
from itembank.users import create_user, tenant_users, update_user

DEV_KEY_LABEL = "development server try-it key"
DEV_INSTRUCTOR = "demo@example.org"  # the development server's instructor, a new password each start


def _settings() -> Settings:
    return Settings.from_env()


@contextmanager
def _session() -> Iterator[Session]:
    settings = _settings()
    # A database that does not answer fails the command within the connect timeout; statements may take as
    # long as they need (a rebuild of the analytics, a load of a large course).
    engine = make_engine(settings.database_url, connect_timeout=settings.db_connect_timeout)
    session = make_sessionmaker(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
        engine.dispose()


def _tenant(session: Session, slug: str) -> Tenant:
    tenant = session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise NotFoundError(f"no tenant '{slug}'")
    return tenant


@click.group()
def main() -> None:
    """Assess: item bank and assessment engine."""


@main.group()
def db() -> None:
    """Database schema (alembic)."""


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database at ASSESS_DATABASE_URL up to REVISION (default: head)."""
    alembic_command.upgrade(alembic_config(), revision)


@db.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Migrate down to REVISION ('base' empties the schema)."""
    alembic_command.downgrade(alembic_config(), revision)


@main.group()
def bank() -> None:
    """Item bank content."""


@bank.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tenant", default=DEFAULT_TENANT, show_default=True)
def bank_load(path: Path, tenant: str) -> None:
    """Load a course content file; loading the same file again changes nothing."""
    content = read_course_file(path)
    with (
        _session() as session,
        click.progressbar(length=count_questions(content), label=f"Loading {path.name}", file=sys.stderr) as bar,
    ):
        report = load_course(
            session, content, tenant_slug=tenant, author=f"course file {path.name}", progress=lambda _ref: bar.update(1)
        )
    click.echo(
        f"items: {len(report.items_created)} created, {len(report.items_revised)} revised, "
        f"{len(report.items_unchanged)} unchanged; assessments: {len(report.assessments_created)} created, "
        f"{len(report.assessments_updated)} updated"
    )


@bank.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(IMPORT_FORMATS)), help="detected when not given")
@click.option("--partial", is_flag=True, help="import the items the bank takes, leaving out refused ones")
@click.option("--tenant", default=DEFAULT_TENANT, show_default=True)
@click.option("--bank", "bank_slug", help="the tenant's bank to import into; default: named after the file")
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON (docs/interchange.md)")
def bank_import(path: Path, fmt: str | None, partial: bool, tenant: str, bank_slug: str | None, as_json: bool) -> None:
    """Import a GIFT, YAML (or QTI) file; importing it again revises its items instead of duplicating them."""
    try:
        with _session() as session, _lazy_bar(f"Importing {path.name}") as progress:
            report = import_file(
                session,
                get_or_create_tenant(session, tenant),
                path,
                format_name=fmt,
                bank_slug=bank_slug,
                partial=partial,
                progress=progress,
            )
    except ImportRefusedError as exc:
        _print_report(exc.report, as_json)
        raise SystemExit(1) from None
    _print_report(report, as_json)


def _print_report(report: ImportReport, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(report.lines()))


@bank.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["json", *sorted(EXPORT_FORMATS)]), default="json", show_default=True
)
@click.option("--assessment", help="only this assessment's items, in its order (its slug)")
@click.option("--tenant", default=DEFAULT_TENANT, show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="write here, not stdout")
def bank_export(fmt: str, assessment: str | None, tenant: str, output: Path | None) -> None:
    """Export the bank: json (docs/export-format.md), or an interchange format (docs/interchange.md)."""
    with _session() as session:
        if fmt == "json":
            text = json.dumps(export_bank(session, _tenant(session, tenant)), ensure_ascii=False, indent=2) + "\n"
            content = text.encode("utf-8")
        else:
            exported = export_file(session, _tenant(session, tenant).id, fmt, assessment)
            content = exported.content
            if exported.left_out:
                click.echo(f"left out (drafts that break authoring rules): {', '.join(exported.left_out)}", err=True)
            for ref, lost in exported.dropped:
                click.echo(f"{ref}: dropped {lost.construct}: {lost.reason}", err=True)
    if output:
        output.write_bytes(content)
    else:
        sys.stdout.buffer.write(content)


@main.group()
def keys() -> None:
    """API keys for LMS integrations."""


@keys.command("create")
@click.option("--tenant", default=DEFAULT_TENANT, show_default=True)
@click.option("--scopes", default="deliver", show_default=True, help="comma-separated: deliver,author,analytics,admin")
@click.option("--label", required=True, help="who the key is for, shown in listings")
def keys_create(tenant: str, scopes: str, label: str) -> None:
    """Issue a key; it is printed once and stored only as a hash."""
    with _session() as session:
        _key, plaintext = issue_key(session, _tenant(session, tenant), scopes.split(","), label)
    click.echo(plaintext)


@keys.command("list")
@click.option("--tenant", default=DEFAULT_TENANT, show_default=True)
def keys_list(tenant: str) -> None:
    with _session() as session:
        for key in session.scalars(select(ApiKey).where(ApiKey.tenant_id == _tenant(session, tenant).id)):
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            click.echo(f"{key.prefix}  {state:<18} {key.scopes:<30} {key.label}")


@keys.command("revoke")
@click.argument("prefix")
def keys_revoke(prefix: str) -> None:
    with _session() as session:
        revoke_key(session, prefix)
    click.echo(f"revoked {prefix}")


@main.group()
def users() -> None:
    """Instructor accounts for the workspace (/workspace)."""


@users.command("create")
@click.option("--tenant", default=DEFAULT_TENANT, show_default=True)
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--password-stdin", is_flag=True, help="read the password from standard input, not a prompt")
def users_create(tenant: str, email: str, role: str, password_stdin: bool) -> None:
    """Make an instructor account; the password is prompted for (twice), or read from standard input."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _session() as session:
        user = create_user(session, _tenant(session, tenant), email=email, password=password, role=role)
    click.echo(f"user {user.id}: {user.email} ({user.role}) in {tenant}")


@users.command("list")
@click.option("--tenant", default=DEFAULT_TENANT, show_default=True)
def users_list(tenant: str) -> None:
    with _session() as session:
        for user in tenant_users(session, _tenant(session, tenant).id):
            locked = f"locked until {user.locked_until:%Y-%m-%d %H:%M}" if user.locked_until else ""
            click.echo(f"{user.id}  {user.email:<40} {user.role:<8} {locked}")


@main.group()
def tenants() -> None:
    """Tenants (organisations)."""


@tenants.command("create")
@click.argument("slug")
@click.option("--name", default=None)
def tenants_create(slug: str, name: str | None) -> None:
    with _session() as session:
        get_or_create_tenant(session, slug, name)
    click.echo(f"tenant {slug}")


@main.command()
@click.argument("assessment")
@click.option("--tenant", default=DEFAULT_TENANT, show_default=True)
@click.option("--selection", type=click.Choice([s.value for s in Selection]), default="first", show_default=True)
@click.option("--context", "context_id", help="only this cohort (the integration's context id)")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="scored on or after this UTC day")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="scored on or before this UTC day")
@click.option("--rebuild", is_flag=True, help="recompute the count tables from the stored attempts first")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="also write the CSVs and SVGs here")
@click.option("--width", default=100, show_default=True)
def analytics(
    assessment: str,
    tenant: str,
    selection: str,
    context_id: str | None,
    date_from: datetime | None,
    date_to: datetime | None,
    rebuild: bool,
    out: Path | None,
    width: int,
) -> None:
    """Print ASSESSMENT's (id or slug) item and test statistics; optionally write CSV tables and pictures."""
    with _session() as session:
        found = find_assessment(session, _tenant(session, tenant).id, assessment)
        if rebuild:
            with _lazy_bar(f"Rebuilding analytics of {found.slug}") as progress:
                read = rebuild_counts(session, found.id, progress=progress)
            click.echo(f"rebuilt from {read} scored attempts", err=True)
        where = AnalyticsQuery(
            Selection(selection),
            context_id,
            date_from.date() if date_from else None,
            date_to.date() if date_to else None,
        )
        report = analytics_report(session, found.tenant_id, found.id, where, now=utcnow())
    selected = selection_words(selection, cohort=context_id, date_from=where.date_from, date_to=where.date_to)
    click.echo(
        render_report(
            report.report, title=f"{found.title} ({selected})", labels=report.labels, width=width, times=report.times
        )
    )
    click.echo(render_distribution(report.tables.totals, report.tables.max_total, found.pass_threshold))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        files = {
            "questions.csv": questions_csv(report.report, report.labels, report.times),
            "options.csv": options_csv(report.report),
            "test.csv": test_csv(report.report),
            "distribution.csv": distribution_csv(report.tables.totals),
            "score-distribution.svg": score_distribution_svg(
                report.tables.totals,
                report.tables.max_total,
                found.pass_threshold,
                title=found.title,
                selection=selected,
            ),
            "item-map.svg": item_map_svg(report.report.slots, report.report.flags, title=found.title),
        }
        for slot in sorted({option.slot for option in report.report.options}):
            files[f"slot-{slot}-options.svg"] = option_chart_svg(
                report.version_options(slot),
                report.report.flags,
                title=f"{found.title}: slot {slot}, options by ability group",
                selection=selected,
            )
        for name, text in files.items():
            (out / name).write_text(text, encoding="utf-8", newline="")
        click.echo(f"wrote {', '.join(files)} to {out}", err=True)


@main.group()
def regrade() -> None:
    """Regrade finished attempts after an item's correction (docs/regrade.md)."""


@regrade.command("run")
@click.argument("item")
@click.option("--to-version", "to_version", type=int, required=True, help="the item's corrected version number")
@click.option("--apply", "apply_", is_flag=True, help="regrade; without it, a dry run that changes nothing")
@click.option("--by", default="assess command", show_default=True, help="who regrades, kept in the record")
@click.option("--tenant", default=DEFAULT_TENANT, show_default=True)
def regrade_run(item: str, to_version: int, apply_: bool, by: str, tenant: str) -> None:
    """List (or, with --apply, make) the changes a regrade of ITEM (id or ref) to a version makes."""
    with _session() as session:
        tenant_id = _tenant(session, tenant).id
        found = find_item(session, tenant_id, item)
        if apply_:
            report, _created = regrade_item(session, tenant_id, found.id, to_version, by=by, now=utcnow())
        else:
            report = dry_run(session, tenant_id, found.id, to_version, now=utcnow())
    click.echo(_describe(report))


@regrade.command("reverse")
@click.argument("regrade_id", type=int)
@click.option("--by", default="assess command", show_default=True)
@click.option("--tenant", default=DEFAULT_TENANT, show_default=True)
def regrade_reverse(regrade_id: int, by: str, tenant: str) -> None:
    """Put back every attempt of regrade REGRADE_ID as it was."""
    with _session() as session:
        report = reverse_regrade(session, _tenant(session, tenant).id, regrade_id, by=by, now=utcnow())
    click.echo(_describe(report))


def _describe(report: RegradeReport) -> str:
    head = "dry run" if report.dry_run else f"regrade {report.id}" + (" (reversed)" if report.reversed_at else "")
    lines = [f"{head}: item {report.item_ref} to version {report.to_version}"]
    for a in report.attempts:
        outcome = "pass" if a.passed_after else "fail"
        was = "pass" if a.passed_before else "fail"
        lines.append(
            f"  attempt {a.attempt_id} ({a.learner_id} #{a.number}): {a.points_before}/{a.points_possible} -> "
            f"{a.points_after}/{a.points_possible}, {was} -> {outcome}"
        )
    t = report.totals
    lines.append(
        f"{t.attempts} attempts, {t.scores_changed} scores changed, {t.outcomes_changed} outcomes changed "
        f"({t.now_passing} now pass, {t.now_failing} now fail); {t.grade_outcomes_changed} learners' results "
        f"change outcome; {report.open_attempts_kept} open attempts keep their version"
    )
    return "\n".join(lines)


@main.command("fold-analytics")
@click.argument("assessments", nargs=-1)
@click.option("--tenant", default=DEFAULT_TENANT, show_default=True, help="of the ASSESSMENTS named")
def fold_analytics(assessments: tuple[str, ...], tenant: str) -> None:
    """Fold the analytics changes submits and voids appended into the count cells: the ASSESSMENTS named (id
    or slug), or every one that has some waiting. Safe beside running submits and reports; run it from cron."""
    with _session() as session:
        if assessments:
            tenant_id = _tenant(session, tenant).id
            ids = [find_assessment(session, tenant_id, reference).id for reference in assessments]
        else:
            ids = assessments_pending(session)
        folded = [assessment_id for assessment_id in ids if fold(session, assessment_id)]
    skipped = len(ids) - len(folded)
    click.echo(f"folded {len(folded)} assessments" + (f", {skipped} being folded by another run" if skipped else ""))


@contextmanager
def _lazy_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar whose length is learnt from the first report: the work counts itself."""
    bars: list[Any] = []

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(click.progressbar(length=total, label=label, file=sys.stderr).__enter__())
        bars[0].update(done - bars[0].pos)

    try:
        yield progress
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
def serve(host: str, port: int) -> None:
    """Development server. Production runs under gunicorn: see the README."""
    from api.app import create_app

    settings = _settings()
    base = f"http://{host}:{port}"
    click.echo(f"Assess API on {base}/api/v1  (docs: {base}/api/v1/docs, OpenAPI: {base}/api/v1/openapi.json)")
    if settings.is_development:
        click.echo(f"Try it with the default tenant's development key:\n  {_development_key()}")
        click.echo(f"  curl -H 'Authorization: Bearer <key>' {base}/api/v1/assessments")
        click.echo(f"Try a quiz as a learner: {base}/")
        click.echo(f"Instructor workspace: {base}/workspace/  (organisation {DEFAULT_TENANT})")
        click.echo(f"  sign in as {DEV_INSTRUCTOR} with the password {_development_instructor()}")
    # A thread per connection (werkzeug's threaded server): dozens of learners at once, their SQLite
    # transactions queued for the one connection (itembank.db.make_engine), measured in BENCHMARKS.md.
    create_app(settings).run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


def _development_key() -> str:
    """A fresh key each start, the previous one revoked: the plaintext cannot be shown twice, by design."""
    with _session() as session:
        tenant = get_or_create_tenant(session, DEFAULT_TENANT)
        revoke_keys_labelled(session, tenant, DEV_KEY_LABEL)
        _key, plaintext = issue_key(session, tenant, ["deliver", "author", "analytics", "admin"], DEV_KEY_LABEL)
    return plaintext


def _development_instructor() -> str:
    """The demo instructor (an admin) with a fresh password each start, as the key: shown once, stored hashed."""
    password = secrets.token_urlsafe(12)
    with _session() as session:
        tenant = get_or_create_tenant(session, DEFAULT_TENANT)
        found = session.scalar(select(User).where(User.tenant_id == tenant.id, User.email == DEV_INSTRUCTOR))
        if found is None:
            create_user(session, tenant, email=DEV_INSTRUCTOR, password=password, role=Role.ADMIN)
        else:
            update_user(session, tenant.id, found.id, password=password, role=Role.ADMIN, unlock=True)
    return password


def run() -> None:
    """Console entry point: bank errors and settings are the user's to fix, so print them plainly instead of a
    traceback."""
    try:
        main(standalone_mode=True)
    except (BankError, ConfigurationError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
