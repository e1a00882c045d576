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

from kiosk.config.deployment import AnswerSettings, EscalationTier, PhoneTarget
from kiosk.helpcall.states import PatientCallState
from kiosk.helpcall.tablet import TabletHelpCall
from kiosk.paging.web import AnswerServer
from kiosk.wire.broker import free_port
from kiosk.wire.protocol import CallKind
from tests.fixtures.broker import RunningBroker
from tests.fixtures.http_receiver import Receiver
from tests.fixtures.http_receiver import receiver as receiver
from tests.helpcall.support import FAST, unique_site, wait_until
from tests.paging.rig import PagingStation, deployment

from .stand_in import OneCall

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
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


def screenshot(driver: webdriver.Chrome, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG).save(
        folder / name, optimize=True
    )


def test_a_nurse_opens_the_call_on_a_phone_and_takes_it(
    phone: webdriver.Chrome, server: AnswerServer, call: OneCall, docs_shots: Path
) -> None:
    """The page as a phone shows it, its button pressed (a stand-in call, so the picture is the same
    every time: a 1:05 wait, a desk to call)."""
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
    screenshot(phone, docs_shots, "phone-call.png")

    button.click()
    wait_for_words(phone, "You have it")

    assert call.taken_by == "Phone A"
    screenshot(phone, docs_shots, "phone-answer.png")


def test_a_page_answered_in_the_browser_tells_the_patient_a_nurse_is_on_the_way(
    request: pytest.FixtureRequest,
    phone: webdriver.Chrome,
    mosquitto: RunningBroker,
    receiver: Receiver,
    tmp_path: Path,
) -> None:
    """Every part real: a console's core, pager and desk, a tablet, Apprise to a receiver standing in
    for ntfy, and the link in the page opened and pressed in Chromium."""
    site, port = unique_site(), free_port()
    answers = AnswerSettings(link=f"http://127.0.0.1:{port}", listen=f"127.0.0.1:{port}")
    charge = PhoneTarget(name="charge", url=f"ntfy://127.0.0.1:{receiver.port}/charge", tags=["floor"])
    settings = deployment(
        site, "desk", (charge,), (EscalationTier(after_seconds=0, notify=["floor"]),), answers=answers
    )
    station = PagingStation.start(settings, tmp_path / "desk", mosquitto.url)
    request.addfinalizer(station.stop)
    server = AnswerServer(answers.listen, station.desk)
    server.start()
    request.addfinalizer(server.stop)
    tablet = TabletHelpCall("3", tmp_path / "tablet", mosquitto.url, site=site, timing=FAST)
    tablet.start()
    request.addfinalizer(tablet.stop)
    wait_until(lambda: tablet.snapshot().station_online, "the tablet hears the console")

    tablet.press(CallKind.NOW)
    receiver.posts.wait_for(lambda post: "X-Click" in post[1], "the page to the phone")
    phone.get(receiver.posts.seen[0][1]["X-Click"])
    assert "Recovery 3" in phone.find_element(By.TAG_NAME, "main").text
    phone.find_element(By.TAG_NAME, "button").click()
    wait_for_words(phone, "You have it")

    wait_until(
        lambda: tablet.snapshot().state is PatientCallState.ON_WAY, "the tablet says a nurse is on the way"
    )
    answered = station.core.snapshot().calls[0]
    assert answered.acknowledged_by == "phone:charge"


def wait_for_words(phone: webdriver.Chrome, words: str) -> None:
    # while the old page gives way to the new one, chromedriver may lose the node it was asked about
    WebDriverWait(phone, 10, ignored_exceptions=(WebDriverException,)).until(
        text_to_be_present_in_element((By.TAG_NAME, "main"), words)
    )
