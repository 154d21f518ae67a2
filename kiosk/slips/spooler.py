"""The system spooler back end: hand the slip's PDF to a CUPS queue with `lp`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from kiosk.slips.errors import PrinterError


def lp_command(pdf: Path, *, queue: str = "", title: str = "") -> list[str]:
    """The `lp` call for one slip (queue empty: the system's default printer)."""
    lp = shutil.which("lp")
    if lp is None:
        raise PrinterError("the `lp` command is missing: install cups-client, or choose "
                           "printer.backend = \"pdf\" or \"escpos\"")
    command = [lp]
    if queue:
        command += ["-d", queue]
    if title:
        command += ["-t", title]
    return [*command, "--", str(pdf)]


def send_to_cups(pdf: Path, *, queue: str = "", title: str = "", timeout: float = 10) -> str:
    """Queue the PDF; returns lp's answer (the job id line) or raises PrinterError."""
    command = lp_command(pdf, queue=queue, title=title)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        raise PrinterError(f"`lp` gave no answer within {timeout:g} s") from None
    except OSError as exc:
        raise PrinterError(f"`lp` could not run: {exc.strerror}") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise PrinterError(f"`lp` failed (exit {done.returncode})"
                           + (f": {said[0]}" if said else ""))
    return done.stdout.strip()


def queue_known(queue: str, *, timeout: float = 5) -> tuple[bool, str]:
    """Ask `lpstat` whether the queue (or, when empty, a default printer) exists."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return False, "`lpstat` is missing (install cups-client)"
    command = [lpstat, "-p", queue] if queue else [lpstat, "-d"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except (subprocess.TimeoutExpired, OSError) as exc:
        return False, f"`lpstat` did not answer ({type(exc).__name__})"
    out = (done.stdout or done.stderr).strip()
    if done.returncode != 0 or (not queue and "no system default" in out.lower()):
        return False, out.splitlines()[0] if out else f"lpstat exit {done.returncode}"
    return True, out.splitlines()[0] if out else "known"
