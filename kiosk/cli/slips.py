"""`kiosk verify TOKEN` and `kiosk reprint CODE`: checking and reprinting queue slips."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from kiosk.booth.build import Booth
from kiosk.cli.root import cli, config_or_exit, context_of

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def known_keys(booth: Booth) -> dict[str, str]:
    """keys.known from the config, plus this kiosk's own key when it has one."""
    return {**config_or_exit(booth).known_keys, **booth.own_key()}


@cli.command("verify")
@click.argument("token")
@click.pass_context
def verify(ctx: click.Context, token: str) -> None:
    """Check the signed token from a slip's QR code, offline.

    TOKEN is the text the QR code holds (or - to read it from standard input). It is
    checked against this kiosk's own key and the event's kiosk keys in [keys] known of
    kiosk.toml (add other kiosks' lines from their `kiosk keys show`). A slip issued
    before a key rotation (`kiosk keys rotate`) verifies with the retired key.

    Valid: prints a JSON description (kiosk, record, day, kind, service, ticket) and
    exits 0. Not valid: prints JSON with "valid": false, says why on standard error
    (malformed, unknown kiosk, bad signature) and exits 1. The token format is in
    docs/token-format.md.
    """
    from kiosk.slips.token import TokenError, verify_token

    if token == "-":
        token = sys.stdin.read()
    booth = context_of(ctx)
    try:
        info = verify_token(token, known_keys(booth), booth.retired_keys())
    except TokenError as exc:
        click.echo(json.dumps({"valid": False, "error": exc.kind, "reason": exc.detail}))
        click.echo(f"Not a valid slip ({exc.kind.replace('_', ' ')}): {exc.detail}", err=True)
        sys.exit(1)
    click.echo(json.dumps({"valid": True, **info.as_dict()}, indent=2))


@cli.command("reprint")
@click.argument("code")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD",
              help="Event day the ticket was issued, YYYY-MM-DD (default: today in the "
                   "event's time zone). Ticket codes restart every day.")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), required=True,
              help="PDF file to write, for example A-007.pdf.")
@click.option("--language", type=click.Choice(["id", "en"]), default=None,
              help="Language of the slip (default: the one the citizen used).")
@click.pass_context
def reprint(ctx: click.Context, code: str, day, out: str, language: str | None) -> None:
    """Reprint a slip as a PDF (printer failed, slip lost).

    CODE is the ticket code (A-007, or A2-007 at an event with several kiosks); an
    information or referral slip, which has no code, is reprinted by its record UUID.
    The PDF is marked as a reprint, its QR code verifies like the original, and the
    reprint is recorded. Print the file on any printer.
    """
    from kiosk.slips.service import SlipNotFound

    booth = context_of(ctx)
    config_or_exit(booth)
    service = booth.slips
    try:
        if UUID_RE.fullmatch(code.strip().lower()):
            receipt = service.receipt_for_record(booth.store, code.strip().lower())
        else:
            receipt = service.receipt_for_ticket(booth.store, code,
                                                 day=day.date() if day else None)
    except SlipNotFound as exc:
        raise click.ClickException(f"{exc}. Check the code and --day "
                                   "(the day the ticket was issued).") from None
    path = service.reprint_pdf(booth.store, receipt, Path(out), language=language)
    what = receipt.ticket.code if receipt.ticket else receipt.record.kind
    click.echo(f"Reprinted {what} of {receipt.local_time.date().isoformat()} to {path}")
