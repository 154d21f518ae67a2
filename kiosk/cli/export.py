"""`kiosk export`, `kiosk bundle verify` and `kiosk keys central-keypair`: the day's bundle."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
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
            bar = click.progressbar(length=total, label="Exporting", file=sys.stderr)
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
@click.option("--kiosk-keys", "kiosk_keys_file", type=click.Path(dir_okay=False, exists=True),
              default=None,
              help="The office's list of trusted kiosks: one line per kiosk as `kiosk keys "
                   "show` prints it on that kiosk. Default: kiosk-keys.txt in the folder of "
                   "the central key, when it is there.")
@click.option("--kiosk-key", "kiosk_keys", multiple=True, metavar="KIOSK_ID=BASE64",
              help="One more kiosk to trust (the line `kiosk keys show` prints, or "
                   "KIOSK_ID=BASE64); repeatable.")
@click.option("--previous", type=click.Path(dir_okay=False, exists=True), default=None,
              help="The same kiosk's previous bundle: also check that FILE chains to it "
                   "(its signature is checked; it is not decrypted, so it may have been "
                   "made for an earlier central key).")
@click.pass_context
def bundle_verify(ctx: click.Context, file: str, central_key: str, kiosk_keys_file: str | None,
                  kiosk_keys: tuple[str, ...], previous: str | None) -> None:
    """Check a bundle completely and print a summary; exit 1 with the reason if anything fails.

    Order (docs/bundle-format.md, section 8): zip container (byte-exact), manifest (JSON
    rules, fields, formats), the kiosk's key is trusted, the Ed25519 signature, the chain,
    the record index, the encrypted member's hash, the wrapped key, decryption (AES-GCM),
    then every record line. Needs no kiosk data folder and writes nothing: the kiosks it
    trusts come from the office's list (--kiosk-keys, --kiosk-key), and on a kiosk also from
    its own key and [keys] known in its kiosk.toml.
    """
    from kiosk.export.crypto import (
        KeyFileError,
        load_central_private,
        private_key_is_encrypted,
    )
    from kiosk.export.verify import BundleInvalid, verify_bundle

    trust = _trusted_keys(ctx, Path(central_key), kiosk_keys_file, kiosk_keys)
    passphrase = None
    if private_key_is_encrypted(Path(central_key)):
        passphrase = click.prompt("Passphrase of the central key", hide_input=True).encode()
    try:
        key = load_central_private(Path(central_key), passphrase=passphrase)
    except KeyFileError as exc:
        raise click.ClickException(str(exc)) from None
    try:   # the chain needs the previous manifest's hash, checked by its signature: no key
        prev = verify_bundle(Path(previous), kiosk_keys=trust.keys) if previous else None
    except BundleInvalid as exc:
        raise click.ClickException(f"the previous bundle {previous} is invalid\n"
                                   + _failure(exc, trust)) from None
    try:
        result = verify_bundle(Path(file), kiosk_keys=trust.keys, central_key=key,
                               previous=prev)
    except BundleInvalid as exc:
        raise click.ClickException(f"INVALID bundle {file}\n" + _failure(exc, trust)) from None
    click.echo(f"VALID bundle {file}")
    for line in result.summary():
        click.echo("  " + line)


@dataclass
class _Trust:
    keys: dict[str, str]
    list_file: Path          # where the office's list is (or would be)
    listed: set[str]         # kiosk ids that came from that list or --kiosk-key


def _trusted_keys(ctx: click.Context, central_key: Path, list_file: str | None,
                  given: tuple[str, ...]) -> _Trust:
    """The kiosks to trust. Reads, never writes: no data folder, config or key is made."""
    from kiosk.event.config import ConfigError, load
    from kiosk.export.trusted import (
        KIOSK_KEYS_FILE,
        TrustListError,
        load_trusted_kiosks,
        parse_key_option,
    )

    booth = context_of(ctx)
    keys: dict[str, str] = {}
    if booth.data.config.is_file():            # on a kiosk: its own list and its own key
        try:
            keys.update(load(booth.data.config).known_keys)
        except ConfigError:
            pass
        keys.update(booth.own_key())
    path = Path(list_file) if list_file else central_key.resolve().parent / KIOSK_KEYS_FILE
    listed: dict[str, str] = {}
    try:
        if list_file or path.is_file():
            listed.update(load_trusted_kiosks(path))
        for item in given:
            kid, b64 = parse_key_option(item)
            listed[kid] = b64
    except TrustListError as exc:
        raise click.ClickException(str(exc)) from None
    keys.update(listed)
    return _Trust(keys, path, set(listed))


def _failure(exc, trust: _Trust) -> str:
    """The failed check and why, and for an unknown or changed kiosk key what to do."""
    rule = f" (rule {exc.rule})" if exc.rule else ""
    text = f"  failed check: {exc.step}{rule}\n  reason: {exc.reason}"
    kiosk_id = exc.kiosk_id
    if exc.rule == "3.1" and kiosk_id:
        text += (f"\n  To trust kiosk {kiosk_id}:"
                 f"\n    1. on kiosk {kiosk_id} itself, run: kiosk keys show"
                 f"\n    2. add the line it prints ({kiosk_id} = \"...\") to {trust.list_file}"
                 "\n       (make the file if there is none), or give it with --kiosk-key"
                 "\n    3. run this command again"
                 "\n  Take the key from the kiosk itself, not from the bundle: anyone can put "
                 "a key in a bundle.")
    elif exc.rule == "3.2" and kiosk_id:
        text += (f"\n  The key on file for kiosk {kiosk_id} is not the one the bundle names."
                 f"\n  If that kiosk's key was changed on purpose, run `kiosk keys show` on it"
                 f"\n  and replace its line in {trust.list_file}; otherwise the bundle did not"
                 "\n  come from that kiosk.")
    return text


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
