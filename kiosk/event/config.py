"""The kiosk's TOML configuration: loading, checking every key, and the demo default."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.paths import resources_dir
from kiosk.textfile import read_text

SERVICE_CODES = ("NEW", "RENEW", "LOST", "DAMAGED", "COMPLAINT", "INFO")
PRINTER_BACKENDS = ("pdf", "escpos", "cups")
ESCPOS_CONNECTIONS = ("usb", "network", "serial", "file")
LANGUAGES = ("id", "en")
# kiosk.exit_pin as first-run set-up writes it (kiosk/officer/pins.py hash_pin).
PIN_HASH = re.compile(r"scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*")


class ConfigError(KioskError):
    """A config file that cannot be used: `path`, the `setting` (a dotted key such as
    ``event.kiosks``) and its `line` where known, and `problem` (English) saying what to do."""

    key = "config.invalid"

    def __init__(self, path: Path, problem: str, *, setting: str | None = None,
                 line: int | None = None) -> None:
        self.path, self.setting, self.line, self.problem = path, setting, line, problem
        where = f"{path}"
        if line:
            where += f", line {line}"
        what = f"key '{setting}': " if setting else ""
        super().__init__(where=where, problem=what + problem)


@dataclass(frozen=True)
class EventConfig:
    code: str
    office: str
    name: str
    venue: str
    timezone: str
    kiosks: int
    services_on_site: tuple[str, ...]
    pickup_place: str
    pickup_working_days: int
    complaint_answer_working_days: int
    closed_days: tuple[dt.date, ...]
    central_public_key: str

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def is_on_site(self, service: str) -> bool:
        return service in self.services_on_site


@dataclass(frozen=True)
class KioskConfig:
    number: int
    language: str
    fullscreen: bool
    hide_cursor: bool
    idle_seconds: int
    countdown_seconds: int
    exit_pin: str
    officer_idle_seconds: int = 120


@dataclass(frozen=True)
class EscposConfig:
    connection: str
    profile: str
    usb_vendor: int
    usb_product: int
    host: str
    port: int
    serial_device: str
    baudrate: int
    file: str


@dataclass(frozen=True)
class PrinterConfig:
    backend: str
    paper_mm: int
    pdf_dir: str
    timeout_seconds: int
    escpos: EscposConfig
    cups_queue: str


@dataclass(frozen=True)
class Config:
    event: EventConfig
    kiosk: KioskConfig
    minutes_per_service: dict[str, int]
    printer: PrinterConfig
    retention_days: int
    known_keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None


def default_config_text() -> str:
    """The demo event's configuration, as written on first use."""
    return read_text(resources_dir() / "kiosk.default.toml")


def load_or_create(path: Path) -> Config:
    """Read `path`; on first use write the demo configuration there first."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(default_config_text(), encoding="utf-8")
    return load(path)


def load(path: Path) -> Config:
    """Read and check a config file; raise ConfigError naming the key and line."""
    try:
        text = read_text(path)
    except OSError as exc:
        raise ConfigError(path, f"cannot read the file ({exc.strerror}).") from None
    except ValueError as exc:
        raise ConfigError(path, f"the file is {exc}") from None
    return parse(text, path=path)


def parse(text: str, *, path: Path = Path("kiosk.toml")) -> Config:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(path, f"not valid TOML ({exc}).",
                          line=int(m.group(1)) if m else None) from None
    defaults = tomllib.loads(default_config_text())
    return _Checker(raw, defaults, text, path).build()


class _Checker:
    """Walks the raw TOML with the demo file as schema: same keys, same types."""

    def __init__(self, raw: dict, defaults: dict, text: str, path: Path) -> None:
        self.raw, self.defaults, self.text, self.path = raw, defaults, text, path

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.path, message, setting=key, line=_line_of(self.text, key))

    def get(self, key: str, kind: type | tuple[type, ...]) -> Any:
        parts = key.split(".")
        default: Any = self.defaults
        for part in parts:
            default = default[part]
        node: Any = self.raw
        for part in parts:
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        expected = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(node, bool) and bool not in expected:
            raise self.fail(key, f"expected {_kind_name(kind)}, found true/false.")
        if not isinstance(node, expected):
            raise self.fail(key, f"expected {_kind_name(kind)}, found {_kind_name(type(node))}.")
        return node

    def positive(self, key: str, *, minimum: int = 1, maximum: int = 10**6) -> int:
        value = self.get(key, int)
        if not minimum <= value <= maximum:
            raise self.fail(key, f"must be between {minimum} and {maximum}.")
        return value

    def choice(self, key: str, choices: tuple[str, ...]) -> str:
        value = self.get(key, str)
        if value not in choices:
            raise self.fail(key, f"must be one of {', '.join(choices)}; found '{value}'.")
        return value

    def build(self) -> Config:
        self._unknown_keys(self.raw, self.defaults, "")
        tz = self.get("event.timezone", str)
        try:
            zoneinfo.ZoneInfo(tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise self.fail("event.timezone",
                            f"unknown time zone '{tz}' (for Gorontalo: Asia/Makassar).") from None
        services = self.get("event.services_on_site", list)
        for s in services:
            if s not in SERVICE_CODES:
                raise self.fail("event.services_on_site",
                                f"unknown service '{s}'; known: {', '.join(SERVICE_CODES)}.")
        closed = []
        for d in self.get("event.closed_days", list):
            if not isinstance(d, dt.date) or isinstance(d, dt.datetime):
                raise self.fail("event.closed_days", "dates are written 2025-12-24, no quotes.")
            closed.append(d)
        kiosks = self.positive("event.kiosks", maximum=9)
        number = self.positive("kiosk.number", maximum=9)
        if number > kiosks:
            raise self.fail("kiosk.number", f"is {number} but the event has {kiosks} kiosk(s).")
        pin = self.get("kiosk.exit_pin", str)
        if pin and not re.fullmatch(r"\d{4,8}", pin) and not PIN_HASH.fullmatch(pin):
            raise self.fail("kiosk.exit_pin", "must be empty (then choose the kiosk PIN at "
                            "first-run set-up or with `kiosk officer kiosk-pin`), 4 to 8 "
                            "digits in quotes, or the scrypt$... hash those write.")
        minutes = dict(self.defaults["queue"]["minutes_per_service"])
        given = self.get("queue.minutes_per_service", dict)
        for code, value in given.items():
            key = "queue.minutes_per_service"
            if code not in SERVICE_CODES:
                raise self.fail(key, f"unknown service '{code}'.")
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 240:
                raise self.fail(key, f"minutes for {code} must be a whole number 1 to 240.")
            minutes[code] = value
        known = self.get("keys.known", dict)
        for kid, pub in known.items():
            if not isinstance(pub, str):
                raise self.fail("keys.known", f"the key of kiosk '{kid}' must be a string.")
        paper = self.get("printer.paper_mm", int)
        if paper not in (58, 80):
            raise self.fail("printer.paper_mm", "must be 58 or 80.")
        return Config(
            event=EventConfig(
                code=self.get("event.code", str),
                office=self.get("event.office", str),
                name=self.get("event.name", str),
                venue=self.get("event.venue", str),
                timezone=tz,
                kiosks=kiosks,
                services_on_site=tuple(services),
                pickup_place=self.get("event.pickup_place", str),
                pickup_working_days=self.positive("event.pickup_working_days", maximum=60),
                complaint_answer_working_days=self.positive(
                    "event.complaint_answer_working_days", maximum=60),
                closed_days=tuple(closed),
                central_public_key=self.get("event.central_public_key", str),
            ),
            kiosk=KioskConfig(
                number=number,
                language=self.choice("kiosk.language", LANGUAGES),
                fullscreen=self.get("kiosk.fullscreen", bool),
                hide_cursor=self.get("kiosk.hide_cursor", bool),
                idle_seconds=self.positive("kiosk.idle_seconds", minimum=10, maximum=3600),
                countdown_seconds=self.positive("kiosk.countdown_seconds", minimum=3,
                                                maximum=120),
                exit_pin=pin,
                officer_idle_seconds=self.positive("kiosk.officer_idle_seconds", minimum=30,
                                                   maximum=3600),
            ),
            minutes_per_service=minutes,
            printer=PrinterConfig(
                backend=self.choice("printer.backend", PRINTER_BACKENDS),
                paper_mm=paper,
                pdf_dir=self.get("printer.pdf_dir", str),
                timeout_seconds=self.positive("printer.timeout_seconds", maximum=300),
                escpos=EscposConfig(
                    connection=self.choice("printer.escpos.connection", ESCPOS_CONNECTIONS),
                    profile=self.get("printer.escpos.profile", str),
                    usb_vendor=self.get("printer.escpos.usb_vendor", int),
                    usb_product=self.get("printer.escpos.usb_product", int),
                    host=self.get("printer.escpos.host", str),
                    port=self.positive("printer.escpos.port", maximum=65535),
                    serial_device=self.get("printer.escpos.serial_device", str),
                    baudrate=self.positive("printer.escpos.baudrate", maximum=10**7),
                    file=self.get("printer.escpos.file", str),
                ),
                cups_queue=self.get("printer.cups.queue", str),
            ),
            retention_days=self.positive("retention.personal_data_days", maximum=3650),
            known_keys=dict(known),
            path=self.path,
        )

    def _unknown_keys(self, raw: dict, defaults: dict, prefix: str) -> None:
        free = {"queue.minutes_per_service", "keys.known"}
        for key, value in raw.items():
            full = f"{prefix}{key}"
            if key not in defaults:
                raise self.fail(full, "unknown key (misspelt? see docs/configuration.md).")
            if full in free:
                continue
            if isinstance(defaults[key], dict):
                if not isinstance(value, dict):
                    raise self.fail(full, "expected a [section].")
                self._unknown_keys(value, defaults[key], full + ".")


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text in quotes", int: "a whole number", bool: "true or false",
             list: "a list [..]", dict: "a table {..}", float: "a whole number"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _line_of(text: str, dotted: str) -> int | None:
    """Best-effort line number of a dotted key in TOML text (sections, then the key)."""
    parts = dotted.split(".")
    lines = text.splitlines()
    section: list[str] = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        header = re.fullmatch(r"\[([A-Za-z0-9_.\-\s]+)\]", stripped)
        if header:
            section = [p.strip() for p in header.group(1).split(".")]
            if section == parts:
                return number
            continue
        m = re.match(r"([A-Za-z0-9_.\-\"]+)\s*=", stripped)
        if m:
            key = [p.strip('"') for p in m.group(1).split(".")]
            if section + key == parts:
                return number
    return None
