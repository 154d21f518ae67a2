"""`kiosk keys rotate`: replacing this kiosk's signing key, deliberately and on the record."""

from __future__ import annotations

import click

from kiosk.cli.officers import officer_by_pin
from kiosk.cli.root import config_or_exit, context_of, keys


@keys.command("rotate")
@click.pass_context
def keys_rotate(ctx: click.Context) -> None:
    """Make a new signing key, when the old one is lost or must not be used any more.

    Asks an officer's PIN. The rotation is a key_rotation record (old and new public
    keys, the officer; signed by the old key when its file is still there), so it
    reaches the central office with the day's records. Slips issued up to today keep
    verifying on this kiosk with the retired key. Give the new key line to the central
    office's IT staff and to the other kiosks of the event ([keys] known). A kiosk never
    makes a new key by itself: see docs/keys.md.
    """
    booth = context_of(ctx)
    config_or_exit(booth)
    officers = booth.officers()
    if officers.setup_needed():
        raise click.ClickException("A key rotation needs an officer's PIN, and this kiosk has "
                                   "no officer yet: add one with `kiosk officer add NAME`.")
    officer = officer_by_pin(officers, "PIN of the officer who rotates the key")
    rotation = booth.rotate_signing_key(officer)
    kiosk_id = booth.store.kiosk_id
    if rotation.old_public_key:
        signed = "signed by the old key" if rotation.signed_by_old_key else \
            "the old key file was missing, so the record is not signed by it"
        click.echo(f"Retired key {rotation.old_public_key} ({signed}); slips issued up to "
                   "today still verify here.")
    click.echo(f"New signing key of kiosk {kiosk_id}, recorded as a key_rotation record.")
    click.echo("Give this line to the central office's IT staff and add it to [keys] known "
               "of the event's other kiosks:")
    click.echo(f'{kiosk_id} = "{rotation.new_public_key}"')
