"""`kiosk recover`: going on, deliberately, after a kiosk in service lost its database."""

from __future__ import annotations

import click

from kiosk.cli.root import cli, config_or_exit, context_of


@cli.command()
@click.option("--new-database", "mode", flag_value="new_database",
              help="The database is missing or empty: start a new one that keeps this "
                   "kiosk's id and continues every number above those issued.")
@click.option("--older-database", "mode", flag_value="older_database",
              help="The database is an older copy (a backup): keep it, and continue every "
                   "number above those issued.")
@click.pass_context
def recover(ctx: click.Context, mode: str | None) -> None:
    """Go on after the database of a kiosk in service was lost or replaced by an older copy.

    The kiosk refuses to start on such a database by itself, because a new database
    would hand out ticket codes (B-001 ...) a second time. First try to put the latest
    database back (kiosk.sqlite3 with its -wal file). If that is not possible, an
    officer decides here; the officer's PIN is asked. Record numbers, the day's ticket
    numbers and the export chain then continue above what the kiosk had issued (kept in
    keys/in-service.json), the kiosk id stays, and the decision is recorded. See
    docs/keys.md.
    """
    from kiosk.booth.recovery import authorise, plan
    from kiosk.booth.recovery import recover as carry_out

    if mode is None:
        raise click.UsageError("say what to do: --new-database or --older-database")
    booth = context_of(ctx)
    config_or_exit(booth)
    marker = plan(booth.data, mode)
    if marker.officers:
        officer = authorise(marker, pin=click.prompt("PIN of the officer who decides",
                                                     hide_input=True))
    else:
        officer = authorise(marker, typed_id=click.prompt(
            f"This kiosk has no officer; type its id ({marker.kiosk_id}) to confirm"))
    done = carry_out(booth.data, marker, mode=mode, officer=officer, now=booth.clock.now())
    if done.kept_aside:
        click.echo(f"The empty database was kept aside as {done.kept_aside}.")
    what = "A new database" if mode == "new_database" else "The older database"
    click.echo(f"{what} serves kiosk {done.kiosk_id} from now on: record numbers continue "
               f"above {done.previous_last_seq}, ticket numbers above those issued "
               f"({marker.high_water()}).")
    if done.officer is not None:
        click.echo(f"Recorded as decided by {done.officer.name}.")
