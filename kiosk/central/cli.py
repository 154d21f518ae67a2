"""`kiosk-central`: the office's command line (click). `kiosk-central --help` documents it.

Global options: ``--data-dir`` ($KIOSK_CENTRAL_DATA_DIR) and ``--db`` ($KIOSK_CENTRAL_DB).
Every command that changes something writes an audit entry as ``cli:USER``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from pathlib import Path

import click

from kiosk import __version__
from kiosk.central.settings import (
    DEFAULT_TOML,
    CentralPaths,
    SettingsError,
    resolve_data_dir,
    write_owner_only,
)


class Ctx:
    def __init__(self, data_dir: str | None, db: str | None) -> None:
        self.paths = CentralPaths(resolve_data_dir(data_dir))
        self.db_url = db
        self._office = None

    @property
    def office(self):
        """The office (settings, database); a clear message instead of a traceback."""
        from kiosk.central.database import DatabaseError
        from kiosk.central.office import Office

        if self._office is None:
            try:
                self._office = Office.open(self.paths, db_url=self.db_url)
            except (SettingsError, DatabaseError) as exc:
                raise click.ClickException(str(exc)) from None
        return self._office

    def close(self) -> None:
        if self._office is not None:
            self._office.close()
            self._office = None

    def ready_office(self):
        """The office with its database at the newest schema and its keys present."""
        from kiosk.central.database import DatabaseError
        from kiosk.central.shared import KeyFileError

        office = self.office
        try:
            office.db.require_current()
            _ = office.keys
        except (DatabaseError, KeyFileError) as exc:
            raise click.ClickException(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - an unreachable server, a bad URL
            raise click.ClickException(f"cannot open the database: {_db_reason(exc)}") from None
        return office


def _db_reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).strip().splitlines()[0][:300]


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


pass_ctx = click.make_pass_decorator(Ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kiosk-central")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="Central data folder (settings, SQLite database, keys, archive, logs). "
                   "Default: $KIOSK_CENTRAL_DATA_DIR, else the platform's user data folder.")
@click.option("--db", default=None, metavar="URL",
              help="Database URL, e.g. postgresql+psycopg://user:pass@host/central. "
                   "Default: $KIOSK_CENTRAL_DB, else [database] url in central.toml, else "
                   "central.sqlite3 in the data folder.")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, db: str | None) -> None:
    """The central office receiver of the passport outreach kiosks.

    Takes in every kiosk's records, from a USB stick (import) or over the network (serve:
    the sync API and the staff pages). Start with `kiosk-central init`.
    """
    ctx.obj = Ctx(data_dir, db)
    ctx.call_on_close(ctx.obj.close)


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
        raise click.ClickException(f"cannot set up the database: {_db_reason(exc)}") from None
    where = office.db.url.render_as_string(hide_password=True)
    click.echo(f"database:    {where} (schema {before or 'new'} -> {after})")
    click.echo(f"public key:  {c.paths.keys / PUBLIC_FILE}  <- copy to every kiosk "
               "(event.central_public_key)")
    click.echo(f"fingerprint: {keys.fingerprint}")
    click.echo(f"reply key:   {keys.signing_public_b64} (signs the sync API's replies)")
    click.echo("next:        kiosk-central staff add admin --role administrator; "
               "kiosk-central kiosks enroll KIOSK_ID PUBLIC_KEY; kiosk-central serve")


@cli.group()
def kiosks() -> None:
    """The kiosks this office trusts."""


@kiosks.command("enroll")
@click.argument("kiosk_id")
@click.argument("public_key")
@click.option("--event", "event_code", default=None, help="The event code the kiosk serves.")
@pass_ctx
def kiosks_enroll(c: Ctx, kiosk_id: str, public_key: str, event_code: str | None) -> None:
    """Trust a kiosk: KIOSK_ID and PUBLIC_KEY as `kiosk keys show` prints them.

    Its bundles can be imported from then on. Prints a one-time code that the kiosk
    redeems for network sync (`kiosk enroll URL CODE`); running this again for the same
    kiosk and key gives a new code and voids the old one.
    """
    from kiosk.central.kiosks import KioskError, enroll_kiosk

    office = c.ready_office()
    try:
        with office.db.write() as conn:
            code = enroll_kiosk(conn, kiosk_id=kiosk_id, public_key=public_key,
                                event_code=event_code, now=office.now(),
                                code_hours=office.settings.enrollment_code_hours, actor=actor())
    except KioskError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"kiosk {kiosk_id.strip()} enrolled")
    click.echo(f"enrollment code: {code}  (one use, valid "
               f"{office.settings.enrollment_code_hours} hours: kiosk enroll URL {code})")


@kiosks.command("list")
@pass_ctx
def kiosks_list(c: Ctx) -> None:
    """Every kiosk: status, event, last contact, records held, missing ranges, conflicts."""
    from kiosk.central.gaps import kiosk_gaps
    from kiosk.central.kiosks import kiosk_stats

    office = c.ready_office()
    with office.db.read() as conn:
        stats = kiosk_stats(conn)
        if not stats:
            click.echo("no kiosks enrolled (kiosk-central kiosks enroll KIOSK_ID PUBLIC_KEY)")
        for s in stats:
            k, g = s.kiosk, kiosk_gaps(conn, s.kiosk.kiosk_id, limit=20)
            kinds = ", ".join(f"{kind} {n}" for kind, n in s.records_by_kind.items()) or "none"
            click.echo(f"{k.kiosk_id}  {k.status:<7} event {k.event_code or '-'}  "
                       f"network {'yes' if k.has_token else 'no'}  last contact "
                       f"{k.last_contact_utc or 'never'}")
            click.echo(f"    records: {kinds}; held to seq {g.high_water_mark}; missing "
                       f"{g.describe()}; conflicts {s.conflicts}")


@kiosks.command("revoke")
@click.argument("kiosk_id")
@pass_ctx
def kiosks_revoke(c: Ctx, kiosk_id: str) -> None:
    """Stop trusting a kiosk (lost, stolen, retired): its bundles and batches are refused
    from now on; what it sent before stays."""
    from kiosk.central.kiosks import KioskError, revoke_kiosk

    office = c.ready_office()
    try:
        with office.db.write() as conn:
            revoke_kiosk(conn, kiosk_id=kiosk_id.strip(), now=office.now(), actor=actor())
    except KioskError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"kiosk {kiosk_id.strip()} revoked")


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@pass_ctx
def import_(c: Ctx, paths: tuple[str, ...]) -> None:
    """Import bundles: files, or a stick's folder (every *.zip in it, by name).

    One line per bundle with its accepted / duplicate / conflict counts. Exits 1 if any
    bundle was refused (the line says why); a refused bundle stores nothing.
    """
    from kiosk.central.ingest import BundleRefused, ingest

    office = c.ready_office()
    files: list[Path] = []
    for given in paths:
        p = Path(given)
        files += sorted(f for f in p.glob("*.zip") if not f.name.startswith(".")) \
            if p.is_dir() else [p]
    if not files:
        raise click.ClickException("no bundle (*.zip) found there")
    refused = 0
    for f in files:
        try:
            data = f.read_bytes()
            r = ingest(office.db, office.keys, office.settings, data, channel="stick",
                       archive=office.paths.archive, now=office.now(), actor=actor())
        except BundleRefused as exc:
            refused += 1
            click.echo(f"REFUSED {f}: {exc.step}: {exc.reason}")
            continue
        except OSError as exc:
            refused += 1
            click.echo(f"REFUSED {f}: cannot read it ({exc.strerror})")
            continue
        note = " (this file was imported before: nothing changed)" \
            if r.already_received or not (r.accepted or r.conflict) else ""
        click.echo(f"OK      {f}: kiosk {r.kiosk_id}, {r.accepted} accepted, {r.duplicate} "
                   f"duplicate, {r.conflict} conflict{note}")
    click.echo(f"{len(files)} bundle(s): {len(files) - refused} imported, {refused} refused")
    sys.exit(1 if refused else 0)


@cli.command()
@pass_ctx
def gaps(c: Ctx) -> None:
    """Per kiosk: the contiguous seq held (high-water mark) and the missing seq ranges."""
    from kiosk.central.gaps import kiosk_gaps
    from kiosk.central.kiosks import list_kiosks

    office = c.ready_office()
    with office.db.read() as conn:
        for k in list_kiosks(conn):
            g = kiosk_gaps(conn, k.kiosk_id)
            click.echo(f"{k.kiosk_id}  held to seq {g.high_water_mark} (highest "
                       f"{g.max_seq})  missing: {g.describe()}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface, behind HTTPS).")
@click.option("--port", default=8470, show_default=True, type=click.IntRange(1, 65535))
@pass_ctx
def serve(c: Ctx, host: str, port: int) -> None:
    """Serve the sync API (/api/v1) and the staff pages until stopped (Ctrl+C, SIGTERM).

    Logs go to the terminal and to logs/central.log in the data folder, without query
    strings and without personal data.
    """
    import uvicorn

    from kiosk.central.app import create_app
    from kiosk.central.logs import setup_logging

    office = c.ready_office()
    setup_logging(office.paths.logs)
    app = create_app(office)
    click.echo(f"serving {office.settings.office_name} on http://{host}:{port}/ "
               "(staff pages) and /api/v1 (kiosks)")
    uvicorn.run(app, host=host, port=port, access_log=False, log_config=None,
                server_header=False, proxy_headers=True)


@cli.group()
def staff() -> None:
    """Office staff accounts (administrator, complaints_officer, counter)."""


@staff.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["administrator", "complaints_officer", "counter"]),
              required=True)
@click.option("--name", "display_name", default="", help="Name shown on the pages.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input (scripts).")
@pass_ctx
def staff_add(c: Ctx, username: str, role: str, display_name: str,
              password_stdin: bool) -> None:
    """Add a staff account; the password is asked twice (at least 10 characters)."""
    from kiosk.central.staff import StaffError, add_staff

    office = c.ready_office()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with office.db.write() as conn:
            member = add_staff(conn, username=username, display_name=display_name or username,
                               role=role, password=password, now=office.now(), actor=actor())
    except StaffError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"added {member.username} ({member.role})")


@staff.command("list")
@pass_ctx
def staff_list(c: Ctx) -> None:
    """Every staff account, its role, and whether it is disabled or locked."""
    from kiosk.central.staff import list_staff

    office = c.ready_office()
    with office.db.read() as conn:
        for m in list_staff(conn):
            state = "disabled" if m.disabled else (f"locked until {m.locked_until_utc}"
                                                   if m.locked_until_utc else "active")
            click.echo(f"{m.username:<20} {m.role:<20} {state}  ({m.display_name})")


@staff.command("disable")
@click.argument("username")
@pass_ctx
def staff_disable(c: Ctx, username: str) -> None:
    """Disable an account at once (its sessions end); the audit log keeps its name."""
    from kiosk.central.staff import StaffError, disable_staff

    office = c.ready_office()
    try:
        with office.db.write() as conn:
            disable_staff(conn, username=username, now=office.now(), actor=actor())
    except StaffError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"disabled {username}")


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
        raise click.ClickException(f"cannot upgrade: {_db_reason(exc)}") from None
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


@cli.group("export")
def export_group() -> None:
    """Files for the office's other systems."""


@export_group.command("applications")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), required=True,
              metavar="YYYY-MM-DD", help="The event day (visit day, local time).")
@click.option("--out", type=click.Path(dir_okay=False), required=True,
              help="The CSV file to write (owner-only: it holds personal data).")
@pass_ctx
def export_applications(c: Ctx, day: dt.datetime, out: str) -> None:
    """The day's applications as CSV for the passport system (columns: docs/central.md)."""
    from kiosk.central.applications import export_csv
    from kiosk.central.audit import write_audit

    office = c.ready_office()
    with office.db.write() as conn:
        n = export_csv(conn, day.date(), Path(out))
        write_audit(conn, actor=actor(), action="export.applications", now=office.now(),
                    day=day.date().isoformat(), rows=n)
    click.echo(f"{n} application(s) of {day.date().isoformat()} written to {out}")


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


def main() -> None:
    cli(prog_name="kiosk-central")


if __name__ == "__main__":
    main()
