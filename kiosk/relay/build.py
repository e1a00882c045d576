"""The room's relay as `[kiosk.relay]` describes it, ready to start."""

from __future__ import annotations

from kiosk.config.deployment import RelaySettings
from kiosk.relay.devices import RelayDevice, ShellyRpc, Tasmota
from kiosk.relay.driver import RelayDriver
from kiosk.relay.gpio import GpioRelay
from kiosk.relay.mqtt import MqttRelay, relay_topic
from kiosk.relay.runner import RelayRunner
from kiosk.wire.broker_url import BrokerAddress
from kiosk.wire.protocol import CallKind


def relay_kinds(settings: RelaySettings) -> frozenset[CallKind]:
    return frozenset(CallKind(kind) for kind in settings.kinds)


def build_relay(settings: RelaySettings, room: str, site: str, broker: BrokerAddress) -> RelayRunner:
    """A GPIO relay on this tablet, or a networked one on the tablet's broker."""
    driver: RelayDriver
    if settings.driver == "gpio":
        if settings.line is None:
            raise ValueError("a GPIO relay needs `line` in [kiosk.relay]")
        driver = GpioRelay(settings.chip, settings.line, active_low=settings.active_low)
    else:
        topic = settings.topic or relay_topic(broker, room)
        device: RelayDevice = (
            Tasmota(topic, settings.relay or 1)
            if settings.flavour == "tasmota"
            else ShellyRpc(topic, settings.relay or 0)
        )
        driver = MqttRelay(broker, device, f"lantern-relay-{site}-{room}")
    return RelayRunner(driver, confirm_s=settings.confirm_seconds, reassert_s=settings.reassert_seconds)
