"""Debian's chromium driven by selenium, headless, for the staff pages.

`.ci/run` installs chromium and chromium-driver and sets KIOSK_TEST_BROWSER=1: then a
missing browser fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--lang=id", "--window-size=1280,900")


def browser_or_skip() -> None:
    missing = [p for p in (CHROMIUM, DRIVER) if not shutil.which(p)]
    if missing:
        if os.environ.get("KIOSK_TEST_BROWSER"):
            pytest.fail(f"KIOSK_TEST_BROWSER is set but {missing} are missing")
        pytest.skip(f"no {missing}: apt-get install chromium chromium-driver (.ci/run does)")


@contextmanager
def chromium(profile: Path, *, width: int = 1280, height: int = 900):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()
