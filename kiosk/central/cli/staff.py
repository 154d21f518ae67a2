"""Office staff accounts: staff add, list, disable."""

from __future__ import annotations

import sys

import click

from kiosk.central.cli.root import Ctx, actor, cli, pass_ctx


@cli.group()
def staff() -> None:
    """Office staff accounts (administrator, complaints_officer, counter)."""


@staff.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["administrator", "complaints_officer", "counter"]),
              required=True)
@click.option("--name", "display_name", default="", help="Name shown on the pages.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input (scripts).")
@pass_ctx
def staff_add(c: Ctx, username: str, role: str, display_name: str,
              password_stdin: bool) -> None:
    """Add a staff account; the password is asked twice (at least 10 characters)."""
    from kiosk.central.staff import StaffError, add_staff

    office = c.ready_office()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with office.db.write() as conn:
            member = add_staff(conn, username=username, display_name=display_name or username,
                               role=role, password=password, now=office.now(), actor=actor())
    except StaffError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"added {member.username} ({member.role})")


@staff.command("list")
@pass_ctx
def staff_list(c: Ctx) -> None:
    """Every staff account, its role, and whether it is disabled or locked."""
    from kiosk.central.staff import list_staff

    office = c.ready_office()
    with office.db.read() as conn:
        for m in list_staff(conn):
            state = "disabled" if m.disabled else (f"locked until {m.locked_until_utc}"
                                                   if m.locked_until_utc else "active")
            click.echo(f"{m.username:<20} {m.role:<20} {state}  ({m.display_name})")


@staff.command("disable")
@click.argument("username")
@pass_ctx
def staff_disable(c: Ctx, username: str) -> None:
    """Disable an account at once (its sessions end); the audit log keeps its name."""
    from kiosk.central.staff import StaffError, disable_staff

    office = c.ready_office()
    try:
        with office.db.write() as conn:
            disable_staff(conn, username=username, now=office.now(), actor=actor())
    except StaffError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"disabled {username}")
