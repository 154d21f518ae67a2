"""The root of the `kiosk` command line (click): the group, its context, doctor and keys.

Command modules beside this one register on `cli` and `keys`; this module never imports
them (kiosk/cli/__init__.py gathers them). Plain `kiosk` starts the touchscreen, whose
`run` command ui.cli adds.
"""

from __future__ import annotations

import sqlite3
import sys

import click

from kiosk import __version__
from kiosk.booth.build import Booth
from kiosk.errors import KioskError
from kiosk.event.config import ConfigError
from kiosk.paths import DataDir, resolve_data_dir

BUSY_WAIT_S = 5.0      # how long a command waits for another program's write


def context_of(ctx: click.Context) -> Booth:
    """The booth of the data folder this command runs on (kiosk/booth/build.py)."""
    return ctx.find_object(Booth)


def config_or_exit(booth: Booth):
    """The config, or a clear one-paragraph message and exit status 1 (never a traceback)."""
    try:
        return booth.config
    except ConfigError as exc:
        raise click.ClickException(
            f"{exc}\nFix that line, or rename the file to start again from the demo event."
        ) from None


class KioskGroup(click.Group):
    """The root group: any KioskError (a refusal or failure a person can act on, such as
    a busy database, a missing stick, a lost signing key) ends the command with its
    message and exit status 1, never a traceback; so does any other database error."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KioskError as exc:
            raise click.ClickException(str(exc)) from None
        except sqlite3.Error as exc:
            from kiosk.records.store import DatabaseBusy, is_busy

            if is_busy(exc):
                raise click.ClickException(str(DatabaseBusy(seconds=round(BUSY_WAIT_S)))) \
                    from None
            raise click.ClickException(
                f"The database cannot be used ({exc}). Run `kiosk doctor` to see what to "
                "do.") from None


@click.group(cls=KioskGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kiosk")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="Data folder (config, database, slips, keys). "
                   "Default: $KIOSK_DATA_DIR, else the platform's user data folder.")
@click.option("--log-level", type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"],
                                               case_sensitive=False),
              envvar="KIOSK_LOG_LEVEL", default=None,
              help="Log every logger (the kiosk's, its libraries', Qt's) at this level to "
                   "standard error; NIK-like and phone-like numbers are masked. "
                   "Default: $KIOSK_LOG_LEVEL, else warnings only.")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, log_level: str | None) -> None:
    """Passport outreach kiosk of an Indonesian immigration office.

    With no command, starts the touchscreen kiosk on this data folder's
    configuration (a demo event is written on first use). A command that writes to the
    database waits up to 5 seconds for another program that is writing to it, then says
    "the database is busy" and exits with status 1, having changed nothing.
    """
    if log_level:
        from kiosk.cli.logs import configure_logging

        configure_logging(log_level.upper())
    ctx.obj = Booth(DataDir(resolve_data_dir(data_dir)), busy_timeout=BUSY_WAIT_S)
    if ctx.invoked_subcommand is None:
        run = cli.get_command(ctx, "run")
        if run is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(run)


@cli.command()
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Check the data folder, database, configuration, keys and printer.

    Prints each finding and what to do about it; exits 1 when something is wrong.
    """
    from kiosk.booth.doctor import run_checks

    findings = run_checks(context_of(ctx).data)
    for f in findings:
        mark = "ok  " if f.ok else "FAIL"
        click.echo(f"[{mark}] {f.name}: {f.detail}")
        if not f.ok and f.todo:
            click.echo(f"       -> {f.todo}")
    bad = [f for f in findings if not f.ok]
    click.echo("All checks passed." if not bad else f"{len(bad)} problem(s) found.")
    sys.exit(1 if bad else 0)


@cli.group()
def keys() -> None:
    """This kiosk's signing key and the central office's key pair."""


@keys.command("show")
@click.pass_context
def keys_show(ctx: click.Context) -> None:
    """Print this kiosk's id and public key, as a line for [keys] known in kiosk.toml."""
    from kiosk.records.keys import public_key_b64

    booth = context_of(ctx)
    click.echo(f'{booth.store.kiosk_id} = "{public_key_b64(booth.signing_key())}"')
