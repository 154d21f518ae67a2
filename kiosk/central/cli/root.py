"""The `kiosk-central` group, its global options and what every command shares.

Global options: ``--data-dir`` ($KIOSK_CENTRAL_DATA_DIR) and ``--db`` ($KIOSK_CENTRAL_DB).
Every command that changes something writes an audit entry as ``cli:USER``.
"""

from __future__ import annotations

import getpass

import click

from kiosk import __version__
from kiosk.central.settings import CentralPaths, SettingsError, resolve_data_dir


class Ctx:
    def __init__(self, data_dir: str | None, db: str | None) -> None:
        self.paths = CentralPaths(resolve_data_dir(data_dir))
        self.db_url = db
        self._office = None

    @property
    def office(self):
        """The office (settings, database); a clear message instead of a traceback."""
        from kiosk.central.database import DatabaseError
        from kiosk.central.office import Office

        if self._office is None:
            try:
                self._office = Office.open(self.paths, db_url=self.db_url)
            except (SettingsError, DatabaseError) as exc:
                raise click.ClickException(str(exc)) from None
        return self._office

    def close(self) -> None:
        if self._office is not None:
            self._office.close()
            self._office = None

    def ready_office(self):
        """The office with its database at the newest schema and its keys present."""
        from kiosk.central.database import DatabaseError
        from kiosk.central.shared import KeyFileError

        office = self.office
        try:
            office.db.require_current()
            _ = office.keys
        except (DatabaseError, KeyFileError) as exc:
            raise click.ClickException(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - an unreachable server, a bad URL
            raise click.ClickException(f"cannot open the database: {db_reason(exc)}") from None
        return office


def db_reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).strip().splitlines()[0][:300]


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


pass_ctx = click.make_pass_decorator(Ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kiosk-central")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="Central data folder (settings, SQLite database, keys, archive, logs). "
                   "Default: $KIOSK_CENTRAL_DATA_DIR, else the platform's user data folder.")
@click.option("--db", default=None, metavar="URL",
              help="Database URL, e.g. postgresql+psycopg://user:pass@host/central. "
                   "Default: $KIOSK_CENTRAL_DB, else [database] url in central.toml, else "
                   "central.sqlite3 in the data folder.")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, db: str | None) -> None:
    """The central office receiver of the passport outreach kiosks.

    Takes in every kiosk's records, from a USB stick (import) or over the network (serve:
    the sync API and the staff pages). Start with `kiosk-central init`.
    """
    ctx.obj = Ctx(data_dir, db)
    ctx.call_on_close(ctx.obj.close)
