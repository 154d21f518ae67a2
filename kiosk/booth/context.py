"""What a CLI command or the UI needs from one data folder, opened lazily and once."""

from __future__ import annotations

from functools import cached_property

from kiosk.event.catalogue import Catalogue, load_catalogue
from kiosk.event.config import Config, load_or_create
from kiosk.paths import DataDir
from kiosk.records.store import Store


class KioskContext:
    def __init__(self, data: DataDir) -> None:
        self.data = data

    @cached_property
    def config(self) -> Config:
        self.data.ensure()
        return load_or_create(self.data.config)

    @cached_property
    def catalogue(self) -> Catalogue:
        return load_catalogue()

    @cached_property
    def store(self) -> Store:
        self.data.ensure()
        return Store(self.data.database)
