"""A networked relay on the tablet's broker, through a login of its own (`<room>-relay`, the same
password as the tablet's), so the relay's traffic never shares a session with the help call and the
broker's ACL can allow that login exactly its own relay's topics (deploy/mosquitto/lantern.acl)."""

from __future__ import annotations

import logging
from dataclasses import replace

from kiosk.relay.devices import RelayDevice
from kiosk.relay.driver import Heard, RelayError
from kiosk.wire.broker_url import BrokerAddress, BrokerUrl, broker_list
from kiosk.wire.quietlog import QuietLog
from kiosk.wire.transport import MqttTransport, Outgoing

log = logging.getLogger(__name__)

LOGIN_SUFFIX = "-relay"


def relay_login(address: BrokerAddress) -> tuple[BrokerUrl, ...]:
    """The same password under the tablet's relay user name (`12` -> `12-relay`), at every node."""
    return tuple(
        broker if broker.username is None else replace(broker, username=broker.username + LOGIN_SUFFIX)
        for broker in broker_list(address)
    )


def relay_topic(address: BrokerAddress, room: str) -> str:
    """The device topic a relay has unless the settings say otherwise: the relay login's user name
    (`12-relay`, or `clinicA-12-relay` on RabbitMQ, where logins carry the site), so the broker's
    permissions tie the device to the room; `<room>-relay` when the broker takes no login."""
    username = broker_list(address)[0].username
    return (username if username is not None else room) + LOGIN_SUFFIX


class MqttRelay:
    def __init__(self, broker: BrokerAddress, device: RelayDevice, client_id: str) -> None:
        self._device = device
        self._heard: Heard = lambda _closed: None
        self._rejects = QuietLog(log)
        self._transport = MqttTransport(
            relay_login(broker),
            client_id,
            subscriptions=device.status_topics,
            on_message=self._on_message,
            on_link=self._on_link,
            persistent_session=False,
        )

    def start(self, heard: Heard) -> None:
        self._heard = heard
        self._transport.start()

    def set(self, closed: bool) -> None:
        topic, payload = self._device.command(closed)
        if not self._transport.publish(Outgoing(topic, payload)):
            raise RelayError(f"no link to the broker for {topic}")

    def stop(self) -> None:
        self._transport.stop()

    def _on_message(self, topic: str, payload: bytes) -> None:
        """paho's thread: the device's own word, parsed strictly; anything else is logged once."""
        state = self._device.state(topic, payload)
        if state is None:
            self._rejects.warning(topic, "Ignored a message from the relay on %s that says no state", topic)
            return
        self._heard(state)

    def _on_link(self, connected: bool, problem: str | None) -> None:
        if not connected and problem:
            log.warning("The relay's broker link: %s", problem)
