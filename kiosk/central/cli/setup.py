"""Setting the office up and running it: init, serve, db upgrade, doctor, retention."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kiosk.central.cli.root import Ctx, actor, cli, db_reason, pass_ctx
from kiosk.central.settings import DEFAULT_TOML, write_owner_only


@cli.command()
@click.option("--central-key", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Use this central private key (central-private.pem made by `kiosk keys "
                   "central-keypair`) instead of making a new pair.")
@pass_ctx
def init(c: Ctx, central_key: str | None) -> None:
    """Make the data folder, central.toml, the database and the office keys (once).

    Safe to run again: what exists is kept (keys are never replaced) and the database is
    brought to the newest schema. Prints where central-public.pem is: copy it to every
    kiosk (event.central_public_key).
    """
    from kiosk.central.keys import init_keys
    from kiosk.central.shared import PUBLIC_FILE, KeyFileError

    c.paths.ensure()
    if not c.paths.config.exists():
        write_owner_only(c.paths.config, DEFAULT_TOML.encode("utf-8"))
        click.echo(f"settings:    {c.paths.config} (written; see docs/central.md)")
    passphrase = None
    if central_key:
        from kiosk.central.shared import load_central_private

        try:
            load_central_private(Path(central_key))
        except KeyFileError as exc:
            if "passphrase" not in str(exc):
                raise click.ClickException(str(exc)) from None
            passphrase = click.prompt("Passphrase of the central key", hide_input=True).encode()
    try:
        keys = init_keys(c.paths, given=Path(central_key) if central_key else None,
                         passphrase=passphrase)
    except KeyFileError as exc:
        raise click.ClickException(str(exc)) from None
    office = c.office
    try:
        before, after = office.db.upgrade()
    except Exception as exc:  # noqa: BLE001 - unreachable server, no permission
        raise click.ClickException(f"cannot set up the database: {db_reason(exc)}") from None
    where = office.db.url.render_as_string(hide_password=True)
    click.echo(f"database:    {where} (schema {before or 'new'} -> {after})")
    click.echo(f"public key:  {c.paths.keys / PUBLIC_FILE}  <- copy to every kiosk "
               "(event.central_public_key)")
    click.echo(f"fingerprint: {keys.fingerprint}")
    click.echo(f"reply key:   {keys.signing_public_b64} (signs the sync API's replies)")
    click.echo("next:        kiosk-central staff add admin --role administrator; "
               "kiosk-central kiosks enroll KIOSK_ID PUBLIC_KEY; kiosk-central serve")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface, behind HTTPS).")
@click.option("--port", default=8470, show_default=True, type=click.IntRange(1, 65535),
              envvar="KIOSK_CENTRAL_PORT", help="Port to listen on ($KIOSK_CENTRAL_PORT).")
@pass_ctx
def serve(c: Ctx, host: str, port: int) -> None:
    """Serve the sync API (/api/v1) and the staff pages until stopped (Ctrl+C, SIGTERM).

    Logs go to the terminal and to logs/central.log in the data folder, without query
    strings and without personal data.
    """
    import uvicorn

    from kiosk.central.app import create_app
    from kiosk.central.derive import catch_up
    from kiosk.central.logs import setup_logging

    office = c.ready_office()
    setup_logging(office.paths.logs)
    built = catch_up(office.db, office.settings, now=office.now(), quiet=True)
    if built:      # left by an import or a server stopped before it built them
        click.echo(f"search rows built for {built} record(s) received before")
    app = create_app(office)
    click.echo(f"serving {office.settings.office_name} on http://{host}:{port}/ "
               "(staff pages) and /api/v1 (kiosks)")
    uvicorn.run(app, host=host, port=port, access_log=False, log_config=None,
                server_header=False, proxy_headers=True)


@cli.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
@pass_ctx
def db_upgrade(c: Ctx) -> None:
    """Bring the database to the newest schema (Alembic migrations). Back it up first."""
    office = c.office
    try:
        before, after = office.db.upgrade()
    except Exception as exc:  # noqa: BLE001 - unreachable server, no permission
        raise click.ClickException(f"cannot upgrade: {db_reason(exc)}") from None
    click.echo(f"schema {before or 'new'} -> {after}" if before != after
               else f"schema {after}: already the newest")


@cli.command()
@pass_ctx
def doctor(c: Ctx) -> None:
    """Check the data folder, settings, database, keys and archive; exit 1 on a problem."""
    from kiosk.central.doctor import run_checks

    findings = run_checks(c.paths, c.db_url)
    for f in findings:
        click.echo(f"[{'ok  ' if f.ok else 'FAIL'}] {f.name}: {f.detail}")
        if not f.ok and f.todo:
            click.echo(f"       -> {f.todo}")
    bad = [f for f in findings if not f.ok]
    click.echo("All checks passed." if not bad else f"{len(bad)} problem(s) found.")
    sys.exit(1 if bad else 0)


@cli.command()
@click.option("--dry-run", is_flag=True, help="Only say what is due.")
@pass_ctx
def retention(c: Ctx, dry_run: bool) -> None:
    """Remove personal fields from records past [retention] personal_data_days (closed
    complaints only) and delete archived bundles past archive_days."""
    from kiosk.central.retention import apply_retention

    office = c.ready_office()
    r = apply_retention(office.db, office.settings, office.paths.archive, now=office.now(),
                        actor=actor(), dry_run=dry_run)
    verb = "due" if dry_run else "done"
    click.echo(f"{verb}: {r.records} record(s) lose their personal fields, {r.archives} "
               "archived bundle(s) deleted")
