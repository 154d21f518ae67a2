"""The staff pages in a real browser (Debian's chromium, selenium), as a person uses them."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from kiosk.central.app import create_app
from kiosk.central.staff import add_staff
from tests.helpers.browser import browser_or_skip, chromium
from tests.helpers.central import DAY1, enroll, ingest_file
from tests.helpers.live import serving

PASSWORD = "correct horse battery"


@pytest.fixture
def desk(sites, office, tmp_path):
    browser_or_skip()
    (site,) = sites(1)
    enroll(office, site)
    log = site.rehearse(DAY1, arrivals=40)
    ingest_file(office, site.export(DAY1, tmp_path / "stick"))
    with office.db.write() as conn:
        for name, role in (("ani", "administrator"), ("rina", "complaints_officer"),
                           ("budi", "counter")):
            add_staff(conn, username=name, display_name=name.title(), role=role,
                      password=PASSWORD, now=office.now(), actor="cli:test")
    with serving(create_app(office)) as url, chromium(tmp_path / "profile") as driver:
        yield url, driver, log


def sign_in(driver, url, user):
    driver.get(url + "/")
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    assert driver.find_element(By.CSS_SELECTOR, "form.who span").text.startswith(user.title())


def sign_out(driver):
    driver.find_element(By.CSS_SELECTOR, "form.who button").click()
    assert driver.find_element(By.ID, "username")


def click_link(driver, text):
    driver.find_element(By.LINK_TEXT, text).click()


def test_pickup_answer_audit_and_a_hidden_identity(desk):
    """Sign in, find an applicant on the day's pick-up list, answer a complaint, see the
    audit entry; counter staff cannot open a confidential complaint's identity."""
    url, driver, log = desk
    sign_in(driver, url, "rina")
    click_link(driver, "Daftar pengambilan")
    for _ in range(4):                                   # Thu 24 Oct -> Mon 28 Oct 2019
        driver.find_element(By.PARTIAL_LINK_TEXT, "Hari berikutnya").click()
    assert "Senin, 28 Oktober 2019" in driver.find_element(By.TAG_NAME, "h1").text
    names = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "tbody tr td:nth-child(2)")]
    assert names and set(names) <= {n.upper() for n in log.names}

    click_link(driver, "Pengaduan")
    first = driver.find_element(By.CSS_SELECTOR, "tbody td.code a")
    tracking = first.text
    first.click()
    driver.find_element(By.ID, "answer").send_keys("Terima kasih, petugas loket sudah ditegur.")
    driver.find_element(By.XPATH, "//button[contains(., 'tandai dijawab')]").click()
    assert "Tersimpan." in driver.find_element(By.CSS_SELECTOR, "p.ok").text
    assert driver.find_element(By.CSS_SELECTOR, "h1 .status").text == "dijawab"
    sign_out(driver)

    sign_in(driver, url, "ani")
    click_link(driver, "Log audit")
    rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert any("rina" in r and "menulis jawaban" in r and tracking in r for r in rows)
    assert any("rina" in r and "mengubah status" in r and "diterima → dijawab" in r for r in rows)
    sign_out(driver)

    sign_in(driver, url, "budi")
    click_link(driver, "Pengaduan")
    rows = driver.find_elements(By.CSS_SELECTOR, "tbody tr")
    secret = next(r for r in rows if "Rahasia" in r.text)
    secret.find_element(By.CSS_SELECTOR, "td.code a").click()
    body = driver.find_element(By.TAG_NAME, "main").text
    assert "identitas hanya ditampilkan kepada petugas pengaduan" in body
    assert not any(n.upper() in body.upper() for n in log.names)
    assert not driver.find_elements(By.ID, "answer")          # and cannot answer
