"""`kiosk export`, `kiosk bundle verify` and `kiosk keys central-keypair`: the day's bundle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from kiosk.cli.root import cli, config_or_exit, context_of, keys


@cli.command("export")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD",
              help="Event day YYYY-MM-DD (default: today in the event's time zone).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder to write the bundle into: the USB stick's folder.")
@click.option("--central-key", type=click.Path(dir_okay=False, exists=True), default=None,
              help="The central office's public key (central-public.pem). "
                   "Default: event.central_public_key in kiosk.toml.")
@click.pass_context
def export(ctx: click.Context, day: dt.datetime | None, out_dir: str,
           central_key: str | None) -> None:
    """Export one event day as an encrypted, signed bundle onto a USB stick.

    Writes EVENT_KIOSK_DAY_NNNN.zip: manifest.json (counts, sequence range, the SHA-256 of
    every record, the previous export's hash), manifest.sig (this kiosk's Ed25519
    signature) and records.jsonl.enc (AES-256-GCM, key wrapped to the central office's
    X25519 key; a lost stick exposes nothing). The file is read back from the stick and
    checked before it gets its name. Format: docs/bundle-format.md.
    """
    from kiosk.export.target import ExportError
    booth = context_of(ctx)
    config_or_exit(booth)
    exporter = booth.exporter()
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Exporting", file=click.get_text_stream(
                "stderr"))
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        result = exporter.export_day(Path(out_dir), day=day.date() if day else None,
                                     central_key=central_key, progress=progress)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    counts = ", ".join(f"{k} {v}" for k, v in result.counts.items())
    click.echo(f"Exported {result.record_count} records of {result.day.isoformat()} "
               f"(seq {result.seq_first}..{result.seq_last}: {counts})")
    click.echo(f"Bundle {result.export_number}: {result.path} ({result.size_bytes} bytes), "
               f"read back and checked.")
    click.echo(f"Manifest SHA-256 {result.manifest_sha256}")


@cli.group()
def bundle() -> None:
    """Export bundles: check and read them (the central office's side)."""


@bundle.command("verify")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("--central-key", type=click.Path(dir_okay=False, exists=True), required=True,
              help="The central office's private key (central-private.pem).")
@click.option("--kiosk-key", "kiosk_keys", multiple=True, metavar="KIOSK_ID=BASE64",
              help="A kiosk public key to trust (as `kiosk keys show` prints it); repeatable. "
                   "Always trusted too: [keys] known in kiosk.toml and this data folder's "
                   "own kiosk key.")
@click.option("--previous", type=click.Path(dir_okay=False, exists=True), default=None,
              help="The same kiosk's previous bundle: also check that FILE chains to it.")
@click.pass_context
def bundle_verify(ctx: click.Context, file: str, central_key: str,
                  kiosk_keys: tuple[str, ...], previous: str | None) -> None:
    """Check a bundle completely and print a summary; exit 1 with the reason if anything fails.

    Order: zip container (byte-exact), manifest fields, the kiosk's key is trusted, the
    Ed25519 signature, chain fields, the record index, the encrypted member's hash, the
    wrapped key, decryption (AES-GCM), then every record line against its hash.
    """
    from kiosk.export.crypto import (
        KeyFileError,
        load_central_private,
        private_key_is_encrypted,
    )
    from kiosk.export.verify import BundleInvalid, verify_bundle

    trusted = _trusted_keys(ctx, kiosk_keys)
    passphrase = None
    if private_key_is_encrypted(Path(central_key)):
        passphrase = click.prompt("Passphrase of the central key", hide_input=True).encode()
    try:
        key = load_central_private(Path(central_key), passphrase=passphrase)
    except KeyFileError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        prev = verify_bundle(Path(previous), kiosk_keys=trusted, central_key=key) \
            if previous else None
    except BundleInvalid as exc:
        raise click.ClickException(f"the previous bundle is invalid: {exc}") from None
    try:
        result = verify_bundle(Path(file), kiosk_keys=trusted, central_key=key, previous=prev)
    except BundleInvalid as exc:
        raise click.ClickException(f"INVALID bundle {file}\n  failed check: {exc.step}\n"
                                   f"  reason: {exc.reason}") from None
    click.echo(f"VALID bundle {file}")
    for line in result.summary():
        click.echo("  " + line)


def _trusted_keys(ctx: click.Context, given: tuple[str, ...]) -> dict[str, str]:
    from kiosk.event.config import ConfigError

    booth = context_of(ctx)
    trusted: dict[str, str] = {}
    try:
        trusted.update(booth.config.known_keys)
    except ConfigError:
        pass
    trusted.update(booth.own_key())
    for item in given:
        kid, sep, b64 = item.partition("=")
        if not sep or not kid.strip() or not b64.strip():
            raise click.BadParameter(f"expected KIOSK_ID=BASE64, got {item!r}",
                                     param_hint="--kiosk-key")
        trusted[kid.strip()] = b64.strip().strip('"')
    return trusted


@keys.command("central-keypair")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder for central-private.pem and central-public.pem.")
@click.option("--passphrase", is_flag=True, default=False,
              help="Protect the private key with a passphrase (asked twice).")
def keys_central_keypair(out_dir: str, passphrase: bool) -> None:
    """Make the central office's key pair (X25519), once, on the office's machine.

    central-private.pem stays at the office (mode 0600; keep a backup in a safe: without
    it no bundle can be read). central-public.pem goes to every kiosk: set
    event.central_public_key in kiosk.toml to its path. Never overwrites existing files.
    """
    from kiosk.export.crypto import (
        KeyFileError,
        fingerprint,
        load_central_public,
        make_central_keypair,
    )

    secret = None
    if passphrase:
        secret = click.prompt("Passphrase", hide_input=True, confirmation_prompt=True).encode()
    try:
        private_path, public_path = make_central_keypair(Path(out_dir), passphrase=secret)
    except KeyFileError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"private key: {private_path} (keep it at the office, mode 0600)")
    click.echo(f"public key:  {public_path} (copy to each kiosk; event.central_public_key)")
    click.echo(f"fingerprint: {fingerprint(load_central_public(public_path))}")
