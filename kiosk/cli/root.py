"""The root of the `kiosk` command line (click): the group, its context, doctor and keys.

Command modules beside this one register on `cli` and `keys`; this module never imports
them (kiosk/cli/__init__.py gathers them). Plain `kiosk` starts the touchscreen, whose
`run` command ui.cli adds.
"""

from __future__ import annotations

import sys

import click

from kiosk import __version__
from kiosk.booth.build import Booth
from kiosk.event.config import ConfigError
from kiosk.paths import DataDir, resolve_data_dir


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


@click.group(invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kiosk")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="Data folder (config, database, slips, keys). "
                   "Default: $KIOSK_DATA_DIR, else the platform's user data folder.")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None) -> None:
    """Passport outreach kiosk of an Indonesian immigration office.

    With no command, starts the touchscreen kiosk on this data folder's
    configuration (a demo event is written on first use).
    """
    ctx.obj = Booth(DataDir(resolve_data_dir(data_dir)))
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
