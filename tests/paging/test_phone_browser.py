"""The call's page in a real browser at a phone's size: Debian's headless Chromium, pressed as a nurse would."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import text_to_be_present_in_element
from selenium.webdriver.support.wait import WebDriverWait

from kiosk.paging.web import AnswerServer

from .stand_in import OneCall

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844, "pixelRatio": 1}
MM_IN_CSS_PX = 96 / 25.4

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()) and os.environ.get("CI") != "true":
    pytest.skip(
        "Debian's chromium and chromium-driver are not installed (CI installs them from .ci/apt-packages)",
        allow_module_level=True,
    )


@pytest.fixture
def phone() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    with tempfile.TemporaryDirectory(prefix="lantern-chromium-") as profile:
        for flag in (
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
        ):
            options.add_argument(flag)
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE})
        driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
        try:
            yield driver
        finally:
            driver.quit()


def screenshot(driver: webdriver.Chrome, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG).save(
        SCREENSHOTS / name, optimize=True
    )


def test_a_nurse_opens_the_call_on_a_phone_and_takes_it(
    phone: webdriver.Chrome, server: AnswerServer, call: OneCall
) -> None:
    call.desk_phone = "+15550100"
    phone.get(f"http://127.0.0.1:{server.port}/c/{call.token('Phone A')}")

    button = phone.find_element(By.TAG_NAME, "button")
    assert button.text == "On my way"
    assert button.value_of_css_property("background-color") == "rgba(23, 50, 77, 1)", (
        "the CSP let the style in"
    )
    assert button.size["height"] >= 12 * MM_IN_CSS_PX
    assert phone.execute_script("return document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.find_element(By.CSS_SELECTOR, "a.desk").get_attribute("href") == "tel:+15550100"
    assert call.taken_by is None
    screenshot(phone, "phone-call.png")

    button.click()
    # while the old page gives way to the new one, chromedriver may lose the node it was asked about
    WebDriverWait(phone, 10, ignored_exceptions=(WebDriverException,)).until(
        text_to_be_present_in_element((By.TAG_NAME, "main"), "You have it")
    )

    assert call.taken_by == "Phone A"
    assert "Recovery 3 sees that a nurse is on the way." in phone.find_element(By.TAG_NAME, "main").text
    assert phone.find_elements(By.TAG_NAME, "button") == []
    screenshot(phone, "phone-answer.png")
