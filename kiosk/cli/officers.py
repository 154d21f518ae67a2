"""`kiosk officer add|list|remove|pin|kiosk-pin`: officer accounts and the kiosk PIN from the
command line (first-run set-up too). Every change after the first officer is made as an
officer, who types their name and PIN first; wrong PINs count towards that officer's
lockout as on the screen, and every change is audited."""

from __future__ import annotations

import click

from kiosk.cli.root import cli, context_of
from kiosk.officer.accounts import LockedOut, OfficerError, Officers, WrongPin
from kiosk.records.audit import Officer

NEW_PIN_RULES = "6 to 8 digits; not a pattern, a run or a date"


@cli.group()
def officer() -> None:
    """Officer accounts (a name and a PIN each, stored only as a slow hash) and the kiosk PIN."""


def officer_by_pin(officers: Officers, prompt: str = "", *,
                   default: str | None = None) -> Officer:
    """Sign an officer in on the command line: their name (the only one offered as the
    default), then their PIN (`prompt`, else "PIN of NAME"). The officer, or a one-line
    refusal and exit status 1; wrong PINs count towards that officer's lockout, as on the
    screen. Used by every command an officer must authorise (here, `kiosk keys rotate`)."""
    active = officers.active()
    if default is None and len(active) == 1:
        default = active[0].name
    me = _named(officers, click.prompt("Your name (an officer of this kiosk)", default=default))
    answer = officers.authenticate(click.prompt(prompt or f"PIN of {me.name}", hide_input=True),
                                   officer_id=me.id)
    if isinstance(answer, LockedOut):
        raise click.ClickException(
            f"{OfficerError('pin.locked', count=answer.minutes_left)} Another officer can "
            "unlock you on the Officers page, or set you a new PIN with `kiosk officer pin`.")
    if isinstance(answer, WrongPin):
        raise click.ClickException(str(OfficerError("pin.wrong", count=answer.tries_left)))
    return answer


def _named(officers: Officers, name: str) -> Officer:
    """The active officer called `name` (case and spaces do not matter), or exit 1."""
    found = officers.find(name)
    if found is None:
        names = ", ".join(o.name for o in officers.active()) or "none yet"
        raise click.ClickException(f"There is no officer called {name}. Officers: {names}.")
    return found


def _new_pin(whose: str) -> str:
    return click.prompt(f"New PIN for {whose} ({NEW_PIN_RULES})", hide_input=True,
                        confirmation_prompt=True)


@officer.command("add")
@click.argument("name")
@click.pass_context
def officer_add(ctx: click.Context, name: str) -> None:
    """Add an officer called NAME; asks for the new PIN twice (6 to 8 digits).

    The first officer is the first-run set-up. After that, an officer signs in first
    (name and PIN); wrong PINs count towards their lockout like on the screen. Names are
    unique ignoring case and extra spaces.
    """
    officers = context_of(ctx).officers()
    by = None if officers.setup_needed() else officer_by_pin(officers)
    try:
        officers.check_name(name)             # before the new PIN is typed twice for nothing
        made = officers.create_officer(name, _new_pin(name), by=by)
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
    locks = officers.locks()
    for o in rows:
        lock = locks.get(o.id)
        note = f"  LOCKED for {lock.minutes_left} min (wrong PINs)" if lock else ""
        click.echo(f"{o.id:3d}  {o.name}  (since {o.created_utc[:10]}){note}")


@officer.command("remove")
@click.argument("name")
@click.pass_context
def officer_remove(ctx: click.Context, name: str) -> None:
    """Remove the officer called NAME (one who has left): their PIN stops working at once.

    An officer signs in first; the last officer cannot be removed. Audited
    (officer_removed); the audit trail keeps the name.
    """
    officers = context_of(ctx).officers()
    leaving = _named(officers, name)
    by = officer_by_pin(officers)
    click.confirm(f"Remove {leaving.name}? Their PIN stops working", abort=True)
    try:
        officers.remove_officer(leaving, by=by)
    except OfficerError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Officer {leaving.name} removed.")


@officer.command("pin")
@click.argument("name")
@click.pass_context
def officer_pin(ctx: click.Context, name: str) -> None:
    """Give the officer called NAME a new PIN (asked twice).

    An officer signs in first: NAME themselves with their current PIN, or another officer
    for a colleague who forgot theirs. The new PIN also lifts a lockout. Audited
    (pin_changed).
    """
    officers = context_of(ctx).officers()
    whose = _named(officers, name)
    by = officer_by_pin(officers, default=whose.name)
    try:
        officers.change_pin(whose, _new_pin(whose.name), by=by)
    except OfficerError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"New PIN set for {whose.name}.")


@officer.command("kiosk-pin")
@click.pass_context
def officer_kiosk_pin(ctx: click.Context) -> None:
    """Choose the kiosk PIN (asked twice): it closes the kiosk before any officer exists and
    when the officer list cannot be read. Only its hash is written, into kiosk.exit_pin in
    kiosk.toml. Once officers exist, an officer signs in first. Audited (kiosk_pin_changed).
    """
    booth = context_of(ctx)
    officers = booth.officers()
    by = None if officers.setup_needed() else officer_by_pin(officers)
    pin = click.prompt(f"New kiosk PIN ({NEW_PIN_RULES})", hide_input=True,
                       confirmation_prompt=True)
    try:
        booth.kiosk_pin().choose(pin)
    except OfficerError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"{booth.data.config}: cannot write ({exc.strerror}). "
                                   "Make the data folder writable and try again.") from None
    officers.record_action(by, "kiosk_pin_changed", via="command line")
    click.echo(f"Kiosk PIN chosen; its hash is in {booth.data.config} (kiosk.exit_pin).")
