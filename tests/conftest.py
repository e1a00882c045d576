"""Every test runs headless: Qt's offscreen platform and the software Qt Quick renderer, set before Qt loads."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["QT_QUICK_BACKEND"] = "software"
os.environ.setdefault("QT_TEXTTOSPEECH_ENGINE", "mock")

pytest_plugins = [
    "tests.fixtures.broker",
    "tests.fixtures.rabbitmq",
    "tests.fixtures.brokers",
    "tests.fixtures.docs_shots",
]
