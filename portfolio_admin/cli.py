"""``flask --app wsgi ...`` commands for scripts and first setup, over the same services."""

import logging
import re
import secrets
import signal
from collections import Counter
from datetime import UTC, date, timedelta
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from portfolio_admin import worker
from portfolio_admin.auth.permissions import parse_codes
from portfolio_admin.models import MediaFile, User
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services import (
    backups,
    file_changes,
    media,
    roles,
    search,
    storage_migration,
    tokens,
    two_factor,
    users,
    webhooks,
)
from portfolio_admin.services.errors import NotFound, ValidationError
from portfolio_admin.services.webhook_events import EVENT_TYPES
from portfolio_admin.storage import BACKENDS, create_storage
from portfolio_admin.timestamps import day_end

users_cli = AppGroup("users", help="Manage staff accounts.")
tokens_cli = AppGroup("tokens", help="Manage API tokens.")
roles_cli = AppGroup("roles", help="Manage roles (named sets of permission codes).")
media_cli = AppGroup("media", help="Maintain the media library.")
backup_cli = AppGroup("backup", help="Back up and restore the database and media files.")
search_cli = AppGroup("search", help="Maintain the normalised text that searches read.")
webhooks_cli = AppGroup("webhooks", help="Register the endpoints sent signed change events.")


def _user_or_fail(username: str) -> User:
    user = users.get_user_by_username(username)
    if user is None:
        raise click.ClickException(f"No user named {username!r}.")
    return user


def _codes(_ctx, _param, value: str | None) -> set[int]:
    try:
        return parse_codes(value or "")
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@users_cli.command("create")
@click.argument("username")
@click.password_option("--password", help="Prompted for when omitted.")
@click.option("--staff", is_flag=True, help="May use the admin and the API.")
@click.option("--admin", is_flag=True, help="May do everything (implies --staff).")
@click.option("--permissions", callback=_codes, help="Codes such as 4201,4221.")
@click.option("--role", "role_names", multiple=True, help="A role to hold (repeatable).")
def create_user(username, password, staff, admin, permissions, role_names):
    """Create a user."""
    try:
        user = users.create_user(
            username,
            password,
            is_staff=staff,
            is_admin=admin,
            permissions=permissions,
            roles=[_role_or_fail(name).id for name in role_names],
        )
    except ValidationError as exc:
        raise click.ClickException(_messages(exc)) from exc
    db.session.commit()
    click.echo(f"Created user {user.username!r} (id {user.id}).")


@users_cli.command("list")
def list_users():
    """List users with their roles and permission codes."""
    for user in db.session.scalars(select(User).order_by(User.username)):
        kinds = [r for r, on in (("admin", user.is_admin), ("staff", user.is_staff)) if on]
        kinds += [f"role:{role.name}" for role in user.roles]
        state = "active" if user.is_active else "inactive"
        codes = ",".join(map(str, sorted(user.permissions))) or "-"
        click.echo(f"{user.username}\t{state}\t{'+'.join(kinds) or '-'}\t{codes}")


@users_cli.command("ensure-admin")
def ensure_admin():
    """Create a first admin when there are no users, and say how to sign in."""
    credentials = Path(current_app.instance_path) / "first-admin.txt"
    if db.session.scalar(select(func.count()).select_from(User)) == 0:
        password = secrets.token_urlsafe(12)
        users.create_user("admin", password, is_admin=True)
        db.session.commit()
        credentials.touch(mode=0o600)
        credentials.write_text(f"username: admin\npassword: {password}\n")
    if credentials.exists():
        click.echo(f"First admin account (from {credentials}):")
        click.echo(credentials.read_text().rstrip())
        click.echo("Change the password after signing in, then delete that file.")


@users_cli.command("reset-2fa")
@click.argument("username")
def reset_two_factor(username):
    """Remove a user's second factor (app, recovery codes, passkeys): for the last
    administrator who lost them, as no one else can reset it in the admin."""
    two_factor.reset_second_factor(_user_or_fail(username))
    db.session.commit()
    click.echo(f"The second factor of {username!r} is reset; they set one up at next sign-in.")


def _role_or_fail(name: str):
    found = [role for role in roles.list_roles() if role.name == name]
    if not found:
        raise click.ClickException(f"No role named {name!r}.")
    return found[0]


def _expiry(_ctx, _param, value: str | None):
    """``90d`` (days from now) or ``2027-03-01`` (the end of that day, UTC) or nothing."""
    if not value:
        return None
    if match := re.fullmatch(r"(\d{1,5})d", value.strip()):
        days = int(match[1])
        if days < 1:
            raise click.BadParameter("Give at least 1d.")
        return utcnow() + timedelta(days=days)
    try:
        day = date.fromisoformat(value.strip())
        return day_end(day, UTC)
    except ValueError as exc:
        raise click.BadParameter("Give days such as 90d, or a date such as 2027-03-01.") from exc


@tokens_cli.command("create")
@click.argument("username")
@click.option("--name", default="default", show_default=True, help="What the token is for.")
@click.option("--scope", callback=_codes, help="Only these of the user's codes, e.g. 4202,4212.")
@click.option("--expires", callback=_expiry, help="When it stops working: 90d or 2027-03-01.")
def create_token(username, name, scope, expires):
    """Create a token; its key is printed once, alone on the last line."""
    try:
        token, key = tokens.create_token(_user_or_fail(username), name, expires, scope)
    except ValidationError as exc:
        raise click.ClickException(_messages(exc)) from exc
    db.session.commit()
    click.echo(f"Created token {token.id} ({name!r}) for {username}. The key is shown only once:")
    click.echo(key)


@tokens_cli.command("list")
@click.argument("username")
def list_tokens(username):
    """List a user's tokens (never their keys)."""
    now = utcnow()
    for token in tokens.list_tokens(_user_or_fail(username)):
        used = token.last_used_at.isoformat() if token.last_used_at else "never"
        expires = token.expires_at.isoformat() if token.expires_at else "never"
        scope = ",".join(map(str, sorted(token.scope))) if token.scope else "all"
        click.echo(
            f"{token.id}\t{token.name}\t{token.hint}…\t{token.status(now)}\t"
            f"scope {scope}\texpires {expires}\tlast used {used}"
        )


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_token(token_id):
    """Revoke a token by its id (see ``tokens list``)."""
    try:
        token = tokens.get_token(token_id)
    except NotFound as exc:
        raise click.ClickException(f"No token with id {token_id}.") from exc
    tokens.revoke_token(token)
    db.session.commit()
    click.echo(f"Revoked token {token_id}.")


@roles_cli.command("list")
def list_roles():
    """List roles with their members' count and permission codes."""
    counts = roles.member_counts()
    for role in roles.list_roles():
        codes = ",".join(map(str, sorted(role.permissions))) or "-"
        click.echo(f"{role.id}\t{role.name}\t{counts.get(role.id, 0)} members\t{codes}")


@roles_cli.command("create")
@click.argument("name")
@click.option("--permissions", callback=_codes, help="Codes such as 4200,4202.")
def create_role(name, permissions):
    """Create a role holding the given permission codes."""
    try:
        role = roles.save_role(None, name, permissions)
    except ValidationError as exc:
        raise click.ClickException(_messages(exc)) from exc
    db.session.commit()
    click.echo(f"Created role {role.name!r} (id {role.id}).")


@media_cli.command("regenerate-thumbnails")
@click.option("--id", "media_id", type=int, help="Only this media file.")
def regenerate_thumbnails(media_id):
    """Make every image's thumbnails anew (after a change of sizes)."""
    stmt = select(MediaFile.id).where(MediaFile.type == "image").order_by(MediaFile.id)
    if media_id is not None:
        stmt = stmt.where(MediaFile.id == media_id)
    ids = list(db.session.scalars(stmt))
    if media_id is not None and not ids:
        raise click.ClickException(f"No image with id {media_id}.")
    failed = []
    with click.progressbar(ids, label="Regenerating thumbnails") as bar:
        for image_id in bar:
            try:
                media.regenerate_thumbnails(db.session.get(MediaFile, image_id))
                db.session.commit()
            except (ValidationError, OSError) as exc:
                db.session.rollback()
                file_changes.discard_uncommitted()
                failed.append(f"{image_id}: {exc}")
    click.echo(f"Regenerated thumbnails of {len(ids) - len(failed)} image(s).")
    if failed:
        raise click.ClickException("Failed: " + "; ".join(failed))


@media_cli.command("hash-files")
def hash_files():
    """Store the SHA-256 of files stored before hashes were kept, so their duplicates are
    recognised (once, after migration media_hash; resumable)."""
    done, missing = 0, []
    for media_id in media.unhashed_files():
        try:
            media.hash_file(db.session.get(MediaFile, media_id))
        except FileNotFoundError:
            missing.append(media_id)
            continue
        db.session.commit()  # one file at a time: a long run can stop and go on later
        done += 1
    click.echo(f"Hashed {done} file(s).")
    if missing:
        click.echo(f"Missing from storage, not hashed: {', '.join(map(str, missing))}.")


@media_cli.command("check")
@click.option("--delete-orphans", is_flag=True, help="Remove stored files no row points to.")
@click.option(
    "--min-age",
    type=click.IntRange(min=0),
    default=3600,
    show_default=True,
    help="Seconds a file must have been stored to count as an orphan; younger ones may "
    "belong to an upload that has not committed yet.",
)
def check_media(delete_orphans, min_age):
    """Report files missing from storage and stored files no row points to."""
    report = media.check_storage(timedelta(seconds=min_age))
    for path in report.missing:
        click.echo(f"missing: {path}")
    for path in report.orphans:
        click.echo(f"orphan: {path}")
    if delete_orphans and report.orphans:
        media.delete_orphans(report.orphans)
        click.echo(f"Deleted {len(report.orphans)} orphan file(s).")
    click.echo(f"{len(report.missing)} missing, {len(report.orphans)} orphan(s).")
    if report.recent:
        click.echo(f"Left alone {len(report.recent)} unreferenced file(s) younger than {min_age}s.")
    if report.missing:
        raise SystemExit(1)


@media_cli.command("migrate-storage")
@click.option("--from", "source_name", type=click.Choice(BACKENDS), required=True)
@click.option("--to", "target_name", type=click.Choice(BACKENDS), required=True)
def migrate_storage(source_name, target_name):
    """Copy every stored file to another backend under the same path (rows stay as they are).

    Files already at the target with the same size are skipped, so a re-run resumes.
    """
    if source_name == target_name:
        raise click.UsageError("--from and --to must name different backends.")
    source = create_storage(current_app.config, source_name)
    target = create_storage(current_app.config, target_name)
    try:
        files = sorted(source.walk())
        present = storage_migration.stored_sizes(target)
    except OSError as exc:
        raise click.ClickException(str(exc)) from exc
    outcomes = Counter()
    failed = []
    with click.progressbar(files, label=f"Copying {source_name} to {target_name}") as bar:
        for stored in bar:
            try:
                outcome = storage_migration.copy_file(
                    source, target, stored, present.get(stored.path)
                )
            except (OSError, ValueError) as exc:
                failed.append(f"failed: {stored.path}: {exc}")
                continue
            outcomes[outcome] += 1
    for line in failed:
        click.echo(line)
    click.echo(
        f"{outcomes[storage_migration.COPIED]} copied, "
        f"{outcomes[storage_migration.SKIPPED]} skipped, {len(failed)} failed."
    )
    if failed:
        raise SystemExit(1)


@backup_cli.command("create")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def create_backup(folder):
    """Copy the database and every stored file into FOLDER (new or empty)."""
    try:
        manifest = backups.create_backup(folder)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up the {manifest['database']} database and "
               f"{manifest['media_files']} file(s) into {folder}.")  # fmt: skip


@backup_cli.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.confirmation_option(prompt="Replace the whole database with the backup's?")
def restore_backup(folder):
    """Replace the database with FOLDER's and store its files that storage lacks."""
    try:
        manifest = backups.restore_backup(folder)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored the database of {manifest['created_at']} and "
               f"{manifest['media_files_restored']} file(s). Run 'flask db upgrade' if this "
               "code is newer than the backup.")  # fmt: skip


@search_cli.command("reindex")
def reindex_search():
    """Fill every searchable row's normalised search text again (after the rules of
    ``text.search_key`` changed, or rows were written outside the app)."""
    changed = search.reindex()
    click.echo(f"Refilled the search text of {changed} row(s).")


@click.command("worker")
@click.option(
    "--check",
    is_flag=True,
    help="Only say whether a worker on this host is alive (exit 0) or not (exit 1).",
)
@with_appcontext
def run_worker(check):
    """Run the background jobs (scheduled publishing...) until SIGTERM or Ctrl-C.

    Run one on every instance, beside the web server: each job claims its rows with
    locks, so several workers never do the same work twice."""
    app = current_app._get_current_object()
    if check:
        alive = worker.alive_here(app)
        click.echo(
            "A worker is alive on this host." if alive else "No worker is alive on this host."
        )
        raise SystemExit(0 if alive else 1)
    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    # A run that overruns its interval makes the next wait (APScheduler warns): expected.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    running = worker.Worker(app)
    signal.signal(signal.SIGTERM, running.request_stop)
    signal.signal(signal.SIGINT, running.request_stop)
    running.run()


@webhooks_cli.command("create")
@click.argument("url")
@click.option(
    "--events",
    default=",".join(EVENT_TYPES),
    show_default="all",
    help="Comma-separated event types, e.g. portfolio.updated,portfolio.published.",
)
@click.option("--inactive", is_flag=True, help="Register it without sending it anything yet.")
def create_webhook(url, events, inactive):
    """Register an endpoint; prints its signing secret (shown only now) on the last line."""
    chosen = [kind.strip() for kind in events.split(",") if kind.strip()]
    try:
        endpoint = webhooks.create_endpoint(url, chosen, is_active=not inactive)
    except ValidationError as exc:
        raise click.ClickException(_messages(exc)) from exc
    db.session.commit()
    click.echo(f"Registered webhook endpoint {endpoint.id} for {', '.join(endpoint.events)}.")
    click.echo("Signing secret (shown only now):")
    click.echo(endpoint.secret)


@webhooks_cli.command("list")
def list_webhooks():
    """List endpoints: id, state, URL and events (never their secrets)."""
    for endpoint in webhooks.list_endpoints():
        state = "active" if endpoint.is_active else "inactive"
        click.echo(f"{endpoint.id}\t{state}\t{endpoint.url}\t{','.join(endpoint.events)}")


def _messages(exc: ValidationError) -> str:
    return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.errors.items())


def register(app: Flask) -> None:
    """Add the command groups to ``app``."""
    app.cli.add_command(users_cli)
    app.cli.add_command(tokens_cli)
    app.cli.add_command(roles_cli)
    app.cli.add_command(media_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(run_worker)
    app.cli.add_command(webhooks_cli)
