"""The `kiosk` entry point: the core CLI plus the commands that need Qt (run, simulate)."""

from __future__ import annotations

import datetime as dt
import json
import re
import signal
import sys

import click

from kiosk.cli import cli, config_or_exit, context_of


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{3,5})x(\d{3,5})", text.strip())
    if not m:
        raise click.BadParameter("write it as WIDTHxHEIGHT, for example 1080x1920")
    return int(m.group(1)), int(m.group(2))


@cli.command()
@click.option("--windowed", is_flag=True,
              help="A normal window with the cursor shown (development), not full screen.")
@click.option("--size", default="1920x1080", show_default=True, metavar="WxH",
              help="Window size with --windowed, e.g. 1080x1920 (portrait) or 1280x800.")
@click.option("--display", is_flag=True,
              help="Also show the public now-serving screen (ticket codes and counters "
                   "only): full screen on a second monitor, or in its own window.")
@click.pass_context
def run(ctx: click.Context, windowed: bool, size: str, display: bool) -> None:
    """Start the touchscreen kiosk (what plain `kiosk` does).

    Full screen and always on top, cursor hidden, as kiosk.fullscreen and
    kiosk.hide_cursor say. Leaving needs a PIN: tap the office name at the top
    left five times (or press Ctrl+Q on a keyboard). Once officers exist, an
    officer signs in and closes the kiosk; before that, the kiosk PIN
    (kiosk.exit_pin, chosen at first-run set-up or with `kiosk officer
    kiosk-pin`) closes it; with none chosen yet, first-run set-up opens.
    """
    from ui.platform_check import screen_problem

    problem = screen_problem()          # before Qt, which aborts naming the wrong library
    if problem:
        raise click.ClickException(problem)
    from ui.app import run_kiosk

    booth = context_of(ctx)
    config = config_or_exit(booth)
    stopper = _StopOnSigterm()
    try:
        status = run_kiosk(booth.data, windowed=windowed, size=_size(size), config=config,
                           display=display, shown=stopper)
    finally:
        stopper.release()
    sys.exit(status)


class _StopOnSigterm:
    """SIGTERM (systemctl stop, shutdown) closes the kiosk cleanly, as its PIN exit does.

    The handler is set before Qt starts, so a signal that comes early is not lost; Qt's
    event loop runs in C, so a timer looks at the flag every 200 ms. exit(), not quit():
    quit() asks each window to close, and the kiosk window answers with the PIN pad.
    """

    def __init__(self) -> None:
        self.requested = False
        self.previous = signal.signal(signal.SIGTERM, self._handle)

    def release(self) -> None:
        signal.signal(signal.SIGTERM, self.previous)

    def _handle(self, *_args) -> None:
        self.requested = True

    def __call__(self, window) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        def look() -> None:
            if self.requested:
                QApplication.exit(0)

        self.timer = QTimer(window)
        self.timer.timeout.connect(look)
        self.timer.start(200)
        look()


@cli.command()
@click.option("--citizens", type=click.IntRange(1, 100_000), required=True,
              help="How many synthetic citizens walk up to the kiosk.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Same seed, same citizens, same taps.")
@click.option("--at", "at", default=None, metavar="ISO-DATETIME",
              help="When the rehearsal starts, e.g. 2019-10-23T09:00 (event time zone "
                   "unless an offset is given; in a folder an earlier rehearsal left, not "
                   "before its last record). Default: now.")
@click.option("--kiosk-no", type=click.IntRange(1, 9), default=None,
              help="Play kiosk number K of the event (ticket codes then carry K).")
@click.option("--out-dir", type=click.Path(file_okay=False), default=None,
              help="Keep the rehearsal's data folder here (with a copy of this kiosk's "
                   "kiosk.toml): a new or empty folder, or one an earlier rehearsal made; "
                   "never a real kiosk's. Default: a temporary folder, deleted afterwards.")
@click.pass_context
def simulate(ctx: click.Context, citizens: int, seed: int, at: str | None,
             kiosk_no: int | None, out_dir: str | None) -> None:
    """Rehearse an event: N synthetic citizens tap through the real screens, offscreen.

    They choose services and languages, make and correct typing mistakes, and
    some walk away and let the screen clear itself. Uses this kiosk's
    configuration. Prints one JSON summary: records by kind and service,
    tickets issued, timings, and a check that every visit made its record.
    """
    from pathlib import Path

    from kiosk.event.config import ConfigError
    from ui.rehearsal.folder import FolderRefused
    from ui.rehearsal.simulate import simulate_command

    when = None
    if at:
        try:
            when = dt.datetime.fromisoformat(at)
        except ValueError:
            raise click.BadParameter(f"not an ISO date and time: {at!r}",
                                     param_hint="--at") from None
    booth = context_of(ctx)
    config_or_exit(booth)
    try:
        summary = simulate_command(source_config=booth.data.config, kiosk_root=booth.data.root,
                                   citizens=citizens, seed=seed, at=when, kiosk_no=kiosk_no,
                                   out_dir=Path(out_dir) if out_dir else None)
    except FolderRefused as exc:
        raise click.BadParameter(str(exc), param_hint="--out-dir") from None
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(summary, ensure_ascii=False))
    sys.exit(0 if summary["checks"]["ok"] else 1)


def main() -> None:
    cli(prog_name="kiosk")


if __name__ == "__main__":
    main()
