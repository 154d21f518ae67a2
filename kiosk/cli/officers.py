"""`kiosk officer add|list`: officer accounts from the command line (first-run set-up too)."""

from __future__ import annotations

import click

from kiosk.cli.root import cli, context_of
from kiosk.officer.accounts import LockedOut, OfficerError, Officers, WrongPin
from kiosk.records.audit import Officer


def officer_by_pin(officers: Officers, prompt: str) -> Officer:
    """Ask an officer's PIN; the officer, or a one-line refusal and exit status 1. Wrong
    PINs count towards the five-tries lockout, as on the screen."""
    answer = officers.authenticate(click.prompt(prompt, hide_input=True))
    if isinstance(answer, LockedOut):
        raise click.ClickException(f"Locked: try again in {answer.seconds_left} s.")
    if isinstance(answer, WrongPin):
        raise click.ClickException(f"Wrong PIN ({answer.tries_left} tries left).")
    return answer


@cli.group()
def officer() -> None:
    """Officer accounts: a name and a PIN each (stored only as a slow hash)."""


@officer.command("add")
@click.argument("name")
@click.pass_context
def officer_add(ctx: click.Context, name: str) -> None:
    """Add an officer called NAME; asks for the new PIN twice (6 to 8 digits).

    The first officer is the first-run set-up. After that, an existing officer's PIN is
    asked first; wrong PINs count towards the five-tries lockout like on the screen.
    """
    officers = context_of(ctx).officers()
    by: Officer | None = None
    if not officers.setup_needed():
        by = officer_by_pin(officers, "PIN of an officer who adds")
    pin = click.prompt(f"New PIN for {name}", hide_input=True, confirmation_prompt=True)
    try:
        made = officers.create_officer(name, pin, by=by)
    except OfficerError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Officer {made.name} added (id {made.id}).")


@officer.command("list")
@click.pass_context
def officer_list(ctx: click.Context) -> None:
    """List the officers whose PIN is in use (names only; PINs are never shown)."""
    officers = context_of(ctx).officers()
    rows = officers.active()
    if not rows:
        click.echo("No officers yet: add the first with `kiosk officer add NAME`.")
    for o in rows:
        click.echo(f"{o.id:3d}  {o.name}  (since {o.created_utc[:10]})")
