"""`kiosk report`: the day report PDF and its CSV recap (no personal data in either)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from kiosk.cli.root import cli, config_or_exit, context_of


@cli.command()
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD",
              help="Event day YYYY-MM-DD (default: today in the event's time zone).")
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True,
              help="Where to write the PDF, e.g. report.pdf.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), default=None,
              help="Where to write the CSV recap (default: beside the PDF, same name .csv).")
@click.option("--lang", type=click.Choice(["id", "en"]), default=None,
              help="Language of the PDF (default: kiosk.language).")
@click.pass_context
def report(ctx: click.Context, day: dt.datetime | None, out: str, csv_path: str | None,
           lang: str | None) -> None:
    """Write the day report: a PDF with totals and charts, and a CSV recap.

    Charts: arrivals per hour, tickets per service, median waiting and service times,
    no-shows, complaints per category. The CSV holds counts per service and hour and the
    day's ticket list (code, service, priority yes/no, times, status): no NIK, name,
    phone, e-mail or address.
    """
    from kiosk.i18n import Translator

    booth = context_of(ctx)
    config = config_or_exit(booth)
    reporter = booth.report()
    pdf = Path(out)
    csv_file = Path(csv_path) if csv_path else pdf.with_suffix(".csv")
    result = reporter.write(pdf, csv_file, day=day.date() if day else None,
                            t=Translator(lang or config.kiosk.language))
    click.echo(f"Report for {result.day.isoformat()}: {result.pdf}")
    click.echo(f"CSV recap: {result.csv}")
    for label, value in result.figures.totals():
        click.echo(f"  {label}: {value}")
