"""The kiosks and their records: kiosks enroll/list/revoke, import, gaps, export applications."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from kiosk.central.cli.root import Ctx, actor, cli, pass_ctx


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
    from kiosk.central.kiosks import EnrollmentError, enroll_kiosk

    office = c.ready_office()
    try:
        with office.db.write() as conn:
            code = enroll_kiosk(conn, kiosk_id=kiosk_id, public_key=public_key,
                                event_code=event_code, now=office.now(),
                                code_hours=office.settings.enrollment_code_hours, actor=actor())
    except EnrollmentError as exc:
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
    from kiosk.central.kiosks import EnrollmentError, revoke_kiosk

    office = c.ready_office()
    try:
        with office.db.write() as conn:
            revoke_kiosk(conn, kiosk_id=kiosk_id.strip(), now=office.now(), actor=actor())
    except EnrollmentError as exc:
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
    from kiosk.central.derive import catch_up
    from kiosk.central.ingest import BundleRefused
    from kiosk.central.stick import import_bundles

    office = c.ready_office()
    files: list[Path] = []
    for given in paths:
        p = Path(given)
        files += sorted(f for f in p.glob("*.zip") if not f.name.startswith(".")) \
            if p.is_dir() else [p]
    if not files:
        raise click.ClickException("no bundle (*.zip) found there")
    refused = 0
    for f, r in import_bundles(office.db, office.keys, office.settings, files,
                               archive=office.paths.archive, clock=office.now, actor=actor()):
        if isinstance(r, BundleRefused):
            refused += 1
            click.echo(f"REFUSED {f}: {r.step}: {r.reason}")
            continue
        if isinstance(r, OSError):
            refused += 1
            click.echo(f"REFUSED {f}: cannot read it ({r.strerror})")
            continue
        note = " (this file was imported before: nothing changed)" \
            if r.already_received or not (r.accepted or r.conflict) else ""
        click.echo(f"OK      {f}: kiosk {r.kiosk_id}, {r.accepted} accepted, {r.duplicate} "
                   f"duplicate, {r.conflict} conflict{note}")
    # The staff pages' search rows, once for every bundle (derive.py: a crash before this
    # line loses nothing; the next import, `serve` or `export applications` builds them).
    built = catch_up(office.db, office.settings, now=office.now(), quiet=True)
    pending = _pending(office)
    click.echo(f"{len(files)} bundle(s): {len(files) - refused} imported, {refused} refused; "
               f"search rows built for {built} record(s)"
               + (f", {pending} still to build (the database was busy: run import or "
                  "serve again)" if pending else ""))
    sys.exit(1 if refused else 0)


def _pending(office) -> int:
    from kiosk.central.derive import pending_records

    with office.db.read() as conn:
        return pending_records(conn)


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
    from kiosk.central.derive import catch_up

    office = c.ready_office()
    catch_up(office.db, office.settings, now=office.now())
    with office.db.write() as conn:
        n = export_csv(conn, day.date(), Path(out))
        write_audit(conn, actor=actor(), action="export.applications", now=office.now(),
                    day=day.date().isoformat(), rows=n)
    click.echo(f"{n} application(s) of {day.date().isoformat()} written to {out}")
