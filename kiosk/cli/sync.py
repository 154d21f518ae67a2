"""`kiosk enroll URL CODE` and `kiosk sync`: network sync from the command line
(docs/sync.md; the protocol: docs/sync-protocol.md)."""

from __future__ import annotations

import sys
import time

import click

from kiosk.cli.root import cli, config_or_exit, context_of


@cli.command("enroll")
@click.argument("url")
@click.argument("code")
@click.option("--timeout", type=click.FloatRange(1, 600), default=30.0, show_default=True,
              help="Seconds to wait for the office's answer.")
@click.pass_context
def enroll_command(ctx: click.Context, url: str, code: str, timeout: float) -> None:
    """Enroll this kiosk for network sync with the central office.

    URL is the office's address (https://..., as the office's IT staff give it); CODE is
    the one-time code `kiosk-central kiosks enroll KIOSK_ID PUBLIC_KEY` printed there
    (XXXX-XXXX-XXXX; any case, spaces or hyphens). The kiosk proves it holds its signing
    key, checks that the answer comes from whoever issued the code, and keeps the token
    with its keys (keys/sync-enrollment.json, owner-only). When kiosk.toml names no
    central key, the office's key becomes it. Enrolling again needs a new code.
    """
    booth = context_of(ctx)
    config_or_exit(booth)
    enrollment = booth.enroll(url, code, timeout=timeout)
    click.echo(f"Kiosk {enrollment.kiosk_id} enrolled at {enrollment.url} (office key "
               f"{enrollment.central_key_sha256[:16]}...).")
    click.echo("Records now reach the office whenever there is a network: the touchscreen "
               "syncs by itself, or run `kiosk sync`.")


@cli.command("sync")
@click.option("--once", is_flag=True,
              help="One round, then exit: status 0 only when the outbox is empty and every "
                   "reply of the office verified.")
@click.option("--server", metavar="URL", default=None,
              help="Send to this address instead of the enrolled one (this run only).")
@click.option("--timeout", type=click.FloatRange(1, 600), default=60.0, show_default=True,
              help="Seconds to wait for each answer of the office.")
@click.pass_context
def sync_command(ctx: click.Context, once: bool, server: str | None, timeout: float) -> None:
    """Send the records waiting in the outbox to the central office, and fetch the
    answers to this kiosk's complaints.

    Without --once, keeps going like the touchscreen's worker: a round every 30 seconds,
    after a failure waiting 5 seconds doubling to 15 minutes, until Ctrl+C. A progress
    bar goes to standard error while records are sent. Records the office answered
    `conflict` are parked (listed here and on the officer's Sync page) and never sent
    again by themselves.
    """
    from kiosk.sync.enrollment import check_url

    booth = context_of(ctx)
    config_or_exit(booth)
    if server is not None:
        try:
            server = check_url(server)
        except Exception as exc:  # noqa: BLE001 - EnrollFailed: the address is not http(s)
            raise click.BadParameter(str(exc), param_hint="--server") from None
    if once:
        sys.exit(_once(booth, server, timeout))
    _forever(booth, server, timeout)


def _bar():
    state: dict = {}

    def progress(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None and total:
            bar = click.progressbar(length=total, label="Sending records", file=sys.stderr)
            bar.__enter__()
            state["bar"] = bar
        if bar is not None:
            bar.length = max(bar.length, total)
            bar.update(done - bar.pos)

    def close() -> None:
        bar = state.pop("bar", None)
        if bar is not None:
            bar.__exit__(None, None, None)

    return progress, close


def _once(booth, server: str | None, timeout: float) -> int:
    from kiosk.sync.status import read_status

    syncer = booth.syncer(server=server, timeout=timeout)
    progress, close = _bar()
    try:
        result = syncer.run(progress=progress)
    finally:
        close()
    _report(result)
    status = read_status(booth.store, server=syncer.enrolled_server())
    if not result.ok:
        click.echo(f"Sync stopped: {result.error}", err=True)
        return 1
    if status.parked_count:
        click.echo(f"{status.parked_count} record(s) parked: the office holds another "
                   "version (conflict); they are not sent again by themselves:", err=True)
        for p in status.parked:
            click.echo(f"  seq {p.seq} {p.kind}: {p.reason}", err=True)
    if status.pending or status.parked_count:
        click.echo(f"Outbox not empty: {status.pending} waiting, {status.parked_count} "
                   "parked.", err=True)
        return 1
    click.echo("Outbox empty: the office holds every record of this kiosk.")
    return 0


def _report(result) -> None:
    click.echo(f"Sent {result.sent} record(s) in {result.batches} batch(es): "
               f"{result.accepted} accepted, {result.duplicate} duplicate, "
               f"{result.conflict} conflict; {result.requeued} queued again for the office; "
               f"{result.answers} complaint answer(s) received.")


def _forever(booth, server: str | None, timeout: float) -> None:
    worker = booth.sync_worker(server=server, timeout=timeout)
    progress, close = _bar()
    seen = {"rounds": 0}

    def listen(status) -> None:
        if status.sending is not None:
            progress(*status.sending)
            return
        if worker.rounds != seen["rounds"]:
            seen["rounds"] = worker.rounds
            close()
            stamp = time.strftime("%H:%M:%S")
            result = worker.last_result
            if result is not None:
                click.echo(f"{stamp} ", nl=False)
                _report(result)
                if not result.ok:
                    click.echo(f"{stamp} Sync stopped: {result.error}", err=True)
            if status.next_attempt_s is not None:
                click.echo(f"{stamp} {status.pending} waiting, {status.parked_count} parked; "
                           f"next round in {round(status.next_attempt_s)} s.")

    worker.add_listener(listen)
    click.echo("Syncing; Ctrl+C stops.")
    try:
        worker.run()                     # in the foreground, until Ctrl+C
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        close()
