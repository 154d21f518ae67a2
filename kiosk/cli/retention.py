"""`kiosk retention`: how much personal data the kiosk holds, and removing what is due."""

from __future__ import annotations

import click

from kiosk.cli.root import cli, config_or_exit, context_of


@cli.command()
@click.option("--dry-run", is_flag=True, default=False,
              help="Only say what would be removed; change nothing.")
@click.pass_context
def retention(ctx: click.Context, dry_run: bool) -> None:
    """Remove personal fields from records that are exported (or synced) and old enough.

    A record loses NIK, names, birth place and date, phones, e-mail and police report
    number once its export was read back and checked (or it was synced) and it is older
    than retention.personal_data_days. Counts, categories and tickets stay; the record
    keeps the hash of its original payload. Printed PDF slips of days older than that
    go too. See docs/data-retention.md.
    """
    booth = context_of(ctx)
    config_or_exit(booth)
    retention = booth.retention()
    before = retention.summary()
    click.echo(f"Records holding personal data: {before.records}"
               + (f" (oldest {before.oldest_utc[:10]})" if before.oldest_utc else ""))
    click.echo(f"Older than {before.retention_days} days and exported or synced: {before.due}")
    click.echo(f"Older than {before.retention_days} days but not exported yet: "
               f"{before.waiting_for_export}" + (" (export those days first)"
                                                  if before.waiting_for_export else ""))
    result = retention.run(dry_run=dry_run)
    if dry_run:
        click.echo(f"Dry run: {result.redacted} record(s) would lose their personal fields; "
                   f"{result.slips_removed} slip file(s) would be deleted.")
    else:
        click.echo(f"Removed personal fields from {result.redacted} record(s).")
        click.echo(f"Removed {result.slips_removed} slip file(s) of days past the retention "
                   "period.")
